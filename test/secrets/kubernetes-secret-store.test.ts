import { Testing } from 'cdk8s';
import { DaprApp, KubernetesSecretStore, SecretKeyStyle, SecretResolver } from '../../lib';
import { findObject, testChart } from '../support/chart';

describe('KubernetesSecretStore', () => {
  test('a named store is a secretstores.kubernetes Component resolved by the sidecar', () => {
    const chart = testChart();
    // On its own, so unscoped: no app loads it, and the Component is written without scopes.
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { unscoped: true });
    expect(store.storeName).toBe('kubernetes-secrets');
    expect(store.resolver).toBe(SecretResolver.SIDECAR);
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
