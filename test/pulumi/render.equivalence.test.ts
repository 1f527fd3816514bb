import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildTaskApiStage, DEV } from '../../app/stages';
import { SECRETS_FINGERPRINT_ANNOTATION, stageApp } from '../../lib';
import { PulumiConfigDelivery, renderToPulumi } from '../../lib/pulumi';
import { installMocks, MockRuntime } from './support/mock-runtime';
import { canaryValues } from './support/reference';

const DIST = path.join(__dirname, '..', '..', 'dist', 'dev');

/** The dev stage's App as synth renders it (Namespace and sync waves included), optionally with Pulumi config delivery. */
const devApp = (delivery?: PulumiConfigDelivery) => stageApp({ name: DEV.name, namespace: DEV.namespace, build: () => buildTaskApiStage(DEV, { deliveryFor: delivery && (() => delivery) }) });

const identity = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
const byIdentity = (objects: any[]) => Object.fromEntries(objects.map((o) => [identity(o), o]));

function distObjects(): any[] {
  return ['namespace.k8s.yaml', 'task-api.k8s.yaml'].flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(DIST, f), 'utf8')).map((d) => d.toJS()));
}

let rt: MockRuntime;

beforeAll(() => {
  rt = installMocks(canaryValues());
});

beforeEach(() => rt.reset());

async function registeredObjects(app: App): Promise<any[]> {
  renderToPulumi(app);
  await rt.settle();
  return rt.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:')).map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
}

describe('equivalence: the Pulumi renderer registers what cdk8s writes to dist/dev/', () => {
  test('the dev stage of main.ts (out-of-band secrets): every registered object equals its dist/dev/ object, field for field, and nothing else is registered', async () => {
    const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue();
    const registered = await registeredObjects(devApp());
    const dist = distObjects();
    expect(dist).toHaveLength(13);
    expect(byIdentity(registered.map((r) => r.inputs))).toEqual(byIdentity(dist));
    expect(registered).toHaveLength(dist.length);
    // Each as its typed class (or CustomResource for CRD kinds), named <namespace>/<name>.
    for (const r of registered) {
      const [group, version] = r.inputs.apiVersion.includes('/') ? r.inputs.apiVersion.split('/') : ['core', r.inputs.apiVersion];
      expect(r.type).toBe(`kubernetes:${group}/${version}:${r.inputs.kind}`);
      expect(r.name).toBe(r.inputs.kind === 'Namespace' ? r.inputs.metadata.name : `${r.inputs.metadata.namespace}/${r.inputs.metadata.name}`);
    }
    // Out-of-band Secrets are not created by the stack, and it says so, naming them.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe(
      'renderToPulumi: this stack does not create 4 Secret(s) the app reads: task-api-dev/api-credentials (out-of-band), task-api-dev/redis-password (out-of-band), '
      + 'task-api-dev/notification-api (out-of-band), task-api-dev/kafka-credentials (out-of-band). Create them before the pods start (their delivery says how), or choose PulumiConfigDelivery for them.',
    );
    warn.mockRestore();
  });

  test('the dev stage with secrets from Pulumi config: the same objects plus the four Secrets; only the secrets fingerprint differs, because the delivery differs', async () => {
    const registered = await registeredObjects(devApp(new PulumiConfigDelivery()));
    const secrets = registered.filter((r) => r.inputs.kind === 'Secret');
    expect(secrets.map((r) => r.name).sort()).toEqual(['task-api-dev/api-credentials', 'task-api-dev/kafka-credentials', 'task-api-dev/notification-api', 'task-api-dev/redis-password']);

    const others = registered.filter((r) => r.inputs.kind !== 'Secret').map((r) => structuredClone(r.inputs));
    const dist = distObjects();
    const podAnnotations = (objects: any[]) => byIdentity(objects)['apps/v1 Deployment task-api-dev/task-api'].spec.template.metadata.annotations;
    const pulumiFingerprint = podAnnotations(others)[SECRETS_FINGERPRINT_ANNOTATION];
    expect(pulumiFingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(pulumiFingerprint).not.toBe(podAnnotations(dist)[SECRETS_FINGERPRINT_ANNOTATION]);
    delete podAnnotations(others)[SECRETS_FINGERPRINT_ANNOTATION];
    delete podAnnotations(dist)[SECRETS_FINGERPRINT_ANNOTATION];
    expect(byIdentity(others)).toEqual(byIdentity(dist));
  });
});
