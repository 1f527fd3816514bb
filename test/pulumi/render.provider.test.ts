import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { TaskApiChart } from '../../app/task-api';
import { DaprApp } from '../../lib';
import { PulumiConfigDelivery, renderToPulumi } from '../../lib/pulumi';
import { installMocks, MockRuntime, PROJECT } from './support/mock-runtime';
import { canaryValues } from './support/reference';

const SECRET_CONFIG = Object.fromEntries(Object.entries(canaryValues()).map(([k, v]) => [`${PROJECT}:${k}`, v]));
const RENDER_MODE = 'In that mode the Kubernetes provider writes manifests instead of applying them, and it writes every Secret\'s data into those files in plaintext, '
  + 'so the renderer refuses to create the Secrets of Pulumi config secrets (default/api-credentials, default/redis-password, default/notification-api, default/kafka-credentials) with it.';

let rt: MockRuntime;

beforeAll(() => {
  rt = installMocks();
});

beforeEach(() => {
  rt.reset();
  pulumi.runtime.setAllConfig(SECRET_CONFIG, Object.keys(SECRET_CONFIG));
});

function taskApi(): App {
  const app = new App();
  const delivery = new PulumiConfigDelivery();
  new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
  return app;
}

/** An app without Secrets of Pulumi config delivery. */
function noSecrets(): App {
  const app = new App();
  new DaprApp(new Chart(app, 'web', { namespace: 'web' }), 'web', { appId: 'web', image: 'web:1', appPort: 80 });
  return app;
}

describe('provider option', () => {
  test('providerArgs: the renderer creates the provider and registers every object with it', async () => {
    const rendering = renderToPulumi(taskApi(), { providerArgs: { context: 'kind-dev' } });
    expect(rendering.provider).toBeInstanceOf(k8s.Provider);
    await rt.settle();
    const provider = rt.get('pulumi:providers:kubernetes', 'kubernetes');
    expect(provider.inputs.context).toBe('kind-dev');
    const custom = rt.registrations.filter((r) => r.custom && r !== provider);
    expect(custom).toHaveLength(16);
    expect(custom.every((r) => r.provider === `${provider.urn}::kubernetes_id`)).toBe(true);
  });

  test('providerName names the created provider', async () => {
    renderToPulumi(noSecrets(), { providerArgs: {}, providerName: 'prod-cluster' });
    await rt.settle();
    expect(rt.get('pulumi:providers:kubernetes', 'prod-cluster').type).toBe('pulumi:providers:kubernetes');
  });

  test('an explicit provider is used for every object, Secrets included', async () => {
    const provider = new k8s.Provider('user-provider', { context: 'kind-dev' });
    const rendering = renderToPulumi(taskApi(), { provider });
    expect(rendering.provider).toBeUndefined();
    await rt.settle();
    const urn = rt.get('pulumi:providers:kubernetes', 'user-provider').urn;
    const custom = rt.registrations.filter((r) => r.custom && r.type !== 'pulumi:providers:kubernetes');
    expect(custom.map((r) => r.type)).toContain('kubernetes:core/v1:Secret');
    expect(custom.every((r) => r.provider === `${urn}::user-provider_id`)).toBe(true);
  });

  test('parent: the chart components and the created provider are children of the given resource', async () => {
    const mine = new pulumi.ComponentResource('acme:index:Platform', 'platform', {});
    renderToPulumi(taskApi(), { parent: mine, providerArgs: { context: 'kind-dev' } });
    await rt.settle();
    const platform = rt.get('acme:index:Platform', 'platform').urn;
    expect(rt.get('dapr-secure:index:Chart', 'task-api').parent).toBe(platform);
    expect(rt.get('pulumi:providers:kubernetes', 'kubernetes').parent).toBe(platform);
    expect(rt.get('dapr-secure:index:DaprApp', 'default/task-api').parent).toBe(rt.get('dapr-secure:index:Chart', 'task-api').urn);
  });

  test('provider and providerArgs together are refused', async () => {
    expect(() => renderToPulumi(noSecrets(), { provider: new k8s.Provider('p', {}), providerArgs: {} }))
      .toThrow('renderToPulumi: provider and providerArgs were both given');
    await rt.settle();
    expect(rt.registrations.map((r) => r.type)).toEqual(['pulumi:providers:kubernetes']);
  });
});

describe('renderYamlToDirectory writes Secret values to disk in plaintext', () => {
  test('providerArgs with renderYamlToDirectory is refused before anything is registered, saying why', async () => {
    expect(() => renderToPulumi(taskApi(), { providerArgs: { renderYamlToDirectory: 'rendered' } })).toThrow(
      `renderToPulumi: providerArgs.renderYamlToDirectory is "rendered". ${RENDER_MODE} Fix: deploy with a provider that applies to a cluster (no renderYamlToDirectory), `
      + 'or produce manifests with cdk8s synth and choose SecretDelivery.outOfBand() (or a sealed/external delivery) for these secrets',
    );
    await rt.settle();
    expect(rt.registrations).toEqual([]);
  });

  test('the default provider configured by the stack config kubernetes:renderYamlToDirectory is refused too', async () => {
    pulumi.runtime.setAllConfig({ ...SECRET_CONFIG, 'kubernetes:renderYamlToDirectory': 'rendered' }, Object.keys(SECRET_CONFIG));
    expect(() => renderToPulumi(taskApi())).toThrow(
      `renderToPulumi: the stack config kubernetes:renderYamlToDirectory is "rendered" (it configures the default provider). ${RENDER_MODE}`,
    );
    await rt.settle();
    expect(rt.registrations).toEqual([]);
  });

  test('a program without such Secrets may render YAML: nothing secret would be written', async () => {
    pulumi.runtime.setAllConfig({ 'kubernetes:renderYamlToDirectory': 'rendered' }, []);
    expect(() => renderToPulumi(noSecrets())).not.toThrow();
    expect(() => renderToPulumi(noSecrets(), { providerArgs: { renderYamlToDirectory: 'rendered' }, providerName: 'render' })).not.toThrow();
    await rt.settle();
    expect(rt.registrations.filter((r) => r.type === 'kubernetes:apps/v1:Deployment')).toHaveLength(2);
  });

  // An explicit provider, a parent's providers or a transformation that renders YAML: see
  // test/e2e/pulumi-host.e2e.ts, which runs such programs under Pulumi's host in their own process (the refusal
  // reaches the host as a rejection no one handles, which Jest would claim); provider-gate.test.ts tests the gate.
});
