import { Testing } from 'cdk8s';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, RedisStateStore, SecretKeyStyle, SecretResolver } from '../../lib';
import { findObject, testChart } from '../support/chart';

describe('KubernetesSecretStore', () => {
  test('a named store is a secretstores.kubernetes Component whose component references the operator resolves', () => {
    const chart = testChart();
    // On its own, so unscoped: no app loads it, and the Component is written without scopes.
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { unscoped: true });
    expect(store.storeName).toBe('kubernetes-secrets');
    expect(store.resolver).toBe(SecretResolver.OPERATOR);
    expect(store.keyStyle).toBe(SecretKeyStyle.MULTI_KEY);
    const obj = findObject(Testing.synth(chart), 'Component', 'kubernetes-secrets');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'kubernetes-secrets', namespace: 'default' },
      spec: { type: 'secretstores.kubernetes', version: 'v1', metadata: [] },
    });
    expect(obj).toMatchSnapshot();
  });

  test('component references: auth.secretStore kubernetes (the dapr-operator, no pod RBAC) by default, the store itself with SIDECAR', () => {
    const build = (resolveComponentSecrets?: SecretResolver) => {
      const chart = testChart();
      const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets });
      const db = new DeclaredSecret(chart, 'db', { store, keys: ['password'] });
      const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
      const api = new DeclaredSecret(chart, 'api', { store, keys: ['key'] });
      const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', components: [cache], secretReads: [api] });
      return { app, store, cache, objects: Testing.synth(chart) };
    };
    const operator = build();
    expect(findObject(operator.objects, 'Component', 'cache').auth).toEqual({ secretStore: 'kubernetes' });
    // The Role covers the Secrets API read and not the component's secret.
    expect(operator.app.loadedComponents()).toEqual([operator.cache, operator.store]);
    expect(operator.app.secretsReadBySidecar).toEqual(['api']);
    expect(findObject(operator.objects, 'Role', 'orders-secret-reader').rules[0].resourceNames).toEqual(['api']);

    const sidecar = build(SecretResolver.SIDECAR);
    expect(findObject(sidecar.objects, 'Component', 'cache').auth).toEqual({ secretStore: 'kubernetes-secrets' });
    expect(sidecar.app.loadedComponents()).toEqual([sidecar.cache, sidecar.store]);
    expect(findObject(sidecar.objects, 'Component', 'kubernetes-secrets').scopes).toEqual(['orders']);
    expect(findObject(sidecar.objects, 'Role', 'orders-secret-reader').rules[0].resourceNames).toEqual(['api', 'db']);
  });

  test('resolveComponentSecrets takes only a SecretResolver', () => {
    expect(() => new KubernetesSecretStore(testChart(), 'k', { resolveComponentSecrets: 'pod' as any })).toThrow(
      '[test/k] resolveComponentSecrets: "pod" is not one of "operator", "sidecar". Fix: use SecretResolver.OPERATOR, SecretResolver.SIDECAR (or the string it stands for)',
    );
  });

  test('defaultNamespace is passed through', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { defaultNamespace: 'shared' });
    new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', components: [store] });
    expect(findObject(Testing.synth(chart), 'Component', 'kubernetes-secrets').spec.metadata).toEqual([{ name: 'defaultNamespace', value: 'shared' }]);
  });

  test('the built-in store is one per App, resolved by the operator, and synthesizes nothing', () => {
    const chart = testChart();
    const a = KubernetesSecretStore.builtin(chart);
    expect(KubernetesSecretStore.builtin(chart)).toBe(a);
    expect(a.storeName).toBe('kubernetes');
    expect(a.namespace).toBeUndefined();
    expect(a.resolver).toBe(SecretResolver.OPERATOR);
    expect(a.component).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('the name "kubernetes" is taken by the built-in store', () => {
    expect(() => new KubernetesSecretStore(testChart(), 'kubernetes')).toThrow(
      '[test/kubernetes] name: daprd already creates a store named "kubernetes" in every namespace. Fix: use KubernetesSecretStore.builtin(scope) for it, or give this store another name',
    );
  });
});
