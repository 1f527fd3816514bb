import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { PROD, buildTaskApiStage } from '../../app/stages';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, RedisStateStore, SecretDelivery, stageApp } from '../../lib';
import { renderToPulumi } from '../../lib/pulumi';
import { findUnwrappedSecrets, isPulumiSecret, makeCanary } from '../../lib/scan';
import { installMocks, MockRuntime, PROJECT } from './support/mock-runtime';

const PROD_DIST = path.join(__dirname, '..', '..', 'dist', 'prod');
const prodObjects = () => ['namespace.k8s.yaml', 'task-api.k8s.yaml'].flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(PROD_DIST, f), 'utf8')).map((d) => d.toJS()));
const identity = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
const byIdentity = (objects: any[]) => Object.fromEntries(objects.map((o) => [identity(o), o]));

let rt: MockRuntime;

beforeAll(() => {
  rt = installMocks();
});

beforeEach(() => {
  rt.reset();
  pulumi.runtime.setAllConfig({}, []);
});

const registered = () => rt.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:'));

describe('the sealed reference app rendered with Pulumi', () => {
  test('registers exactly the objects of dist/prod/ (the sealed stage), SealedSecrets as CustomResources that the components and the Deployment wait for', async () => {
    const rendering = renderToPulumi(stageApp({ name: PROD.name, namespace: PROD.namespace, production: true, build: () => buildTaskApiStage(PROD) }));
    await rt.settle();
    const dist = prodObjects();
    expect(dist.filter((o) => o.kind === 'SealedSecret')).toHaveLength(4);
    expect(byIdentity(registered().map((r) => r.inputs))).toEqual(byIdentity(dist));
    expect(registered()).toHaveLength(dist.length);
    expect(rendering.secrets).toEqual([]);
    expect(rendering.configKeys).toEqual([]);

    const sealed = registered().filter((r) => r.type === 'kubernetes:bitnami.com/v1alpha1:SealedSecret').map((r) => r.name).sort();
    expect(sealed).toEqual(['default/api-credentials', 'default/kafka-credentials', 'default/notification-api', 'default/redis-password']);
    const dependsOn = (type: string, name: string) => rt.get(type, name).dependencies.map((u) => rt.byUrn(u)).map((r) => `${r.type} ${r.name}`);
    expect(dependsOn('kubernetes:dapr.io/v1alpha1:Component', 'default/statestore'))
      .toContain('kubernetes:bitnami.com/v1alpha1:SealedSecret default/redis-password');
    expect(dependsOn('kubernetes:apps/v1:Deployment', 'default/task-api')).toEqual(expect.arrayContaining([
      'kubernetes:bitnami.com/v1alpha1:SealedSecret default/notification-api',
      'kubernetes:bitnami.com/v1alpha1:SealedSecret default/api-credentials',
    ]));
  });
});

describe('the library example of the README, in a user\'s own Pulumi program', () => {
  function program(): App {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
    const db = new DeclaredSecret(chart, 'db', { store, keys: ['password'], delivery: SecretDelivery.pulumiConfig() });
    const statestore = new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
    new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', components: [statestore] });
    return app;
  }

  test('reads db.password from the stack config and creates the Secret with it only as a secret output', async () => {
    const password = makeCanary('db-password');
    pulumi.runtime.setAllConfig({ [`${PROJECT}:db.password`]: password }, [`${PROJECT}:db.password`]);
    const rendering = renderToPulumi(program());
    await rt.settle();
    expect(rendering.configKeys).toEqual([`${PROJECT}:db.password`]);
    expect(registered().map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:apps/v1:Deployment shop/cart',
      'kubernetes:core/v1:Secret shop/db',
      'kubernetes:core/v1:ServiceAccount shop/cart',
      'kubernetes:dapr.io/v1alpha1:Component shop/kubernetes-secrets',
      'kubernetes:dapr.io/v1alpha1:Component shop/statestore',
      'kubernetes:dapr.io/v1alpha1:Configuration shop/cart-config',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy shop/cart',
    ]);
    // The dapr-operator resolves the state store's reference, so the pod gets no Role for it.
    expect(JSON.stringify(rt.get('kubernetes:dapr.io/v1alpha1:Component', 'shop/statestore').wire)).toContain('"auth":{"secretStore":"kubernetes"}');
    const secret = rt.get('kubernetes:core/v1:Secret', 'shop/db');
    expect(isPulumiSecret(secret.wire.stringData)).toBe(true);
    expect(secret.wire.stringData.value.password === password).toBe(true);
    expect(findUnwrappedSecrets(rt.registrations.map((r) => [r.wire, r.inputs, r.rest]), { password })).toEqual([]);
  });

  test('without the config secret it fails with the command to run', () => {
    expect(() => renderToPulumi(program())).toThrow('  pulumi config set --secret db.password');
  });
});
