import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  DaprApp, DaprComponent, DeclaredSecret, ISecretDelivery, KubernetesSecretStore, RedisStateStore, renderApp,
} from '../../lib';
import { PlannedObject, PlannedResourceKind, planPulumiRender, PulumiConfigDelivery, renderToPulumi } from '../../lib/pulumi';
import { findLeaks, makeCanary } from '../../lib/scan';
import { installMocks } from './support/mock-runtime';

const rt = installMocks();
beforeEach(() => rt.reset());

/** A GitOps-style delivery that synthesizes a CRD object under the secret, as sealed and external deliveries do. */
class CrdDelivery implements ISecretDelivery {
  public readonly kind = 'test-crd';
  public readonly createsKubernetesSecret = true;
  public bind(secret: DeclaredSecret): void {
    new ApiObject(secret, 'ExternalSecret', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: secret.secretName, namespace: secret.namespace },
      spec: { target: { name: secret.secretName }, secretStoreRef: { name: 'vault', kind: 'SecretStore' } },
    } as any);
  }
}

const ids = (objects: PlannedObject[]) => objects.map((o) => `${o.kind} ${o.name}`);
const deps = (o: PlannedObject) => ids(o.dependsOn).sort();
function find(objects: PlannedObject[], kind: string, name: string): PlannedObject {
  const found = objects.find((o) => o.kind === kind && o.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${ids(objects).join(', ')}`);
  return found;
}
function all(plan: ReturnType<typeof planPulumiRender>): PlannedObject[] {
  return plan.charts.flatMap((c) => [...c.objects, ...c.apps.flatMap((a) => a.objects)]);
}

function shop(delivery: () => ISecretDelivery | undefined) {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
  const db = new DeclaredSecret(chart, 'db', { store, keys: ['password'], delivery: delivery() });
  const api = new DeclaredSecret(chart, 'api', { store, keys: ['token'], delivery: delivery() });
  const state = new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
  const orders = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080, components: [state], secretReads: [api] });
  const web = new DaprApp(chart, 'web', { appId: 'web', image: 'web:1' });
  return { app, chart, store, db, api, state, orders, web };
}

describe('planPulumiRender', () => {
  test('CRD objects of a delivery (ExternalSecret, SealedSecret, …) register as CustomResources that components and workloads wait for', () => {
    const { app } = shop(() => new CrdDelivery());
    const plan = planPulumiRender(app);
    const objects = all(plan);
    const es = find(objects, 'ExternalSecret', 'shop/db');
    expect(es).toMatchObject({ resourceKind: PlannedResourceKind.CUSTOM, apiVersion: 'external-secrets.io/v1', path: 'shop/db/ExternalSecret', app: undefined });
    expect(deps(find(objects, 'Component', 'shop/statestore'))).toEqual(['Component shop/kubernetes-secrets', 'ExternalSecret shop/db']);
    expect(deps(find(objects, 'Deployment', 'shop/orders'))).toEqual([
      'Component shop/kubernetes-secrets', 'Component shop/statestore', 'Configuration shop/orders-config', 'ExternalSecret shop/api',
      'NetworkPolicy shop/orders', 'Role shop/orders-secret-reader', 'RoleBinding shop/orders-secret-reader', 'ServiceAccount shop/orders',
    ]);
    // an app that loads nothing waits only for its own Configuration, ServiceAccount and NetworkPolicy
    expect(deps(find(objects, 'Deployment', 'shop/web'))).toEqual(['Configuration shop/web-config', 'NetworkPolicy shop/web', 'ServiceAccount shop/web']);
    expect(plan.uncreatedSecrets).toEqual([]);
  });

  test('chart-level objects come first in registration order (secrets, stores, components), each app in its own group', () => {
    const { app } = shop(() => new PulumiConfigDelivery());
    const plan = planPulumiRender(app);
    expect(plan.charts).toHaveLength(1);
    expect(plan.charts[0].name).toBe('shop');
    expect(ids(plan.charts[0].objects)).toEqual(['Secret shop/db', 'Secret shop/api', 'Component shop/kubernetes-secrets', 'Component shop/statestore']);
    expect(plan.charts[0].apps.map((a) => [a.name, ids(a.objects)])).toEqual([
      ['shop/orders', [
        'Configuration shop/orders-config', 'ServiceAccount shop/orders', 'Role shop/orders-secret-reader', 'RoleBinding shop/orders-secret-reader',
        'NetworkPolicy shop/orders', 'Service shop/orders', 'Deployment shop/orders',
      ]],
      ['shop/web', ['Configuration shop/web-config', 'ServiceAccount shop/web', 'NetworkPolicy shop/web', 'Deployment shop/web']],
    ]);
    expect(find(all(plan), 'Secret', 'shop/db')).toMatchObject({
      resourceKind: PlannedResourceKind.CONFIG_SECRET,
      object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque' },
    });
  });

  test('secrets nothing in the stack creates (out-of-band) are reported, not invented', () => {
    const { app, db, api } = shop(() => undefined);
    const plan = planPulumiRender(app);
    expect(plan.uncreatedSecrets).toEqual([db, api]);
    expect(all(plan).filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(deps(find(all(plan), 'Component', 'shop/statestore'))).toEqual(['Component shop/kubernetes-secrets']);
  });

  test('explicit cdk8s dependencies carry over, within and across charts', () => {
    const { app, chart, state } = shop(() => new PulumiConfigDelivery());
    const config = new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { mode: 'fast' } });
    ApiObject.of(config).addDependency(state);
    const other = new Chart(app, 'monitoring', { namespace: 'monitoring' });
    new kplus.ConfigMap(other, 'dashboards', { metadata: { name: 'dashboards' }, data: { a: 'b' } });
    other.addDependency(chart);
    const objects = all(planPulumiRender(app));
    expect(deps(find(objects, 'ConfigMap', 'shop/settings'))).toEqual(['Component shop/statestore']);
    const shopObjects = ids(objects.filter((o) => o.namespace === 'shop')).sort();
    expect(deps(find(objects, 'ConfigMap', 'monitoring/dashboards'))).toEqual(shopObjects);
  });

  test('a chart alone renders only that chart; cluster-scoped objects are named without a namespace', () => {
    const { app, chart } = shop(() => new PulumiConfigDelivery());
    const cluster = new Chart(app, 'cluster');
    new ApiObject(cluster, 'reader', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] });
    expect(planPulumiRender(chart).charts.map((c) => c.name)).toEqual(['shop']);
    const reader = find(all(planPulumiRender(app)), 'ClusterRole', 'reader');
    expect(reader).toMatchObject({ namespace: undefined, objectName: 'reader', resourceKind: PlannedResourceKind.TYPED });
  });

  test('the validations of cdk8s synth run first, with the same message', () => {
    const { chart } = shop(() => new PulumiConfigDelivery());
    new DaprComponent(chart, 'statestore-again', { name: 'statestore', type: 'state.redis' });
    let cdk8sError = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      cdk8sError = (e as Error).message;
    }
    expect(cdk8sError).toContain('duplicate Dapr component "shop/statestore"');
    expect(() => planPulumiRender(chart)).toThrow('duplicate Dapr component "shop/statestore"');
  });

  test('a chart namespace that is not a DNS-1123 label is refused as synth refuses it', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'Shop' });
    new DaprApp(chart, 'web', { appId: 'web', image: 'web:1' });
    let synthError = '';
    try {
      renderApp(app);
    } catch (e) {
      synthError = (e as Error).message;
    }
    expect(synthError).toContain('"Shop"');
    expect(() => planPulumiRender(app)).toThrow(synthError);
  });

  test('so does the offline manifest validation of cdk8s synth: an object the API server would refuse is refused before anything is registered', () => {
    const { app, chart } = shop(() => new PulumiConfigDelivery());
    new ApiObject(chart, 'other', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'other' }, spec: { replicas: 'two' } });
    expect(() => planPulumiRender(app)).toThrow('[shop/other] Deployment/other: $.spec.replicas: must be integer, got string. Fix: change the prop (or JSON patch) that sets this field');
  });
});

describe('objects the renderer refuses', () => {
  test('a synthesized Secret with data: its values live in the construct tree; the message does not echo them', () => {
    const chart = new Chart(new App(), 'legacy', { namespace: 'legacy' });
    const value = makeCanary('legacy-password');
    new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { password: value } });
    let message = '';
    try {
      planPulumiRender(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      '[legacy/db/Resource] kind: the chart synthesizes Secret legacy/db with its values in the construct tree (and so in plaintext in every synthesized manifest), '
      + 'and the Pulumi renderer creates Secrets only from Pulumi config secrets. '
      + "Fix: declare it with new DeclaredSecret(scope, 'db', { keys: [...], delivery: SecretDelivery.pulumiConfig() }) and set the values with `pulumi config set --secret`",
    );
    expect(findLeaks(message, { value })).toEqual([]);
  });

  test('a built-in kind without a typed class', () => {
    const chart = new Chart(new App(), 'ops', { namespace: 'ops' });
    new ApiObject(chart, 'limits', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits' }, spec: { limits: [] } });
    expect(() => planPulumiRender(chart)).toThrow('[ops/limits] kind: the Pulumi renderer has no typed @pulumi/kubernetes class for v1 LimitRange (LimitRange ops/limits (ops/limits)). Fix: use a supported kind (');
  });

  // The two below are refused by synth's own manifest checks before the renderer's guards (a typed class
  // silently dropping a field, one object registered twice) are reached.
  test('a top-level field the typed class would drop', () => {
    const chart = new Chart(new App(), 'ops', { namespace: 'ops' });
    new ApiObject(chart, 'sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, automountServiceAccountToken: false, spec: { x: 1 } });
    expect(() => planPulumiRender(chart)).toThrow('[ops/sa] ServiceAccount/sa: $.spec: unknown field (not allowed here;');
  });

  test('the same object in two charts', () => {
    const app = new App();
    new kplus.ConfigMap(new Chart(app, 'a', { namespace: 'shared' }), 'cm', { metadata: { name: 'settings' } });
    new kplus.ConfigMap(new Chart(app, 'b', { namespace: 'shared' }), 'cm', { metadata: { name: 'settings' } });
    expect(() => planPulumiRender(app)).toThrow('[b/cm/Resource] metadata.name: ConfigMap "shared/settings" is also written by a/cm/Resource; applied together, one overwrites the other.');
  });
});

describe('renderToPulumi on other apps', () => {
  test('several charts and apps: one Chart component per chart, one DaprApp component per app, parented correctly', async () => {
    const { app } = shop(() => new CrdDelivery());
    new kplus.ConfigMap(new Chart(app, 'monitoring', { namespace: 'monitoring' }), 'dashboards', { metadata: { name: 'dashboards' } });
    const rendering = renderToPulumi(app);
    expect(rendering.charts.map((c) => c.objectNames)).toEqual([
      ['ExternalSecret shop/db', 'ExternalSecret shop/api', 'Component shop/kubernetes-secrets', 'Component shop/statestore'],
      ['ConfigMap monitoring/dashboards'],
    ]);
    expect(rendering.apps.map((a) => a.appName)).toEqual(['shop/orders', 'shop/web']);
    await rt.settle();
    const parentOf = (type: string, name: string) => {
      const r = rt.get(type, name);
      const p = rt.byUrn(r.parent);
      return `${p.type} ${p.name}`;
    };
    expect(parentOf('kubernetes:external-secrets.io/v1:ExternalSecret', 'shop/db')).toBe('dapr-secure:index:Chart shop');
    expect(parentOf('kubernetes:core/v1:ConfigMap', 'monitoring/dashboards')).toBe('dapr-secure:index:Chart monitoring');
    expect(parentOf('kubernetes:apps/v1:Deployment', 'shop/web')).toBe('dapr-secure:index:DaprApp shop/web');
    expect(parentOf('dapr-secure:index:DaprApp', 'shop/web')).toBe('dapr-secure:index:Chart shop');
    expect(rt.get('kubernetes:external-secrets.io/v1:ExternalSecret', 'shop/db').inputs.spec).toEqual({ target: { name: 'db' }, secretStoreRef: { name: 'vault', kind: 'SecretStore' } });
  });
});
