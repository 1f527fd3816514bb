import { Chart } from 'cdk8s';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, SecretDelivery, StoreManagedDelivery, SecretResolver } from '../../../lib';
import {
  AwsSecretsManagerSecretStoreAuth,
  AwsSecretsManagerSecretStore,
  AzureKeyVaultSecretStoreAuth,
  AzureKeyVaultSecretStore,
  GcpSecretManagerSecretStore,
  HashicorpVaultSecretStore,
  LocalEnvSecretStore,
  LocalFileSecretStore,
  SecretStoreComponent,
} from '../../../lib/secrets/stores';
import { findObject, synthErrors, testChart } from '../../support/chart';
import { loadInApp, objectNames, synthValid } from './support';

const vaultAddr = 'https://vault.vault.svc:8200';

/**
 * What `loadInApp` adds to the output: the app's objects. No Role: the stores' credentials are in the
 * built-in store, which the dapr-operator resolves, so the sidecar reads no Kubernetes Secret.
 */
const APP_OBJECTS = ['Configuration/app-config', 'ServiceAccount/app', 'Deployment/app', 'NetworkPolicy/app'];

/** One store of every kind, each with its credentials (where it has any) in the built-in store. */
function everyStore(chart: Chart): SecretStoreComponent[] {
  const creds = new DeclaredSecret(chart, 'store-credentials', { keys: ['token', 'client-secret', 'key-id', 'key'] });
  return [
    new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr, vaultToken: creds.keyRef('token') }),
    new AzureKeyVaultSecretStore(chart, 'azure-kv', {
      vaultName: 'task-api-kv',
      auth: AzureKeyVaultSecretStoreAuth.clientCredentials({ azureTenantId: 'tenant', azureClientId: 'client', azureClientSecret: creds.keyRef('client-secret') }),
    }),
    new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' }),
    new GcpSecretManagerSecretStore(chart, 'gcp-secrets', {
      projectID: 'p', clientEmail: 'dapr@p.iam.gserviceaccount.com', clientID: '1', privateKeyID: creds.keyRef('key-id'), privateKey: creds.keyRef('key'),
    }),
    new LocalFileSecretStore(chart, 'local-file', { secretsFile: '/mnt/secrets.json' }),
    new LocalEnvSecretStore(chart, 'local-env'),
  ];
}

