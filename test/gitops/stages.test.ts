import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildTaskApiStage, DEV, PROD, taskApiStages } from '../../app/stages';
import {
  DaprApp, DaprComponent, defineStages, imageName, LocalEnvSecretStore, LocalFileSecretStore, LogLevel, renderStage, renderStages, StageProblems, StageSet, stageObjects, synthesizeStages,
  UnknownStageError,
} from '../../lib';
import { messageOf as thrown } from '../support/errors';
import { readTree } from '../support/project-copy';
import { tempDir } from '../secrets/sealed/support/sealed';

const REPO = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO, 'dist');

function objectsOf(settings = DEV): any[] {
  return stageObjects(renderStage({ name: settings.name, namespace: settings.namespace, production: settings.production, build: () => buildTaskApiStage(settings) }));
}

/** A small stage whose app loads `store` (a development-only store when asked). */
function storeStage(production: boolean, kind: 'file' | 'env' | 'none', extra: { logLevel?: LogLevel; image?: string } = {}) {
  return {
    name: production ? 'prod' : 'dev',
    namespace: 'shop',
    production,
    build: () => {
      const app = new App();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const components = kind === 'file' ? [new LocalFileSecretStore(chart, 'local-file', { secretsFile: '/run/secrets.json' })]
        : kind === 'env' ? [new LocalEnvSecretStore(chart, 'local-env', {})] : [];
      new DaprApp(chart, 'orders', { appId: 'orders', image: extra.image ?? 'orders:1.2.0', components, logLevel: extra.logLevel });
      return app;
    },
  };
}

describe('StageSet', () => {
  test('selects stages by name in definition order; none selects every stage', () => {
    const set = taskApiStages();
    expect(set.names).toEqual(['dev', 'prod']);
    expect(set.select().map((s) => s.name)).toEqual(['dev', 'prod']);
    expect(set.select(['prod']).map((s) => s.name)).toEqual(['prod']);
    expect(set.select(['prod', 'dev']).map((s) => s.name)).toEqual(['dev', 'prod']);
    expect(StageSet.isStageSet(set)).toBe(true);
    expect(StageSet.isStageSet({ stages: [] })).toBe(false);
  });

  test('an unknown stage is an error listing the known ones', () => {
    const set = taskApiStages();
    expect(() => set.select(['staging'])).toThrow(UnknownStageError);
    expect(thrown(() => set.select(['staging', 'dev']))).toBe('unknown stage "staging"; known stages: dev, prod');
  });

  test('stage names are DNS labels, defined once; namespaces are DNS labels', () => {
    const build = () => new App();
    expect(thrown(() => defineStages({ name: 'Prod', namespace: 'a', build }))).toContain('must be a DNS-1123 label');
    expect(thrown(() => defineStages({ name: 'dev', namespace: 'a', build }, { name: 'dev', namespace: 'b', build }))).toContain('"dev" is defined twice');
    expect(thrown(() => defineStages({ name: 'dev', namespace: 'A_B', build }))).toContain('[stages/dev] namespace');
    expect(thrown(() => defineStages())).toContain('at least one stage');
  });

  test('images by tag or by sha256 digest', () => {
    expect(imageName({ repository: 'ghcr.io/acme/task-api', tag: '1.2.3' })).toBe('ghcr.io/acme/task-api:1.2.3');
    const digest = `sha256:${'ab'.repeat(32)}`;
    expect(imageName({ repository: 'registry.local:5000/task-api', digest })).toBe(`registry.local:5000/task-api@${digest}`);
    expect(thrown(() => imageName({ repository: 'task-api', digest: 'sha256:xyz' }))).toContain('image.digest');
    expect(thrown(() => imageName({ repository: 'task-api:1.0', tag: '2' }))).toContain('image.repository');
    expect(thrown(() => imageName({ repository: 'task-api', tag: 'a b' }))).toContain('image.tag');
  });
});

