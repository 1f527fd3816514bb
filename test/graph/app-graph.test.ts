import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct, Node } from 'constructs';
import { DaprApp, DaprComponent, DeclaredSecret, KubernetesSecretStore, RedisStateStore, renderApp } from '../../lib';
import { AppGraph, GraphNodeKind, RenderTarget } from '../../lib/graph/app-graph';
import { validateAndRender } from '../../lib/graph/pipeline';
import { renderErrors } from '../support/chart';

/** An App with `charts` namespaces and `apps` apps, each loading a Redis state store with a secret reference. */
function program(apps: number, charts = 2): App {
  const app = Testing.app();
  const scopes = Array.from({ length: charts }, (_, i) => new Chart(app, `ns-${i}`, { namespace: `ns-${i}` }));
  for (let i = 0; i < apps; i++) {
    const chart = scopes[i % charts];
    const secret = new DeclaredSecret(chart, `redis-${i}`, { keys: ['password'] });
    const api = new DeclaredSecret(chart, `api-${i}`, { keys: ['api-key'] });
    const state = new RedisStateStore(chart, `state-${i}`, { redisHost: 'redis:6379', redisPassword: secret.keyRef('password') });
    new DaprApp(chart, `app-${i}`, { appId: `app-${i}`, image: 'app:1', components: [state], secretReads: [api] });
  }
  return app;
}

describe('AppGraph', () => {
  test('registers apps, components, stores and secrets, and the edges between them, when they are declared', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
    const db = new DeclaredSecret(chart, 'db', { store, keys: ['password'] });
    const api = new DeclaredSecret(chart, 'api', { keys: ['api-key'] });
    const state = new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
    const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', components: [state] });
    const grant = api.grantRead(app);
    const graph = AppGraph.of(chart);

    expect(graph.kindOf(app)).toBe(GraphNodeKind.APP);
    expect(graph.kindOf(state)).toBe(GraphNodeKind.COMPONENT);
    expect(graph.kindOf(store)).toBe(GraphNodeKind.STORE);
    expect(graph.kindOf(db)).toBe(GraphNodeKind.SECRET);
    expect(graph.apps).toEqual([app]);
    expect(graph.loadsOf(app)).toEqual([state]);
    expect(graph.readsOf(app)).toEqual([api]);
    expect(graph.referencesOf(state).map((e) => `${e.field} -> ${e.ref.secret.secretName}/${e.ref.key} via ${e.ref.store.storeName}`))
      .toEqual(['redisPassword -> db/password via kubernetes-secrets']);
    expect(graph.storeOf(state)).toBe(store);
    expect(graph.storeOfComponent(store)).toBe(store);
    expect(graph.secretsOf(store)).toEqual([db]);
    expect(grant).toEqual({ secret: api, reader: app, storeName: 'kubernetes', kubernetesRbac: true });
  });

  test('usedKeysOf: the keys references and recorded uses name, and every key of a secret an app reads', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const graph = AppGraph.of(chart);
    const db = new DeclaredSecret(chart, 'db', { keys: ['username', 'password', 'host'] });
    const api = new DeclaredSecret(chart, 'api', { keys: ['api-key', 'api-secret'] });
    const token = new DeclaredSecret(chart, 'token', { keys: ['token', 'spare'] });
    expect([...graph.usedKeysOf(db)]).toEqual([]);
    new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
    graph.addSecretUse(chart, 'custom', token.keyRef('token'));
    api.grantRead(new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1' }));
    expect([...graph.usedKeysOf(db)]).toEqual(['password']);
    expect([...graph.usedKeysOf(api)].sort()).toEqual(['api-key', 'api-secret']);
    expect([...graph.usedKeysOf(token)]).toEqual(['token']);
    expect(graph.secretUsesOf(chart).map((u) => `${u.field} ${u.ref}`)).toEqual(['custom token/token']);
  });

  test('an app loads the store its components read through, so the store is scoped to it', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
    const db = new DeclaredSecret(chart, 'db', { store, keys: ['password'] });
    const state = new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
    const unrelated = new DaprApp(chart, 'billing', { appId: 'billing', image: 'billing:1' });
    const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', components: [state] });
    const graph = AppGraph.of(chart);
    expect(graph.appsLoading(state)).toEqual([app]);
    expect(graph.appsLoading(store)).toEqual([app]);
    expect(graph.appsLoading(store)).not.toContain(unrelated);
    expect(store.scopes).toEqual(['orders']);
    expect(app.reachableStores()).toEqual(['kubernetes', 'kubernetes-secrets']);
    expect(unrelated.reachableStores()).toEqual(['kubernetes']);
  });

  test('one graph per App, shared by every chart of it and found under a global symbol', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    expect(AppGraph.of(a)).toBe(AppGraph.of(b));
    expect(AppGraph.of(a)).not.toBe(AppGraph.of(new Chart(Testing.app(), 'c')));
    expect(AppGraph.peek(app)).toBe(AppGraph.of(a));
    expect(AppGraph.peek(new App())).toBeUndefined();
  });

  test('duplicates are found in tree order, whatever order they were declared in', () => {
    const app = Testing.app();
    const first = new Chart(app, 'first', { namespace: 'shop' });
    const second = new Chart(app, 'second', { namespace: 'shop' });
    const later = new DeclaredSecret(second, 'db', { keys: ['password'] });
    const earlier = new DeclaredSecret(first, 'db', { keys: ['password'] });
    const graph = AppGraph.of(app);
    expect(graph.firstWithIdentity('secret', later)).toBe(earlier);
    expect(graph.firstWithIdentity('secret', earlier)).toBe(earlier);
    expect(graph.secrets).toEqual([earlier, later]);
    expect(renderErrors(app)).toContain('[second/db] metadata.name: duplicate secret "Secret:shop/db"; first/db already declares it');
  });

  test('a render has its own context; outside one there is none', () => {
    const chart = new Chart(Testing.app(), 'shop');
    const graph = AppGraph.of(chart);
    expect(graph.renderContext).toBeUndefined();
    expect(graph.render({ target: RenderTarget.PULUMI }, () => graph.renderContext)).toEqual({ target: RenderTarget.PULUMI });
    expect(graph.renderContext).toBeUndefined();
  });

  test('a validation added through the graph runs once per render, however many charts cdk8s synthesizes', () => {
    const app = Testing.app();
    const charts = ['a', 'b', 'c'].map((id) => new Chart(app, id));
    let runs = 0;
    const target = new Construct(charts[0], 'checked');
    AppGraph.of(app).addValidation(target, () => {
      runs++;
      return [];
    });
    validateAndRender(app, { target: RenderTarget.CDK8S });
    expect(runs).toBe(1);
    charts.forEach((c) => c.toJson());
    expect(runs).toBe(4); // outside a render, cdk8s runs it for every chart, as always
  });
});

