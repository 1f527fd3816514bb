import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { buildTaskApiApp, TaskApiChart } from '../../app/task-api';
import {
  DaprApp, DeclaredSecret, OutOfBandDelivery, renderApp, SECRETS_FINGERPRINT_ANNOTATION, synthesize,
} from '../../lib';
import { _withPulumiRendering, PULUMI_CONFIG_DELIVERY_KIND, PulumiConfigDelivery, pulumiConfigKey } from '../../lib/secrets/pulumi-config-delivery';
import { findObject, synthErrors, testChart, VaultLikeStore } from '../support/chart';

const FIX = 'Fix: deploy with `pulumi up` (Pulumi.yaml, renderToPulumi), or choose SecretDelivery.outOfBand() for';

function pulumiTaskApi(): App {
  const app = new App();
  const delivery = new PulumiConfigDelivery();
  new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
  return app;
}

describe('PulumiConfigDelivery', () => {
  test('derives one readable config key per key: <secret name>.<key>', () => {
    const chart = testChart();
    const delivery = new PulumiConfigDelivery();
    const s = new DeclaredSecret(chart, 'api-credentials', { keys: ['api-key', 'api-secret'], delivery });
    expect(delivery.kind).toBe(PULUMI_CONFIG_DELIVERY_KIND);
    expect(delivery.createsKubernetesSecret).toBe(true);
    expect(delivery.configKeyFor(s, 'api-key')).toBe('api-credentials.api-key');
    expect(delivery.configKeyFor(s, 'api-secret')).toBe('api-credentials.api-secret');
    expect(pulumiConfigKey('redis-password', 'password')).toBe('redis-password.password');
    expect(delivery.qualifiedConfigKey(s, 'api-key', 'dapr-task-api')).toBe('dapr-task-api:api-credentials.api-key');
    expect(PulumiConfigDelivery.isPulumiConfigDelivery(delivery)).toBe(true);
    expect(PulumiConfigDelivery.isPulumiConfigDelivery(new OutOfBandDelivery())).toBe(false);
    expect(PulumiConfigDelivery.isPulumiConfigDelivery(undefined)).toBe(false);
  });

  test('config keys and the namespace can be overridden', () => {
    const chart = testChart();
    const delivery = new PulumiConfigDelivery({ configKeys: { password: 'redisPassword' }, configNamespace: 'shared' });
    const s = new DeclaredSecret(chart, 'redis', { keys: ['password', 'username'], delivery });
    expect(delivery.configKeyFor(s, 'password')).toBe('redisPassword');
    expect(delivery.configKeyFor(s, 'username')).toBe('redis.username');
    expect(delivery.qualifiedConfigKey(s, 'password', 'ignored-project')).toBe('shared:redisPassword');
  });

  test('overrides may only name declared keys, with valid config key names', () => {
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], delivery: new PulumiConfigDelivery({ configKeys: { pass: 'x' } }) }))
      .toThrow('[test/db] delivery.configKeys.pass: secret "db" declares no key "pass". Fix: name only declared keys (password)');
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], delivery: new PulumiConfigDelivery({ configKeys: { password: 'proj:db' } }) }))
      .toThrow('[test/db] delivery.configKeys.password: "proj:db" is not a Pulumi config key name. Fix: use letters, digits, "_", "-", "." and "/", without a "<namespace>:" prefix (set configNamespace for that)');
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], delivery: new PulumiConfigDelivery({ configKeys: { password: 'my key' } }) }))
      .toThrow('is not a Pulumi config key name');
    expect(() => new PulumiConfigDelivery({ configNamespace: 'a:b' }))
      .toThrow('configNamespace: "a:b" is not a Pulumi config namespace');
  });

  test('a store that does not read Kubernetes Secrets is refused', () => {
    const chart = testChart();
    expect(() => new DeclaredSecret(chart, 'db', { store: new VaultLikeStore(chart, 'vault'), keys: ['password'], delivery: new PulumiConfigDelivery() }))
      .toThrow('[test/db] delivery: Pulumi config delivery creates a Kubernetes Secret, but store "vault" does not read Kubernetes Secrets');
  });

  test('the same config key for two secrets is rejected (same name in two namespaces)', () => {
    const chart = testChart();
    const delivery = new PulumiConfigDelivery();
    new DeclaredSecret(chart, 'db', { keys: ['password'], delivery });
    new DeclaredSecret(chart, 'prod-db', { name: 'db', namespace: 'prod', keys: ['password'], delivery });
    const errors = _withPulumiRendering(chart, () => synthErrors(chart));
    expect(errors).toContain(
      '[test/prod-db] keys[password]: the Pulumi config key "db.password" would hold both this key and key "password" of test/db. '
      + "Fix: give one of them its own key with SecretDelivery.pulumiConfig({ configKeys: { 'password': 'other-name' } })",
    );
    expect(errors).not.toContain('[test/db] keys');
  });

  test('the fingerprint hashes names and config keys only: it differs from out-of-band and follows a renamed config key', () => {
    const fingerprint = (delivery: PulumiConfigDelivery | OutOfBandDelivery) => {
      const chart = testChart();
      const s = new DeclaredSecret(chart, 'db', { keys: ['password'], delivery });
      const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', secretReads: [s] });
      const deployment = findObject(_withPulumiRendering(chart, () => Testing.synth(chart)), 'Deployment', 'orders');
      return { secret: s.fingerprint, pods: deployment.spec.template.metadata.annotations[SECRETS_FINGERPRINT_ANNOTATION], app };
    };
    const a = fingerprint(new PulumiConfigDelivery());
    expect(a.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint(new PulumiConfigDelivery()).secret).toBe(a.secret);
    expect(fingerprint(new OutOfBandDelivery()).secret).not.toBe(a.secret);
    const renamed = fingerprint(new PulumiConfigDelivery({ configKeys: { password: 'dbPassword' } }));
    expect(renamed.secret).not.toBe(a.secret);
    expect(renamed.pods).not.toBe(a.pods);
  });

  test('the module sits with the other deliveries and loads neither Pulumi nor the renderer, so cdk8s-only programs can import it', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'secrets', 'pulumi-config-delivery.ts'), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => i.startsWith('@pulumi') || i.includes('pulumi/'))).toEqual([]);
  });
});