describe('the reference stages', () => {
  test('each stage applies its typed settings: namespace, replicas, image, Redis host, Kafka brokers, log level, delivery', () => {
    for (const s of [DEV, PROD]) {
      const objects = objectsOf(s);
      const deployment = objects.find((o) => o.kind === 'Deployment');
      expect(deployment.metadata.namespace).toBe(s.namespace);
      expect(deployment.spec.replicas).toBe(s.replicas);
      expect(deployment.spec.template.spec.containers[0].image).toBe(imageName(s.image));
      expect(deployment.spec.template.metadata.annotations['dapr.io/log-level']).toBe(s.logLevel);
      const meta = (name: string) => objects.find((o) => o.kind === 'Component' && o.metadata.name === name).spec.metadata;
      expect(meta('statestore')).toContainEqual({ name: 'redisHost', value: s.redisHost });
      expect(meta('kafka-pubsub')).toContainEqual({ name: 'brokers', value: s.kafkaBrokers.join(',') });
      const sealed = objects.filter((o) => o.kind === 'SealedSecret').map((o) => o.metadata.name).sort();
      expect(sealed).toEqual(Object.entries(s.delivery).filter(([, d]) => d === 'sealed').map(([n]) => n).sort());
      expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual([s.namespace]);
      expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === s.namespace)).toBe(true);
    }
    expect(DEV.production).toBe(false);
    expect(PROD.production).toBe(true);
  });

  test('dev ships create-secrets.sh for its namespace, prod ships none; both have a Namespace, a kustomization and ACCESS.md', () => {
    const files = renderStages(taskApiStages().stages).map((f) => f.path);
    expect(files).toEqual([
      'dev/ACCESS.md', 'dev/create-secrets.sh', 'dev/kustomization.yaml', 'dev/namespace.k8s.yaml', 'dev/task-api.k8s.yaml',
      'prod/ACCESS.md', 'prod/kustomization.yaml', 'prod/namespace.k8s.yaml', 'prod/task-api.k8s.yaml',
    ]);
    const script = fs.readFileSync(path.join(DIST, 'dev', 'create-secrets.sh'), 'utf8');
    expect(script).toContain('--namespace task-api-dev');
    for (const stage of ['dev', 'prod']) {
      const k = parseAllDocuments(fs.readFileSync(path.join(DIST, stage, 'kustomization.yaml'), 'utf8'))[0].toJS();
      expect(k.resources).toEqual(['namespace.k8s.yaml', 'task-api.k8s.yaml']);
    }
  });

  test.each(['dev', 'prod'])('kubectl kustomize dist/%s builds every object of the stage', (stage) => {
    const run = spawnSync('kubectl', ['kustomize', path.join(DIST, stage)], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const built = parseAllDocuments(run.stdout).map((d) => d.toJS());
    const committed = ['namespace.k8s.yaml', 'task-api.k8s.yaml'].flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(DIST, stage, f), 'utf8')).map((d) => d.toJS()));
    const id = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    expect(built.map(id).sort()).toEqual(committed.map(id).sort());
    expect(built.find((o) => o.kind === 'Namespace').metadata.name).toBe(stage === 'dev' ? DEV.namespace : PROD.namespace);
  });
});

describe('production stages', () => {
  test('refuse the development-only stores, naming the construct, the field and the fix', () => {
    for (const kind of ['file', 'env'] as const) {
      const message = thrown(() => renderStage(storeStage(true, kind)));
      expect(message).toContain('stage prod:');
      expect(message).toContain(`[shop/local-${kind}] spec.type: secretstores.local.${kind} is a development-only secret store`);
      expect(message).toContain('Fix: in a production stage use secretstores.kubernetes');
      expect(() => renderStage(storeStage(false, kind))).not.toThrow();
    }
  });

  test('refuse debug logs and moving image tags, listing every problem at once', () => {
    const message = thrown(() => renderStage(storeStage(true, 'file', { logLevel: LogLevel.DEBUG, image: 'orders:latest' })));
    expect(message).toContain('secretstores.local.file is a development-only secret store');
    expect(message).toContain('dapr.io/log-level]: "debug" is a development setting');
    expect(message).toContain('containers[app].image: "orders:latest" is a moving tag');
    expect(thrown(() => renderStage(storeStage(true, 'none', { image: 'orders' })))).toContain('"orders" is a moving tag');
    expect(() => renderStage(storeStage(true, 'none'))).not.toThrow();
    expect(() => renderStage(storeStage(false, 'none', { logLevel: LogLevel.DEBUG, image: 'orders:latest' }))).not.toThrow();
  });

  test('refuse in-memory state and pub/sub, the echo conversation component and the sidecar debugger', () => {
    const stage = (production: boolean) => ({
      name: production ? 'prod' : 'dev',
      namespace: 'shop',
      production,
      build: () => {
        const app = new App();
        const chart = new Chart(app, 'shop', { namespace: 'shop' });
        const components = [
          new DaprComponent(chart, 'cache', { type: 'state.in-memory' }),
          new DaprComponent(chart, 'events', { type: 'pubsub.in-memory' }),
          new DaprComponent(chart, 'llm', { type: 'conversation.echo' }),
        ];
        new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1.2.0', components, annotations: { 'dapr.io/enable-debug': 'true' } });
        return app;
      },
    });
    const message = thrown(() => renderStage(stage(true)));
    expect(message).toContain('[shop/cache] spec.type: state.in-memory keeps state in the memory of one sidecar');
    expect(message).toContain('Fix: use a durable state store such as state.redis or state.postgresql in a production stage');
    expect(message).toContain('[shop/events] spec.type: pubsub.in-memory delivers messages only inside one sidecar');
    expect(message).toContain('[shop/llm] spec.type: conversation.echo is a test component');
    expect(message).toContain('annotations[dapr.io/enable-debug]: "true" runs the sidecar under the dlv debugger');
    expect(() => renderStage(stage(false))).not.toThrow();
  });

  test('the reference prod stage with dev settings is refused', () => {
    const debugProd = { ...PROD, logLevel: LogLevel.DEBUG };
    const message = thrown(() => renderStage({ name: 'prod', namespace: PROD.namespace, production: true, build: () => buildTaskApiStage(debugProd) }));
    expect(message).toContain('[task-api/task-api/Deployment]');
  });
});

