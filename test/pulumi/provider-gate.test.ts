import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { TaskApiChart } from '../../app/task-api';
import { PulumiConfigDelivery, renderToPulumi } from '../../lib/pulumi';
import { describeProvider, nameOfUrn, ProviderSource, providerSource } from '../../lib/pulumi/provider-gate';
import { installMocks, MockRuntime, PROJECT } from './support/mock-runtime';
import { canaryValues } from './support/reference';

describe('providerSource: where the provider a constructed Secret got comes from', () => {
  const [option, created, parent, other] = ['option', 'created', 'parent', 'other'].map((n) => ({ n }) as unknown as pulumi.ProviderResource);

  test('the provider renderToPulumi meant it to get', () => {
    expect(providerSource(option, { option })).toBe(ProviderSource.OPTION);
    expect(providerSource(created, { created })).toBe(ProviderSource.CREATED);
    expect(providerSource(parent, { parent })).toBe(ProviderSource.PARENT);
    expect(providerSource(undefined, {})).toBe(ProviderSource.DEFAULT);
    // renderToPulumi's own provider goes to the chart components, ahead of what the parent passes on.
    expect(providerSource(option, { option, parent })).toBe(ProviderSource.OPTION);
    expect(providerSource(created, { created, parent })).toBe(ProviderSource.CREATED);
  });

  test('any other provider, or none where one was meant, was set by a transformation', () => {
    expect(providerSource(other, { option })).toBe(ProviderSource.TRANSFORMATION);
    expect(providerSource(other, { parent })).toBe(ProviderSource.TRANSFORMATION);
    expect(providerSource(other, {})).toBe(ProviderSource.TRANSFORMATION);
    expect(providerSource(parent, { option, parent })).toBe(ProviderSource.TRANSFORMATION);
    expect(providerSource(undefined, { option })).toBe(ProviderSource.DEFAULT);
  });

  test('each source is named in words a user can act on', () => {
    expect(describeProvider(ProviderSource.OPTION, 'p')).toBe('the provider "p" passed as renderToPulumi\'s `provider`');
    expect(describeProvider(ProviderSource.CREATED, 'kubernetes')).toBe('the provider "kubernetes" renderToPulumi created from `providerArgs`');
    expect(describeProvider(ProviderSource.PARENT, 'p')).toContain('renderToPulumi\'s `parent` passes to its children');
    expect(describeProvider(ProviderSource.TRANSFORMATION, 'p')).toContain('a resource transformation set (registerStackTransformation');
    expect(describeProvider(ProviderSource.DEFAULT, 'default')).toBe('the default provider (stack config kubernetes:renderYamlToDirectory)');
  });

  test('nameOfUrn', () => {
    expect(nameOfUrn('urn:pulumi:dev::proj::pulumi:pulumi:Stack$pulumi:providers:kubernetes::render')).toBe('render');
  });
});

describe('under mocks: each Secret is registered with the provider it actually gets, once that provider is known not to render YAML', () => {
  let rt: MockRuntime;
  const config = Object.fromEntries(Object.entries(canaryValues()).map(([k, v]) => [`${PROJECT}:${k}`, v]));

  beforeAll(() => {
    rt = installMocks();
  });

  beforeEach(() => {
    rt.reset();
    pulumi.runtime.setAllConfig(config, Object.keys(config));
  });

  function taskApi(): App {
    const app = new App();
    const delivery = new PulumiConfigDelivery();
    new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
    return app;
  }

  const secrets = () => rt.registrations.filter((r) => r.type === 'kubernetes:core/v1:Secret');

  test('a provider the parent passes to its children: every object, Secrets included, is registered with it', async () => {
    const cluster = new k8s.Provider('cluster', { context: 'kind-dev' });
    const platform = new pulumi.ComponentResource('acme:index:Platform', 'platform', {}, { providers: [cluster] });
    renderToPulumi(taskApi(), { parent: platform });
    await rt.settle();
    const ref = `${rt.get('pulumi:providers:kubernetes', 'cluster').urn}::cluster_id`;
    expect(secrets().map((r) => r.name).sort()).toEqual(['default/api-credentials', 'default/kafka-credentials', 'default/notification-api', 'default/redis-password']);
    expect(secrets().every((r) => r.inputs !== undefined)).toBe(true);
    expect(rt.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:')).every((r) => r.provider === ref)).toBe(true);
  });

  test('the default provider is not in play when the parent passes one, so kubernetes:renderYamlToDirectory does not refuse', async () => {
    pulumi.runtime.setAllConfig({ ...config, 'kubernetes:renderYamlToDirectory': 'rendered' }, Object.keys(config));
    const cluster = new k8s.Provider('cluster', { context: 'kind-dev' });
    const platform = new pulumi.ComponentResource('acme:index:Platform', 'platform', {}, { providers: [cluster] });
    expect(() => renderToPulumi(taskApi(), { parent: platform })).not.toThrow();
    await rt.settle();
    expect(secrets()).toHaveLength(4);
  });

  test('a parent transformation that gives the Secrets another provider: they are registered with that one', async () => {
    const vault = new k8s.Provider('secrets-cluster', { context: 'kind-secrets' });
    const platform = new pulumi.ComponentResource('acme:index:Platform', 'platform', {}, {
      transformations: [(args) => (args.type === 'kubernetes:core/v1:Secret' ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { provider: vault }) } : undefined)],
    });
    renderToPulumi(taskApi(), { parent: platform });
    await rt.settle();
    const ref = `${rt.get('pulumi:providers:kubernetes', 'secrets-cluster').urn}::secrets-cluster_id`;
    expect(secrets()).toHaveLength(4);
    expect(secrets().every((r) => r.provider === ref && r.inputs !== undefined)).toBe(true);
    expect(rt.get('kubernetes:apps/v1:Deployment', 'default/task-api').provider).toBe('');
  });

  test('providerArgs whose renderYamlToDirectory is an Output that resolves to nothing: the Secrets are registered', async () => {
    renderToPulumi(taskApi(), { providerArgs: { renderYamlToDirectory: pulumi.output(undefined as unknown as string) } });
    await rt.settle();
    expect(secrets()).toHaveLength(4);
    expect(secrets().every((r) => r.inputs !== undefined)).toBe(true);
  });
});