describe('SecretStoreComponent (every non-Kubernetes store)', () => {
  test('every store is a sidecar-resolved, non-Kubernetes Component named after its construct', () => {
    const chart = testChart();
    const stores = everyStore(chart);
    for (const store of stores) {
      expect(SecretStoreComponent.isSecretStoreComponent(store)).toBe(true);
      expect(store.storeName).toBe(store.componentName);
      expect([store.resolver, store.kubernetesBacked, store.component]).toEqual(['sidecar', false, store]);
    }
    loadInApp(chart, stores);
    const objects = synthValid(chart);
    expect(objectNames(objects)).toEqual([...stores.map((s) => `Component/${s.storeName}`), ...APP_OBJECTS]);
    for (const store of stores) expect(findObject(objects, 'Component', store.storeName).scopes).toEqual(['app']);
  });

  test('a secret store that no app loads fails synth with the scopes error; unscoped: true accepts it', () => {
    const chart = testChart();
    const stores = everyStore(chart);
    new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets: SecretResolver.SIDECAR });
    // An app that loads none of them does not scope them.
    new DaprApp(chart, 'app', { appId: 'app', image: 'app:1' });
    const refused = [...stores.map((s) => s.storeName), 'kubernetes-secrets'].map((name) =>
      `  [test/${name}] scopes: no DaprApp of this cdk8s App loads component "${name}", so it would be written without scopes and Dapr would load it into every app of namespace "default". `
      + 'Fix: load it in the apps that use it (components: [...] or app.addComponent(component)), or pass unscoped: true to load it into every app of the namespace on purpose');
    expect(synthErrors(chart)).toBe(`Validation failed with the following errors:\n${refused.join('\n')}`);

    const open = testChart();
    const env = new LocalEnvSecretStore(open, 'env-secrets', { unscoped: true });
    const vault = new HashicorpVaultSecretStore(open, 'vault', { vaultAddr, vaultTokenMountPath: '/t', unscoped: true });
    const k8s = new KubernetesSecretStore(open, 'kubernetes-secrets', { unscoped: true });
    const app = new DaprApp(open, 'app', { appId: 'app', image: 'app:1' });
    expect([env.unscoped, vault.unscoped, k8s.unscoped]).toEqual([true, true, true]);
    const objects = synthValid(open);
    for (const name of ['env-secrets', 'vault', 'kubernetes-secrets']) expect(findObject(objects, 'Component', name).scopes).toBeUndefined();
    // Every app of the namespace loads an unscoped store, so the app's Configuration denies each by default.
    expect(app.reachableStores()).toEqual(['env-secrets', 'kubernetes', 'kubernetes-secrets', 'vault']);
    expect(findObject(objects, 'Configuration', 'app-config').spec.secrets.scopes).toEqual(
      ['env-secrets', 'kubernetes', 'kubernetes-secrets', 'vault'].map((storeName) => ({ storeName, defaultAccess: 'deny' })),
    );
  });

  test('a secret declared in a non-Kubernetes store defaults to store-managed delivery; out-of-band is refused', () => {
    const chart = testChart();
    const stores = everyStore(chart);
    loadInApp(chart, stores);
    for (const store of stores) {
      const secret = new DeclaredSecret(chart, `in-${store.storeName}`, { store, keys: store.keyStyle === 'multi-key' ? ['value'] : undefined });
      expect(secret.delivery).toBeInstanceOf(StoreManagedDelivery);
      expect(secret.delivery.createsKubernetesSecret).toBe(false);
      expect(store.declaredSecrets).toEqual([secret]);
    }
    // Store-managed secrets synthesize nothing: only the six store Components are written, besides the app that loads them.
    const objects = synthValid(chart);
    expect(objects.filter((o) => o.kind !== 'Component').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(APP_OBJECTS);
    expect(objects.filter((o) => o.kind === 'Component')).toHaveLength(6);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);

    const other = testChart();
    const vault = new HashicorpVaultSecretStore(other, 'vault', { vaultAddr, vaultTokenMountPath: '/t' });
    expect(() => new DeclaredSecret(other, 'db', { store: vault, keys: ['password'], delivery: SecretDelivery.outOfBand() })).toThrow(
      '[test/db] delivery: out-of-band delivery creates a Kubernetes Secret, but store "vault" does not read Kubernetes Secrets. Fix: keep the value in the store itself, or use a Kubernetes secret store',
    );
  });

  test('a store credential through the store itself is refused', () => {
    const chart = testChart();
    const vault = new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr, vaultTokenMountPath: '/var/run/secrets/vault/token' });
    const inVault = new DeclaredSecret(chart, 'vault-ca', { store: vault, keys: ['pem'] });
    expect(() => vault.addSecretMetadata('caPem', inVault.keyRef('pem'))).toThrow(
      '[test/vault] spec.metadata[caPem]: reference "vault-ca/pem" goes through this store "vault" itself, but daprd needs "caPem" before the store can read any secret. '
      + "Fix: keep the store's credential in a Kubernetes secret store, such as new DeclaredSecret(scope, 'vault-ca', { store: KubernetesSecretStore.builtin(scope), keys: ['pem'] })",
    );
  });

  test('a store credential through another non-Kubernetes store is refused', () => {
    const chart = testChart();
    const kv = new AzureKeyVaultSecretStore(chart, 'azure-kv', { vaultName: 'task-api-kv' });
    const tokenInKv = new DeclaredSecret(chart, 'vault-token', { store: kv });
    expect(() => new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr, vaultToken: tokenInKv.keyRef('vault-token') })).toThrow(
      '[test/vault] spec.metadata[vaultToken]: reference "vault-token/vault-token" goes through store "azure-kv", which is not backed by Kubernetes Secrets; a secret store\'s own credentials can only come from Kubernetes Secrets. '
      + "Fix: keep the store's credential in a Kubernetes secret store, such as new DeclaredSecret(scope, 'vault-token', { store: KubernetesSecretStore.builtin(scope), keys: ['vault-token'] })",
    );
    const aws = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' });
    const inAws = new DeclaredSecret(chart, 'aws-keys', { store: aws });
    expect(() => new AwsSecretsManagerSecretStore(chart, 'aws-other', {
      region: 'eu-west-1',
      auth: AwsSecretsManagerSecretStoreAuth.accessKeys({ accessKey: inAws.keyRef('aws-keys'), secretKey: inAws.keyRef('aws-keys') }),
    })).toThrow('[test/aws-other] spec.metadata[accessKey]: reference "aws-keys/aws-keys" goes through store "aws-secrets", which is not backed by Kubernetes Secrets');
  });

  test('the suggested Kubernetes declaration for a credential uses a Kubernetes name and key, whatever the store called it', () => {
    const chart = testChart();
    const aws = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' });
    const inAws = new DeclaredSecret(chart, 'vault-token', { store: aws, name: 'prod/Vault_Token' });
    expect(() => new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr, vaultToken: inAws.keyRef('prod/Vault_Token') })).toThrow(
      "Fix: keep the store's credential in a Kubernetes secret store, such as new DeclaredSecret(scope, 'prod-vault-token', { store: KubernetesSecretStore.builtin(scope), keys: ['prod-vault-token'] })",
    );
  });

  test('credentials through the built-in store or a named Kubernetes store are accepted', () => {
    const chart = testChart();
    const named = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets: SecretResolver.SIDECAR });
    const viaNamed = new DeclaredSecret(chart, 'sp-named', { store: named, keys: ['secret'] });
    const viaBuiltin = new DeclaredSecret(chart, 'sp-builtin', { keys: ['secret'] });
    const auth = (s: DeclaredSecret) => AzureKeyVaultSecretStoreAuth.clientCredentials({ azureTenantId: 't', azureClientId: 'c', azureClientSecret: s.keyRef('secret') });
    const kvA = new AzureKeyVaultSecretStore(chart, 'kv-a', { vaultName: 'kv-a', auth: auth(viaNamed) });
    const kvB = new AzureKeyVaultSecretStore(chart, 'kv-b', { vaultName: 'kv-b', auth: auth(viaBuiltin) });
    loadInApp(chart, [kvA, kvB]);
    const objects = synthValid(chart);
    expect(findObject(objects, 'Component', 'kv-a').auth).toEqual({ secretStore: 'kubernetes-secrets' });
    expect(findObject(objects, 'Component', 'kv-b').auth).toEqual({ secretStore: 'kubernetes' });
    // The named store is loaded with the store whose credential it holds.
    expect(findObject(objects, 'Component', 'kubernetes-secrets').scopes).toEqual(['app']);
  });

  test('a credential secret in another namespace than the store is reported at synth', () => {
    const chart = testChart();
    const token = new DeclaredSecret(chart, 'vault-token', { keys: ['token'], namespace: 'vault' });
    new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr, vaultToken: token.keyRef('token') });
    expect(synthErrors(chart)).toContain(
      '[test/vault] spec.metadata[vaultToken].secretKeyRef.name: secret "vault-token" is in namespace "vault", but Dapr reads it from the component\'s namespace "default"',
    );
  });

  test('the name "kubernetes" belongs to the built-in store', () => {
    expect(() => new LocalEnvSecretStore(testChart(), 'kubernetes')).toThrow(
      '[test/kubernetes] name: daprd already creates a store named "kubernetes" in every namespace, and the dapr-operator resolves every reference through that name from Kubernetes Secrets. Fix: give this secretstores.local.env store another name',
    );
  });

  test('component options reach the store Component', () => {
    const chart = testChart();
    const store = new LocalEnvSecretStore(chart, 'env', { name: 'dev-secrets', namespace: 'dev', labels: { tier: 'dev' }, ignoreErrors: true });
    loadInApp(chart, [store], 'dev');
    const obj = findObject(synthValid(chart), 'Component', 'dev-secrets');
    expect(obj.metadata).toEqual({ name: 'dev-secrets', namespace: 'dev', labels: { tier: 'dev' } });
    expect(obj.spec.ignoreErrors).toBe(true);
  });
});
