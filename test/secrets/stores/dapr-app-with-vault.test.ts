import { Chart } from 'cdk8s';
import { DaprApp, DeclaredSecret, ISecretStore, KubernetesSecretStore, RedisStateStore, SecretResolver } from '../../../lib';
import { HashicorpVaultSecretStore } from '../../../lib/secrets/stores';
import { findObject, testChart } from '../../support/chart';
import { synthValid } from './support';

/**
 * The Task API shape with Vault: the Redis password lives in Vault, the app reads one more Vault secret
 * through the Secrets API, and the Vault token lives in a Kubernetes Secret reached through `tokenStore`.
 */
function taskApiWithVault(chart: Chart, tokenStore: ISecretStore) {
  const token = new DeclaredSecret(chart, 'vault-token', { store: tokenStore, keys: ['token'] });
  const vault = new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr: 'https://vault.vault.svc:8200', vaultToken: token.keyRef('token') });
  const redis = new DeclaredSecret(chart, 'redis', { store: vault, keys: ['password'] });
  const notification = new DeclaredSecret(chart, 'notification-api', { store: vault, keys: ['api-key'] });
  new DeclaredSecret(chart, 'unread', { store: vault, keys: ['value'] });
  const statestore = new RedisStateStore(chart, 'statestore', { redisHost: 'redis-master.default.svc.cluster.local:6379', redisPassword: redis.keyRef('password') });
  const app = new DaprApp(chart, 'task-api', { appId: 'task-api', image: 'task-api:1.0', appPort: 8000, components: [statestore] });
  notification.grantRead(app);
  // A second app that loads nothing from Vault.
  new DaprApp(chart, 'audit', { appId: 'audit', image: 'audit:1.0' });
  return { vault, app };
}

describe('a DaprApp whose component reads its password from Vault', () => {
  test('token through a named Kubernetes store: auth, scopes, Configuration and RBAC', () => {
    const chart = testChart();
    const tokenStore = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets: SecretResolver.SIDECAR });
    const { vault, app } = taskApiWithVault(chart, tokenStore);
    expect(app.loadedComponents().map((c) => c.componentName)).toEqual(['statestore', 'vault', 'kubernetes-secrets']);

    const objects = synthValid(chart);
    const statestore = findObject(objects, 'Component', 'statestore');
    expect(statestore.auth).toEqual({ secretStore: 'vault' });
    expect(statestore.spec.metadata[1]).toEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } });
    expect(statestore.scopes).toEqual(['task-api']);

    const vaultObj = findObject(objects, 'Component', 'vault');
    expect(vaultObj.scopes).toEqual(['task-api']);
    expect(vaultObj.auth).toEqual({ secretStore: 'kubernetes-secrets' });
    expect(vault.scopes).toEqual(['task-api']);
    expect(findObject(objects, 'Component', 'kubernetes-secrets').scopes).toEqual(['task-api']);

    // Deny by default; the Vault scope allows exactly the Vault secrets the app reads through the Secrets API.
    expect(findObject(objects, 'Configuration', 'task-api-config').spec.secrets.scopes).toEqual([
      { storeName: 'kubernetes', defaultAccess: 'deny' },
      { storeName: 'kubernetes-secrets', defaultAccess: 'deny' },
      { storeName: 'vault', defaultAccess: 'deny', allowedSecrets: ['notification-api'] },
    ]);
    // The other app cannot reach the Vault store at all, and gets no scope for it.
    expect(findObject(objects, 'Configuration', 'audit-config').spec.secrets.scopes).toEqual([{ storeName: 'kubernetes', defaultAccess: 'deny' }]);

    // The sidecar reads the token Secret with the pod's ServiceAccount; Vault-held secrets need no RBAC.
    expect(app.secretsReadBySidecar).toEqual(['vault-token']);
    expect(findObject(objects, 'Role', 'task-api-secret-reader').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['vault-token'] },
    ]);
    expect(findObject(objects, 'RoleBinding', 'task-api-secret-reader').subjects).toEqual([{ kind: 'ServiceAccount', name: 'task-api', namespace: 'default' }]);
    expect(objects.filter((o) => o.kind === 'Role')).toHaveLength(1);
    // Nothing about the Vault-held secrets is synthesized.
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('token through the built-in store: the operator resolves it, so no Role at all', () => {
    const chart = testChart();
    const { app } = taskApiWithVault(chart, KubernetesSecretStore.builtin(chart));
    expect(app.loadedComponents().map((c) => c.componentName)).toEqual(['statestore', 'vault']);
    const objects = synthValid(chart);
    expect(findObject(objects, 'Component', 'vault').auth).toEqual({ secretStore: 'kubernetes' });
    expect(findObject(objects, 'Component', 'vault').scopes).toEqual(['task-api']);
    expect(app.secretsReadBySidecar).toEqual([]);
    expect(objects.some((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toBe(false);
    expect(findObject(objects, 'Configuration', 'task-api-config').spec.secrets.scopes).toEqual([
      { storeName: 'kubernetes', defaultAccess: 'deny' },
      { storeName: 'vault', defaultAccess: 'deny', allowedSecrets: ['notification-api'] },
    ]);
  });

  test('the secrets fingerprint follows the Vault-held secrets by reference, never by value', () => {
    const build = (keys: string[]) => {
      const chart = testChart();
      const vault = new HashicorpVaultSecretStore(chart, 'vault', { vaultTokenMountPath: '/t' });
      const redis = new DeclaredSecret(chart, 'redis', { store: vault, keys });
      const statestore = new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: redis.keyRef('password') });
      return new DaprApp(chart, 'task-api', { appId: 'task-api', image: 'i', components: [statestore] });
    };
    const base = build(['password']);
    expect(base.secretDependencies.map((s) => s.secretName)).toEqual(['redis']);
    expect(build(['password']).secretsFingerprint).toBe(base.secretsFingerprint);
    expect(build(['password', 'username']).secretsFingerprint).not.toBe(base.secretsFingerprint);
  });
});