describe('validateAndRender', () => {
  test('renders every chart exactly as chart.toJson() does, cross-chart dependencies included', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'shop' });
    const b = new Chart(app, 'b', { namespace: 'shop' });
    const secret = new DeclaredSecret(a, 'db', { keys: ['password'] });
    const state = new RedisStateStore(b, 'statestore', { redisHost: 'redis:6379', redisPassword: secret.keyRef('password') });
    new DaprApp(b, 'orders', { appId: 'orders', image: 'orders:1', components: [state] });
    const first = new ApiObject(b, 'first', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first' } });
    const second = new ApiObject(b, 'second', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'second' } });
    first.node.addDependency(second);
    b.addDependency(a);
    const rendered = validateAndRender(app, { target: RenderTarget.CDK8S });
    expect(rendered.map((r) => r.chart)).toEqual([a, b]);
    expect(rendered.map((r) => r.objects)).toEqual([a.toJson(), b.toJson()]);
    expect(rendered[1].objects.findIndex((o) => o.metadata.name === 'second')).toBeLessThan(rendered[1].objects.findIndex((o) => o.metadata.name === 'first'));
    expect(rendered[1].apiObjects.map((o) => o.toJson())).toEqual(rendered[1].objects);
  });

  test('throws one error with every problem, and renders nothing of an invalid App', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new DaprComponent(chart, 'orphan', { type: 'bindings.http', metadata: { url: 'https://example.com' } });
    expect(() => validateAndRender(chart.node.root as App, { target: RenderTarget.CDK8S })).toThrow(/^Validation failed with the following errors:\n {2}\[shop\/orphan\] scopes: no DaprApp/);
  });
});

describe('synth does not walk the construct tree per app', () => {
  test('the number of whole-tree walks of a synth does not grow with the number of apps', () => {
    const walksDuring = (app: App): number => {
      const root = app.node;
      const findAll = Node.prototype.findAll;
      let walks = 0;
      const spy = jest.spyOn(Node.prototype, 'findAll').mockImplementation(function (this: Node, ...args) {
        if (this === root) walks++;
        return findAll.apply(this, args);
      });
      try {
        renderApp(app);
      } finally {
        spy.mockRestore();
      }
      return walks;
    };
    const few = walksDuring(program(2));
    const many = walksDuring(program(40));
    expect(few).toBeGreaterThan(0);
    expect(many).toBe(few);
  });

  test('the output of many apps is what each app writes alone, so nothing leaks between apps', () => {
    const objects = (app: App) => renderApp(app).filter((f) => f.path === 'ns-0.k8s.yaml').map((f) => f.content)[0];
    const many = objects(program(6));
    const alone = objects(program(1));
    expect(many.startsWith(alone.slice(0, alone.indexOf('---')))).toBe(true);
    expect(many.match(/scopes:\n\s+- app-\d+\n/g)).toEqual(['scopes:\n  - app-0\n', 'scopes:\n  - app-2\n', 'scopes:\n  - app-4\n']);
  });
});