describe('in plain cdk8s synth', () => {
  test('renderApp refuses it with the secret, the construct path and the fix, for every such secret', () => {
    expect(() => renderApp(pulumiTaskApi())).toThrow(
      '[task-api/redis-password] delivery: secret "redis-password" takes its values from Pulumi config (pulumi-config delivery), which only the Pulumi renderer can read, '
      + `so cdk8s synth cannot create it and will not write a manifest without it. ${FIX} "redis-password" to synthesize with cdk8s`,
    );
    let message = '';
    try {
      renderApp(pulumiTaskApi());
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ['api-credentials', 'redis-password', 'notification-api', 'kafka-credentials']) expect(message).toContain(`[task-api/${name}] delivery: secret "${name}"`);
  });

  test('synthesize writes nothing: the previous output stays as it was', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pulumi-delivery-')), 'dist');
    synthesize(buildTaskApiApp(), { outdir: out });
    const before = fs.readdirSync(out).sort().map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]);
    expect(() => synthesize(pulumiTaskApi(), { outdir: out })).toThrow('takes its values from Pulumi config');
    expect(fs.readdirSync(out).sort().map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')])).toEqual(before);
  });

  test('app.synthYaml(), app.synth() and Testing.synth() refuse it too: never a manifest without its Secret', () => {
    expect(() => pulumiTaskApi().synthYaml()).toThrow('takes its values from Pulumi config');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulumi-delivery-'));
    const app = new App({ outdir });
    const delivery = new PulumiConfigDelivery();
    new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
    expect(() => app.synth()).toThrow('takes its values from Pulumi config');
    expect(fs.readdirSync(outdir)).toEqual([]);
    const chart = new Chart(Testing.app(), 'test');
    new DeclaredSecret(chart, 'db', { keys: ['password'], delivery: new PulumiConfigDelivery() });
    expect(synthErrors(chart)).toContain('[test/db] delivery: secret "db" takes its values from Pulumi config');
  });

  test('only the secrets that chose it are refused; the Pulumi renderer\'s synthesis is allowed, and only while it runs', () => {
    const app = new App();
    const delivery = new PulumiConfigDelivery();
    const chart = new TaskApiChart(app, 'task-api', { deliveryFor: (name) => (name === 'redis-password' ? delivery : undefined) });
    let message = '';
    try {
      chart.toJson();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('[task-api/redis-password] delivery');
    expect(message).not.toContain('api-credentials');
    expect(_withPulumiRendering(app, () => chart.toJson()).map((o: any) => `${o.kind}/${o.metadata.name}`)).toContain('Component/statestore');
    expect(() => chart.toJson()).toThrow('takes its values from Pulumi config');
  });

  test('artifacts() refuses too, for any caller that skips validation', () => {
    const chart = testChart();
    const delivery = new PulumiConfigDelivery();
    const s = new DeclaredSecret(chart, 'db', { keys: ['password'], delivery });
    expect(() => delivery.artifacts([s])).toThrow('[test/db] delivery: secret "db" takes its values from Pulumi config');
  });
});