describe('synthesizeStages', () => {
  test('every stage replaces the folder whole; --stage replaces only that stage folder; a failure leaves everything as it was', () => {
    const out = path.join(tempDir('stages-'), 'dist');
    const set = taskApiStages();
    synthesizeStages(set, { outdir: out });
    expect(readTree(out)).toEqual(readTree(DIST));
    fs.appendFileSync(path.join(out, 'dev', 'ACCESS.md'), 'edited\n');
    fs.rmSync(path.join(out, 'prod'), { recursive: true });
    const written = synthesizeStages(set, { outdir: out, stages: ['prod'] });
    expect(written.stages).toEqual(['prod']);
    expect(readTree(path.join(out, 'prod'))).toEqual(readTree(path.join(DIST, 'prod')));
    expect(fs.readFileSync(path.join(out, 'dev', 'ACCESS.md'), 'utf8')).toMatch(/edited\n$/);

    const before = readTree(out);
    const broken = defineStages(...set.stages, { ...storeStage(true, 'file'), name: 'shop' }, { name: 'boom', namespace: 'x', build: () => { throw new Error('[boom/app] image: "" is empty. Fix: name an image'); } });
    const e = (() => { try { synthesizeStages(broken, { outdir: out }); } catch (x) { return x; } return undefined; })();
    expect(e).toBeInstanceOf(StageProblems);
    // Every failing stage is reported, not only the first.
    expect((e as StageProblems).problems.map((p) => p.stage)).toEqual(['shop', 'boom']);
    expect((e as Error).message).toContain('stage boom:\n  [boom/app] image: "" is empty. Fix: name an image');
    expect(readTree(out)).toEqual(before);
    expect(() => synthesizeStages(set, { outdir: out, stages: ['qa'] })).toThrow('known stages: dev, prod');
  });

  test('StageProblems keeps the errors its problems were read from, so their stacks can be shown', () => {
    const stop = new Error('[boom/app] image: "" is empty. Fix: name an image');
    const broken = defineStages(storeStage(true, 'file'), { name: 'boom', namespace: 'x', build: () => { throw stop; } }, { name: 'text', namespace: 'x', build: () => { throw 'not an Error'; } });
    const e = (() => { try { renderStages(broken.stages); } catch (x) { return x; } return undefined; })() as StageProblems;
    expect(e).toBeInstanceOf(StageProblems);
    expect(e.problems.map((p) => p.stage)).toEqual(['prod', 'boom', 'text']);
    // the production refusals are the library's own findings and have no error behind them
    expect(e.causes).toHaveLength(2);
    expect(e.causes[0]).toBe(stop);
    expect(e.causes[1].message).toBe('not an Error');
    expect(e.message).toContain('stage text:\n  not an Error');
  });

  test('a folder of stage folders is replaced only when synth wrote all of it', () => {
    const out = path.join(tempDir('stages-foreign-'), 'dist');
    synthesizeStages(taskApiStages(), { outdir: out });
    fs.writeFileSync(path.join(out, 'dev', 'notes.txt'), 'mine');
    expect(thrown(() => synthesizeStages(taskApiStages(), { outdir: out }))).toContain('it holds "dev/notes.txt", which synth did not write');
    expect(thrown(() => synthesizeStages(taskApiStages(), { outdir: out, stages: ['dev'] }))).toContain('"notes.txt", which synth did not write');
    expect(fs.readFileSync(path.join(out, 'dev', 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('an object outside the stage namespace is refused', () => {
    const message = thrown(() => renderStage({ name: 'dev', namespace: 'elsewhere', build: () => buildTaskApiStage(DEV) }));
    expect(message).toContain('metadata.namespace: "task-api-dev" is not the stage\'s namespace "elsewhere"');
  });
});
