import { PULUMI_SECRET_SIG_KEY, PULUMI_SECRET_SIG_VALUE } from '../../lib/scan';
import { installMocks, MockRuntime, Registration } from './support/mock-runtime';
import { canaryValues, REFERENCE_CONFIG_KEYS } from './support/reference';


const CHART = 'dapr-secure:index:Chart';
const APP = 'dapr-secure:index:DaprApp';
const SECRET = 'kubernetes:core/v1:Secret';
const COMPONENT = 'kubernetes:dapr.io/v1alpha1:Component';
const CONFIGURATION = 'kubernetes:dapr.io/v1alpha1:Configuration';
const SA = 'kubernetes:core/v1:ServiceAccount';
const SERVICE = 'kubernetes:core/v1:Service';
const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';
const ROLE = 'kubernetes:rbac.authorization.k8s.io/v1:Role';
const BINDING = 'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding';

let rt: MockRuntime;
let program: typeof import('../../pulumi/index');

beforeAll(async () => {
  rt = installMocks(canaryValues());
  program = await import('../../pulumi/index');
  await rt.settle();
});

const id = (r: Registration) => `${r.type} ${r.name}`;

function graph() {
  return rt.registrations.map((r) => ({
    resource: id(r),
    namespace: r.inputs?.metadata?.namespace,
    parent: r.parent ? id(rt.byUrn(r.parent)) : '',
    dependsOn: r.dependencies.map((u) => id(rt.byUrn(u))).sort(),
  })).sort((a, b) => a.resource.localeCompare(b.resource));
}

