import { App } from 'cdk8s';
import * as pulumi from '@pulumi/pulumi';
import { TaskApiChart } from '../../app/task-api';
import { SECRETS_FINGERPRINT_ANNOTATION } from '../../lib';
import { PulumiConfigDelivery, renderToPulumi } from '../../lib/pulumi';
import { findUnwrappedSecrets, makeCanary } from '../../lib/scan';
import { installMocks, MockRuntime, PROJECT } from './support/mock-runtime';
import { canaryValues } from './support/reference';

const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';

let rt: MockRuntime;
beforeAll(() => {
  rt = installMocks();
});

function taskApi(): App {
  const app = new App();
  const delivery = new PulumiConfigDelivery();
  new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
  return app;
}

/** Deploys the reference app with these config values; returns the Deployment's pod template fingerprint and its registration. */
async function deploy(values: { [key: string]: string }) {
  rt.reset();
  const q = (k: string) => `${PROJECT}:${k}`;
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [q(k), v])), Object.keys(values).map(q));
  renderToPulumi(taskApi());
  await rt.settle();
  const deployment = rt.get(DEPLOYMENT, 'default/task-api');
  return { fingerprint: deployment.inputs.spec.template.metadata.annotations[SECRETS_FINGERPRINT_ANNOTATION] as string, deployment };
}

describe('rotation: a config secret set to a new value rolls the pods', () => {
  const first = canaryValues();

  test('the fingerprint follows the Secrets the cluster reports, never a value: same values, same fingerprint; a new value, a new one', async () => {
    const a = await deploy(first);
    const again = await deploy(first);
    const rotated = await deploy({ ...first, 'redis-password.password': makeCanary('redis-password-rotated') });
    const rotatedOther = await deploy({ ...first, 'notification-api.api-key': makeCanary('notification-rotated') });
    expect(a.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(again.fingerprint).toBe(a.fingerprint);
    expect(rotated.fingerprint).not.toBe(a.fingerprint);
    expect(rotatedOther.fingerprint).not.toBe(a.fingerprint);
    expect(rotatedOther.fingerprint).not.toBe(rotated.fingerprint);
    expect(findUnwrappedSecrets(rt.registrations.map((r) => [r.wire, r.inputs, r.rest]), first)).toEqual([]);
  });

  test('the Deployment waits for every Secret its pods depend on (Secrets API reads and its components\' secrets)', async () => {
    const { deployment } = await deploy(first);
    const secrets = deployment.dependencies.map((u) => rt.byUrn(u)).filter((r) => r.type === 'kubernetes:core/v1:Secret').map((r) => r.name).sort();
    expect(secrets).toEqual(['default/api-credentials', 'default/kafka-credentials', 'default/notification-api', 'default/redis-password']);
  });

  test('without config secrets (out-of-band) the annotation is the plain cdk8s fingerprint, as in dist/dev/', async () => {
    rt.reset();
    const { buildTaskApiStage, DEV } = await import('../../app/stages');
    const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue();
    const app = buildTaskApiStage(DEV);
    renderToPulumi(app);
    await rt.settle();
    warn.mockRestore();
    const { readFileSync } = await import('fs');
    const dist = readFileSync(require.resolve('../../dist/dev/task-api.k8s.yaml'), 'utf8');
    const fingerprint = rt.get(DEPLOYMENT, 'task-api-dev/task-api').inputs.spec.template.metadata.annotations[SECRETS_FINGERPRINT_ANNOTATION];
    expect(dist).toContain(`${SECRETS_FINGERPRINT_ANNOTATION}: ${fingerprint}`);
  });
});
