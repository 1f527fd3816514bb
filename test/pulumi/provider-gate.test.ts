import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { TaskApiChart } from '../../app/task-api';
import { PulumiConfigDelivery, renderToPulumi } from '../../lib/pulumi';
import type { PlannedObject } from '../../lib/pulumi/plan';
import { describeProvider, nameOfUrn, ProviderSource, providerSource, renderModeMessage, SecretProviderGate, uncheckableMessage } from '../../lib/pulumi/provider-gate';
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

describe('SecretProviderGate: holds each Secret until the provider it got is checked', () => {
  beforeAll(() => {
    installMocks();
  });

  const plan = (name: string) => ({ name }) as PlannedObject;
  const provider = (name: string, renderYamlToDirectory?: string | null) => ({
    urn: pulumi.output(`urn:pulumi:dev::proj::pulumi:providers:kubernetes::${name}`),
    ...(renderYamlToDirectory === null ? {} : { renderYamlToDirectory: pulumi.output(renderYamlToDirectory) }),
  }) as unknown as pulumi.ProviderResource;
  const secret = (p: pulumi.ProviderResource | undefined) => ({ getProvider: (t: string) => (t === 'kubernetes:core/v1:Secret' ? p : undefined) }) as unknown as pulumi.CustomResource;
  const outcome = (p: Promise<void>) => p.then(() => 'resolved', (e: unknown) => e);
  const stillPending = async (p: Promise<void>) => (await Promise.race([p.then(() => 'settled'), new Promise<string>((r) => setImmediate(() => r('pending')))])) === 'pending';

  test('a provider that renders YAML: every Secret it would get fails with the same single RunError, and their data is never released', async () => {
    const render = provider('render', 'out');
    const gate = new SecretProviderGate({ parent: render }, () => undefined);
    const [db, api] = [plan('shop/db'), plan('shop/api')];
    const held = [gate.hold(db), gate.hold(api)];
    gate.check(() => secret(render));
    const [first, second] = await Promise.all(held.map((h) => outcome(h.dependency)));
    expect(first).toBe(second);
    expect(pulumi.RunError.isInstance(first)).toBe(true);
    expect((first as Error).message).toBe(renderModeMessage(`${describeProvider(ProviderSource.PARENT, 'render')} renders YAML to "out"`, [db, api]));
    // Made inside an apply: no stack frames for the host's util.inspect to loop on (lib/pulumi/run-error.ts).
    expect((first as Error).stack).toBe(`Error: ${(first as Error).message}`);
    for (const h of held) expect(await stillPending(h.released)).toBe(true);
  });

  test('a provider that applies to a cluster: the Secrets are released', async () => {
    const cluster = provider('cluster');
    const gate = new SecretProviderGate({ option: cluster }, () => 'ignored: the default provider is not in play');
    const held = gate.hold(plan('shop/db'));
    gate.check(() => secret(cluster));
    expect(await outcome(held.dependency)).toBe('resolved');
    await held.released;
  });

  test('the default provider: refused when the stack config renders YAML, released otherwise', async () => {
    const refused = new SecretProviderGate({}, () => 'out');
    const db = plan('shop/db');
    const held = refused.hold(db);
    refused.check(() => secret(undefined));
    expect((await outcome(held.dependency) as Error).message).toBe(renderModeMessage('the default provider (stack config kubernetes:renderYamlToDirectory) renders YAML to "out"', [db]));

    const accepted = new SecretProviderGate({}, () => undefined);
    const ok = accepted.hold(db);
    accepted.check(() => secret(undefined));
    expect(await outcome(ok.dependency)).toBe('resolved');
  });

  test('one error per provider: a transformation that moves one Secret to a rendering provider refuses only that one', async () => {
    const cluster = provider('cluster');
    const render = provider('render', 'out');
    const gate = new SecretProviderGate({ option: cluster }, () => undefined);
    const [db, api] = [plan('shop/db'), plan('shop/api')];
    const held = new Map([[db, gate.hold(db)], [api, gate.hold(api)]]);
    gate.check((p) => secret(p === api ? render : cluster));
    expect(await outcome(held.get(db)!.dependency)).toBe('resolved');
    expect((await outcome(held.get(api)!.dependency) as Error).message)
      .toBe(renderModeMessage(`${describeProvider(ProviderSource.TRANSFORMATION, 'render')} renders YAML to "out"`, [api]));
  });

  test('a provider without a renderYamlToDirectory output cannot be checked, so it is refused', async () => {
    const opaque = provider('opaque', null);
    const gate = new SecretProviderGate({ option: opaque }, () => undefined);
    const db = plan('shop/db');
    const held = gate.hold(db);
    gate.check(() => secret(opaque));
    const error = await outcome(held.dependency) as Error;
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error.message).toBe(uncheckableMessage(describeProvider(ProviderSource.OPTION, 'opaque'), [db]));
    expect(error.stack).toBe(`Error: ${error.message}`);
    expect(error.message).toMatch(/^renderToPulumi: the provider "opaque" passed as renderToPulumi's `provider` has no renderYamlToDirectory output .*Fix: /);
  });
});