describe('the Pulumi program of the reference app (pulumi/index.ts) under mocks', () => {
  test('registers every resource with its type, readable name, namespace, parent and dependsOn', () => {
    const chart = `${CHART} task-api`;
    const app = `${APP} default/task-api`;
    const secret = (name: string) => `${SECRET} default/${name}`;
    const component = (name: string) => `${COMPONENT} default/${name}`;
    const endpoint = (name: string) => `kubernetes:dapr.io/v1alpha1:HTTPEndpoint default/${name}`;
    const expected = [
      { resource: `${CHART} task-api`, namespace: undefined, parent: '', dependsOn: [] },
      { resource: `${APP} default/task-api`, namespace: undefined, parent: chart, dependsOn: [] },
      // Secrets, from Pulumi config, first.
      ...['api-credentials', 'kafka-credentials', 'notification-api', 'redis-password'].map((n) => ({ resource: secret(n), namespace: 'default', parent: chart, dependsOn: [] })),
      // The store before the components that reference it; each component after its Secret.
      { resource: component('kubernetes-secrets'), namespace: 'default', parent: chart, dependsOn: [] },
      { resource: component('statestore'), namespace: 'default', parent: chart, dependsOn: [component('kubernetes-secrets'), secret('redis-password')].sort() },
      { resource: component('configstore'), namespace: 'default', parent: chart, dependsOn: [component('kubernetes-secrets'), secret('redis-password')].sort() },
      { resource: component('kafka-pubsub'), namespace: 'default', parent: chart, dependsOn: [component('kubernetes-secrets'), secret('kafka-credentials')].sort() },
      // The HTTPEndpoint after the store and the Secret its header comes from.
      { resource: endpoint('notification-service'), namespace: 'default', parent: chart, dependsOn: [component('kubernetes-secrets'), secret('notification-api')].sort() },
      // The app's objects under its component; the workload last.
      { resource: `${CONFIGURATION} default/task-api-config`, namespace: 'default', parent: app, dependsOn: [] },
      { resource: `${SA} default/task-api`, namespace: 'default', parent: app, dependsOn: [] },
      { resource: `${ROLE} default/task-api-secret-reader`, namespace: 'default', parent: app, dependsOn: [] },
      { resource: `${BINDING} default/task-api-secret-reader`, namespace: 'default', parent: app, dependsOn: [`${ROLE} default/task-api-secret-reader`, `${SA} default/task-api`].sort() },
      { resource: `${SERVICE} default/task-api`, namespace: 'default', parent: app, dependsOn: [] },
      { resource: 'kubernetes:networking.k8s.io/v1:NetworkPolicy default/task-api', namespace: 'default', parent: app, dependsOn: [] },
      {
        resource: `${DEPLOYMENT} default/task-api`,
        namespace: 'default',
        parent: app,
        dependsOn: [
          // components (and the store) the sidecar loads, and the Configuration it names
          component('kubernetes-secrets'), component('statestore'), component('kafka-pubsub'), component('configstore'),
          endpoint('notification-service'), `${CONFIGURATION} default/task-api-config`,
          // its ServiceAccount and the RBAC daprd needs at startup
          `${SA} default/task-api`, `${ROLE} default/task-api-secret-reader`, `${BINDING} default/task-api-secret-reader`,
          // the NetworkPolicy that admits only Dapr's traffic, in place before the pods start
          'kubernetes:networking.k8s.io/v1:NetworkPolicy default/task-api',
          // the Secrets it reads through the Secrets API, and (through the secrets fingerprint, which follows
          // their resourceVersion) those of its components
          secret('api-credentials'), secret('notification-api'), secret('kafka-credentials'), secret('redis-password'),
        ].sort(),
      },
    ].sort((a, b) => a.resource.localeCompare(b.resource));
    expect(graph()).toEqual(expected);
  });

  test('Secrets and stores come before the components that reference them, components and configurations before workloads', () => {
    const g = graph();
    const deps = (resource: string) => g.find((x) => x.resource === resource)!.dependsOn;
    for (const c of ['statestore', 'configstore', 'kafka-pubsub']) {
      expect(deps(`${COMPONENT} default/${c}`)).toContain(`${COMPONENT} default/kubernetes-secrets`);
      expect(deps(`${COMPONENT} default/${c}`).some((d) => d.startsWith(SECRET))).toBe(true);
    }
    const workload = deps(`${DEPLOYMENT} default/task-api`);
    for (const x of g.filter((r) => r.resource.startsWith(COMPONENT) || r.resource.startsWith(CONFIGURATION))) expect(workload).toContain(x.resource);
  });

  test('the ComponentResources take no args and call registerOutputs with names only', () => {
    for (const r of rt.registrations.filter((x) => !x.custom)) {
      expect({ resource: id(r), inputs: r.wire ?? {} }).toEqual({ resource: id(r), inputs: {} });
    }
    const outputs = Object.fromEntries(rt.outputs.map((o) => [id(rt.byUrn(o.urn)), o.outputs]));
    expect(outputs[`${CHART} task-api`]).toEqual({
      objects: [
        'Secret default/api-credentials', 'Secret default/redis-password', 'Secret default/notification-api', 'Secret default/kafka-credentials',
        'Component default/kubernetes-secrets', 'Component default/statestore', 'Component default/kafka-pubsub', 'Component default/configstore',
      'HTTPEndpoint default/notification-service',
      ],
      apps: ['default/task-api'],
    });
    expect(outputs[`${APP} default/task-api`]).toEqual({
      appId: 'task-api',
      namespace: 'default',
      objects: [
        'Configuration default/task-api-config', 'ServiceAccount default/task-api', 'Role default/task-api-secret-reader',
        'RoleBinding default/task-api-secret-reader', 'NetworkPolicy default/task-api', 'Service default/task-api', 'Deployment default/task-api',
      ],
    });
  });

  test('no yaml ConfigGroup (whose objs land in state in plaintext) and no provider: the default kubeconfig/context', () => {
    expect(rt.registrations.filter((r) => r.type.startsWith('kubernetes:yaml'))).toEqual([]);
    expect(rt.registrations.filter((r) => r.type.startsWith('pulumi:providers:'))).toEqual([]);
    expect(rt.registrations.filter((r) => r.custom).every((r) => r.provider === '')).toBe(true);
  });

  test('each Secret has its declared keys in stringData, wrapped as a secret, and stringData is an additional secret output', () => {
    const secrets = rt.registrations.filter((r) => r.type === SECRET).sort((a, b) => a.name.localeCompare(b.name));
    expect(secrets.map((r) => ({
      name: r.name,
      metadata: r.inputs.metadata,
      type: r.inputs.type,
      wrapped: r.wire.stringData[PULUMI_SECRET_SIG_KEY] === PULUMI_SECRET_SIG_VALUE,
      keys: Object.keys(r.wire.stringData.value).sort(),
      secretOutputs: r.rest.additionalsecretoutputsList,
    }))).toEqual([
      { name: 'default/api-credentials', metadata: { name: 'api-credentials', namespace: 'default' }, keys: ['api-key', 'api-secret'] },
      { name: 'default/kafka-credentials', metadata: { name: 'kafka-credentials', namespace: 'default' }, keys: ['password', 'username'] },
      { name: 'default/notification-api', metadata: { name: 'notification-api', namespace: 'default' }, keys: ['api-key'] },
      { name: 'default/redis-password', metadata: { name: 'redis-password', namespace: 'default' }, keys: ['password'] },
    ].map((x) => ({ ...x, type: 'Opaque', wrapped: true, secretOutputs: expect.arrayContaining(['data', 'stringData']) })));
  });

  test('the program exports names only', () => {
    expect(program.configKeys).toEqual(REFERENCE_CONFIG_KEYS.map((k) => `dapr-task-api:${k}`).sort());
    expect(program.objects).toEqual([
      'Secret default/api-credentials', 'Secret default/redis-password', 'Secret default/notification-api', 'Secret default/kafka-credentials',
      'Component default/kubernetes-secrets', 'Component default/statestore', 'Component default/kafka-pubsub', 'Component default/configstore',
      'HTTPEndpoint default/notification-service',
      'Configuration default/task-api-config', 'ServiceAccount default/task-api', 'Role default/task-api-secret-reader',
      'RoleBinding default/task-api-secret-reader', 'NetworkPolicy default/task-api', 'Service default/task-api', 'Deployment default/task-api',
    ]);
  });
});
