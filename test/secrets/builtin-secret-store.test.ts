import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { DaprApp, DaprComponent, DeclaredSecret, KubernetesSecretStore, renderApp } from '../../lib';
import { findObject } from '../support/chart';

function twoCharts(namespaceA: string, namespaceB: string) {
  const app = Testing.app();
  return { app, a: new Chart(app, 'a', { namespace: namespaceA }), b: new Chart(app, 'b', { namespace: namespaceB }) };
}

describe('builtinKubernetesStore', () => {
  test('is one object per app, shared by its charts, and another in another app', () => {
    const { app, a, b } = twoCharts('shop', 'shop');
    const store = KubernetesSecretStore.builtin(a);
    expect(KubernetesSecretStore.builtin(b)).toBe(store);
    expect(KubernetesSecretStore.builtin(app)).toBe(store);
    expect(new DeclaredSecret(b, 'db', { keys: ['password'] }).store).toBe(store);
    expect(store.node.scope).toBe(app);
    expect(KubernetesSecretStore.builtin(new Chart(Testing.app(), 'other'))).not.toBe(store);
  });

  test('synthesizes nothing, in any chart', () => {
    const { app, a, b } = twoCharts('shop', 'shop');
    KubernetesSecretStore.builtin(a);
    KubernetesSecretStore.builtin(b);
    expect(renderApp(app).map((f) => f.path)).toEqual(['kustomization.yaml']);
  });

  test('a component may reference secrets declared in two charts of one namespace', () => {
    const { a, b } = twoCharts('shop', 'shop');
    const user = new DeclaredSecret(a, 'db-user', { keys: ['username'] });
    const password = new DeclaredSecret(b, 'db-password', { keys: ['password'] });
    const component = new DaprComponent(a, 'db', { type: 'bindings.postgresql' });
    component.addSecretMetadata('user', user.keyRef('username'));
    component.addSecretMetadata('password', password.keyRef('password'));
    new DaprApp(a, 'orders', { appId: 'orders', image: 'orders:1', components: [component] });
    const obj = findObject(Testing.synth(a), 'Component', 'db');
    expect(obj.auth).toEqual({ secretStore: 'kubernetes' });
    expect(obj.scopes).toEqual(['orders']);
    expect(obj.spec.metadata).toEqual([
      { name: 'user', secretKeyRef: { name: 'db-user', key: 'username' } },
      { name: 'password', secretKeyRef: { name: 'db-password', key: 'password' } },
    ]);
  });

  test('a secret in another namespace is still refused, naming both namespaces', () => {
    const { app, a, b } = twoCharts('shop', 'billing');
    const user = new DeclaredSecret(a, 'db-user', { keys: ['username'] });
    const password = new DeclaredSecret(b, 'db-password', { keys: ['password'] });
    const component = new DaprComponent(a, 'db', { type: 'bindings.postgresql' });
    component.addSecretMetadata('user', user.keyRef('username'));
    component.addSecretMetadata('password', password.keyRef('password'));
    new DaprApp(a, 'orders', { appId: 'orders', image: 'orders:1', components: [component] });
    expect(() => renderApp(app)).toThrow(
      '[a/db] spec.metadata[password].secretKeyRef.name: secret "db-password" is in namespace "billing", but Dapr reads it from the component\'s namespace "shop". Fix: declare the secret in the same namespace as the component',
    );
  });

  test('a construct that holds its id at the root of the app is refused', () => {
    const app = new App();
    new Construct(app, 'BuiltinKubernetesSecretStore');
    expect(() => KubernetesSecretStore.builtin(new Chart(app, 'a'))).toThrow(
      '[BuiltinKubernetesSecretStore] id: the id "BuiltinKubernetesSecretStore" at the root of the app is where the built-in "kubernetes" store lives. Fix: give this construct another id',
    );
  });
});
