import * as pulumi from '@pulumi/pulumi';
import { findUnwrappedSecrets, formatFindings, isPulumiSecret, makeCanary } from '../../lib/scan';
import { installMocks, MockRuntime, promiseOf } from './support/mock-runtime';

/** One canary per config key of the reference app, named after the key. */
const CONFIG_KEYS: { [configKey: string]: { secret: string; key: string } } = {
  'api-credentials.api-key': { secret: 'api-credentials', key: 'api-key' },
  'api-credentials.api-secret': { secret: 'api-credentials', key: 'api-secret' },
  'redis-password.password': { secret: 'redis-password', key: 'password' },
  'notification-api.api-key': { secret: 'notification-api', key: 'api-key' },
  'kafka-credentials.username': { secret: 'kafka-credentials', key: 'username' },
  'kafka-credentials.password': { secret: 'kafka-credentials', key: 'password' },
};
const canaries: { [name: string]: string } = Object.fromEntries(Object.keys(CONFIG_KEYS).map((k) => [k, makeCanary(k.replace('.', '-'))]));

let rt: MockRuntime;
let program: typeof import('../../pulumi/index');
const logged: unknown[][] = [];

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push([level, ...args]);
    });
  }
  rt = installMocks(canaries);
  program = await import('../../pulumi/index');
  await rt.settle();
});

afterAll(() => jest.restoreAllMocks());

describe('canary proof: secret config values reach Pulumi only inside secret wrappers', () => {
  test('every input of every registered resource, every registered output and every export: each canary only wrapped, in no encoding', async () => {
    expect(rt.registrations.length).toBe(18);
    const everything = {
      registrations: rt.registrations.map((r) => ({ type: r.type, name: r.name, parent: r.parent, dependencies: r.dependencies, wire: r.wire, inputs: r.inputs, rest: r.rest })),
      outputs: rt.outputs,
      exports: { configKeys: program.configKeys, objects: program.objects },
      logs: logged,
    };
    const findings = findUnwrappedSecrets(everything, canaries);
    expect(formatFindings(findings)).toBe(formatFindings([]));
    expect(findings).toEqual([]);
  });

  test('each canary is delivered, wrapped, to exactly its Secret and key (so the scan above had something to find)', () => {
    const delivered: { [configKey: string]: string[] } = {};
    for (const r of rt.registrations) {
      for (const [name, value] of Object.entries(canaries)) {
        const text = JSON.stringify(r.wire ?? {});
        if (text.includes(JSON.stringify(value).slice(1, -1))) (delivered[name] ??= []).push(`${r.type} ${r.name}`);
      }
    }
    expect(delivered).toEqual(Object.fromEntries(Object.entries(CONFIG_KEYS).map(([k, v]) => [k, [`kubernetes:core/v1:Secret default/${v.secret}`]])));
    for (const [configKey, { secret, key }] of Object.entries(CONFIG_KEYS)) {
      const wire = rt.get('kubernetes:core/v1:Secret', `default/${secret}`).wire;
      expect(isPulumiSecret(wire.stringData)).toBe(true);
      expect((wire.stringData.value as { [k: string]: string })[key] === canaries[configKey]).toBe(true);
    }
  });

  test('the scan catches a canary the moment it leaves its wrapper, in any encoding (control)', () => {
    const wire = rt.get('kubernetes:core/v1:Secret', 'default/redis-password').wire;
    const leaked = { ...wire, stringData: wire.stringData.value, data: { password: Buffer.from(wire.stringData.value.password).toString('base64') } };
    expect(findUnwrappedSecrets(leaked, canaries)).toEqual([
      { canary: 'redis-password.password', path: 'stringData.password', encoding: 'raw', location: 'value' },
      { canary: 'redis-password.password', path: 'data.password', encoding: 'base64', location: 'value' },
    ]);
  });

  test('Secret resources report stringData as a secret output', async () => {
    const { renderToPulumi } = await import('../../lib/pulumi');
    const { App } = await import('cdk8s');
    const { TaskApiChart } = await import('../../app/task-api');
    const { PulumiConfigDelivery } = await import('../../lib/pulumi');
    rt.reset();
    const app = new App();
    const delivery = new PulumiConfigDelivery();
    new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
    const rendering = renderToPulumi(app);
    expect(rendering.secrets).toHaveLength(4);
    for (const s of rendering.secrets) expect(await pulumi.isSecret(s.stringData)).toBe(true);
    const redis = rendering.objects.find((o) => o.plan.kind === 'Secret' && o.plan.name === 'default/redis-password')!.resource as typeof rendering.secrets[0];
    expect(Object.keys(await promiseOf(redis.stringData))).toEqual(['password']);
    await rt.settle();
    expect(findUnwrappedSecrets(rt.registrations.map((r) => [r.wire, r.inputs, r.rest]), canaries)).toEqual([]);
  });

  test('nothing was printed that holds a canary, and the construct tree never held one', async () => {
    expect(findUnwrappedSecrets(logged, canaries)).toEqual([]);
    const { App } = await import('cdk8s');
    const { TaskApiChart } = await import('../../app/task-api');
    const { PulumiConfigDelivery, planPulumiRender } = await import('../../lib/pulumi');
    const app = new App();
    const delivery = new PulumiConfigDelivery();
    new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
    const plan = planPulumiRender(app);
    expect(findUnwrappedSecrets(plan.charts.map((c) => [c.objects.map((o) => o.object), c.apps.map((a) => a.objects.map((o) => o.object))]), canaries)).toEqual([]);
  });
});
