import { validateManifest } from '../../lib/validation';
import * as fx from './fixtures';

describe('Bitnami SealedSecret', () => {
  test('a valid SealedSecret passes', () => {
    expect(validateManifest(fx.sealedSecret())).toEqual([]);
  });

  test('missing encryptedData', () => {
    const s = fx.sealedSecret();
    delete s.spec.encryptedData;
    expect(validateManifest(s)).toEqual(['SealedSecret/redis-auth: $.spec.encryptedData: is required']);
  });

  test('encryptedData that is not base64 is flagged without echoing it', () => {
    const s = fx.sealedSecret();
    const plaintext = 'plain text, not sealed';
    s.spec.encryptedData['redis-password'] = plaintext;
    const messages = validateManifest(s);
    expect(messages).toEqual([
      'SealedSecret/redis-auth: $.spec.encryptedData["redis-password"]: must be non-empty standard base64 ciphertext (as kubeseal produces); the value is not sealed',
    ]);
    expect(messages.join('\n')).not.toContain(plaintext);
  });

  test('encryptedData values must be strings', () => {
    const s = fx.sealedSecret();
    s.spec.encryptedData['redis-password'] = { sealed: true };
    expect(validateManifest(s)).toEqual(['SealedSecret/redis-auth: $.spec.encryptedData["redis-password"]: must be string, got object']);
  });

  test('template with an unknown key, a non-boolean immutable and stringData', () => {
    const s = fx.sealedSecret();
    s.spec.template.immutable = 'yes';
    s.spec.template.stringData = { a: 'b' };
    expect(validateManifest(s)).toEqual([
      'SealedSecret/redis-auth: $.spec.template.stringData: unknown field (not allowed here)',
      'SealedSecret/redis-auth: $.spec.template.immutable: must be boolean, got string',
    ]);
  });

  test('the deprecated spec.data blob is rejected', () => {
    const s = fx.sealedSecret();
    s.spec.data = fx.fakeSealedValue();
    expect(validateManifest(s)).toEqual(['SealedSecret/redis-auth: $.spec.data: unknown field (not allowed here)']);
  });
});

describe('External Secrets ExternalSecret', () => {
  test('a valid ExternalSecret passes', () => {
    expect(validateManifest(fx.externalSecret())).toEqual([]);
  });

  test('an invalid creationPolicy', () => {
    const e = fx.externalSecret();
    e.spec.target.creationPolicy = 'Always';
    expect(validateManifest(e)).toEqual([
      'ExternalSecret/redis-auth: $.spec.target.creationPolicy: must be one of "Owner", "Orphan", "Merge", "None"; got "Always"',
    ]);
  });

  test('invalid deletionPolicy, refreshPolicy and secretStoreRef.kind', () => {
    const e = fx.externalSecret();
    e.spec.target.deletionPolicy = 'Keep';
    e.spec.refreshPolicy = 'Hourly';
    e.spec.secretStoreRef.kind = 'VaultStore';
    expect(validateManifest(e)).toEqual([
      'ExternalSecret/redis-auth: $.spec.secretStoreRef.kind: must be one of "SecretStore", "ClusterSecretStore"; got "VaultStore"',
      'ExternalSecret/redis-auth: $.spec.target.deletionPolicy: must be one of "Delete", "Merge", "Retain"; got "Keep"',
      'ExternalSecret/redis-auth: $.spec.refreshPolicy: must be one of "CreatedOnce", "Periodic", "OnChange"; got "Hourly"',
    ]);
  });

  test('data entry without secretKey and remoteRef without key, plus a bad decodingStrategy', () => {
    const e = fx.externalSecret();
    e.spec.data = [{ remoteRef: { property: 'value', decodingStrategy: 'Hex' } }];
    expect(validateManifest(e)).toEqual([
      'ExternalSecret/redis-auth: $.spec.data[0].secretKey: is required',
      'ExternalSecret/redis-auth: $.spec.data[0].remoteRef.key: is required',
      'ExternalSecret/redis-auth: $.spec.data[0].remoteRef.decodingStrategy: must be one of "None", "Base64", "Base64URL", "Auto"; got "Hex"',
    ]);
  });

  test('refreshInterval must be a Go duration string', () => {
    const e = fx.externalSecret();
    e.spec.refreshInterval = '1 hour';
    expect(validateManifest(e)).toEqual([
      'ExternalSecret/redis-auth: $.spec.refreshInterval: must be a Go duration such as "30s", "1h" or "2h30m"; got "1 hour"',
    ]);
  });

  test('an unknown spec key (v1beta1-era typo) is rejected', () => {
    const e = fx.externalSecret();
    e.spec.storeRef = e.spec.secretStoreRef;
    expect(validateManifest(e)).toEqual(['ExternalSecret/redis-auth: $.spec.storeRef: unknown field (not allowed here)']);
  });

  test('the served-no-more v1beta1 apiVersion has no schema', () => {
    const e = fx.externalSecret();
    e.apiVersion = 'external-secrets.io/v1beta1';
    expect(validateManifest(e)).toEqual(['ExternalSecret/redis-auth: $: no schema for external-secrets.io/v1beta1/ExternalSecret']);
  });
});

describe('External Secrets SecretStore / ClusterSecretStore', () => {
  test('a valid SecretStore passes', () => {
    expect(validateManifest(fx.secretStore())).toEqual([]);
  });

  test('a valid ClusterSecretStore passes', () => {
    expect(validateManifest(fx.clusterSecretStore())).toEqual([]);
  });

  test('two providers', () => {
    const s = fx.secretStore();
    s.spec.provider.vault = { server: 'https://vault.example:8200' };
    expect(validateManifest(s)).toEqual(['SecretStore/shop-store: $.spec.provider: must configure exactly one provider; found 2: fake, vault']);
  });

  test('no provider', () => {
    const s = fx.secretStore();
    s.spec.provider = {};
    expect(validateManifest(s)).toEqual(['SecretStore/shop-store: $.spec.provider: must configure exactly one provider; none is set']);
  });

  test('an unknown provider key', () => {
    const s = fx.secretStore();
    s.spec.provider = { hashicorp: {} };
    expect(validateManifest(s)).toEqual(['SecretStore/shop-store: $.spec.provider.hashicorp: unknown field (not allowed here)']);
  });

  test('refreshInterval is an integer number of seconds, not a duration', () => {
    const s = fx.secretStore();
    s.spec.refreshInterval = '1h';
    expect(validateManifest(s)).toEqual(['SecretStore/shop-store: $.spec.refreshInterval: must be integer, got string']);
  });

  test('retrySettings and conditions shapes', () => {
    const s = fx.clusterSecretStore();
    s.spec.retrySettings = { maxRetries: 'three' };
    s.spec.conditions = [{ namespaces: ['Apps'] }];
    expect(validateManifest(s)).toEqual([
      'ClusterSecretStore/shop-cluster-store: $.spec.retrySettings.maxRetries: must be integer, got string',
      `ClusterSecretStore/shop-cluster-store: $.spec.conditions[0].namespaces[0]: must be a DNS-1123 label (lowercase alphanumerics and "-"); got "Apps"`,
    ]);
  });

  test('missing spec.provider', () => {
    const s = fx.secretStore();
    delete s.spec.provider;
    expect(validateManifest(s)).toEqual(['SecretStore/shop-store: $.spec.provider: is required']);
  });
});

describe('External Secrets names and the bodies of the providers the library renders', () => {
  const vaultStore = (): any => {
    const s = fx.secretStore();
    s.spec.provider = { vault: { server: 'https://vault.example:8200', path: 'secret', version: 'v2', auth: { tokenSecretRef: { name: 'vault-token', key: 'token' } } } };
    return s;
  };

  test('target.name and secretStoreRef.name must be DNS-1123 subdomains of at most 253 characters', () => {
    const e = fx.externalSecret();
    e.spec.target.name = 'Redis_Auth';
    e.spec.secretStoreRef.name = `${'a'.repeat(254)}`;
    expect(validateManifest(e)).toEqual([
      'ExternalSecret/redis-auth: $.spec.secretStoreRef.name: must NOT have more than 253 characters',
      'ExternalSecret/redis-auth: $.spec.target.name: must be a DNS-1123 subdomain (lowercase alphanumerics, "-" and "."); got "Redis_Auth"',
    ]);
  });

  test('a valid Vault body passes, and fields the library does not write are allowed', () => {
    const s = vaultStore();
    s.spec.provider.vault.readYourWrites = true;
    s.spec.provider.vault.auth.namespace = 'team-a';
    expect(validateManifest(s)).toEqual([]);
  });

  test('Vault: server is required, version is v1 or v2, caBundle is base64, the Kubernetes and AppRole methods need their mount paths', () => {
    const s = vaultStore();
    delete s.spec.provider.vault.server;
    s.spec.provider.vault.version = 'v3';
    s.spec.provider.vault.caBundle = '-----BEGIN CERTIFICATE-----';
    s.spec.provider.vault.auth = { kubernetes: { role: 'shop' }, appRole: { roleId: 'r', secretRef: { name: 'approle', key: 'secret-id' } } };
    expect(validateManifest(s)).toEqual([
      'SecretStore/shop-store: $.spec.provider.vault.server: is required',
      'SecretStore/shop-store: $.spec.provider.vault.version: must be one of "v1", "v2"; got "v3"',
      'SecretStore/shop-store: $.spec.provider.vault.caBundle: must be standard base64; got "-----BEGIN CERTIFICATE-----"',
      'SecretStore/shop-store: $.spec.provider.vault.auth.kubernetes.mountPath: is required',
      'SecretStore/shop-store: $.spec.provider.vault.auth.appRole.path: is required',
    ]);
  });

  test('secret and ServiceAccount references: name, key and namespace shapes, no unknown fields, a ServiceAccount needs its name', () => {
    const s = vaultStore();
    s.spec.provider.vault.auth.tokenSecretRef = { name: 'Vault_Token', key: 'a key', namespace: 'Shop', value: 'x' };
    s.spec.provider.vault.auth.kubernetes = { mountPath: 'kubernetes', role: 'shop', serviceAccountRef: { namespace: 'shop' } };
    expect(validateManifest(s)).toEqual([
      'SecretStore/shop-store: $.spec.provider.vault.auth.tokenSecretRef.value: unknown field (not allowed here)',
      'SecretStore/shop-store: $.spec.provider.vault.auth.tokenSecretRef.name: must be a DNS-1123 subdomain (lowercase alphanumerics, "-" and "."); got "Vault_Token"',
      'SecretStore/shop-store: $.spec.provider.vault.auth.tokenSecretRef.key: must consist of alphanumerics, "-", "_" or "."; got "a key"',
      'SecretStore/shop-store: $.spec.provider.vault.auth.tokenSecretRef.namespace: must be a DNS-1123 label (lowercase alphanumerics and "-"); got "Shop"',
      'SecretStore/shop-store: $.spec.provider.vault.auth.kubernetes.serviceAccountRef.name: is required',
    ]);
  });

  test('AWS: service and region are required, service is SecretsManager or ParameterStore', () => {
    const s = fx.secretStore();
    s.spec.provider = { aws: { service: 'KMS' } };
    expect(validateManifest(s)).toEqual([
      'SecretStore/shop-store: $.spec.provider.aws.region: is required',
      'SecretStore/shop-store: $.spec.provider.aws.service: must be one of "SecretsManager", "ParameterStore"; got "KMS"',
    ]);
    s.spec.provider = { aws: { region: 'eu-central-1' } };
    expect(validateManifest(s)).toEqual(['SecretStore/shop-store: $.spec.provider.aws.service: is required']);
  });

  test('Azure Key Vault: vaultUrl is required, authType and environmentType are enums', () => {
    const s = fx.secretStore();
    s.spec.provider = { azurekv: { authType: 'Password', environmentType: 'Moon' } };
    expect(validateManifest(s)).toEqual([
      'SecretStore/shop-store: $.spec.provider.azurekv.vaultUrl: is required',
      'SecretStore/shop-store: $.spec.provider.azurekv.authType: must be one of "ServicePrincipal", "ManagedIdentity", "WorkloadIdentity"; got "Password"',
      'SecretStore/shop-store: $.spec.provider.azurekv.environmentType: must be one of "PublicCloud", "USGovernmentCloud", "ChinaCloud", "GermanCloud"; got "Moon"',
    ]);
  });

  test('GCP Secret Manager: workload identity needs its ServiceAccount', () => {
    const s = fx.secretStore();
    s.spec.provider = { gcpsm: { projectID: 'shop', auth: { workloadIdentity: { clusterLocation: 'europe-west1', clusterName: 'shop' } } } };
    expect(validateManifest(s)).toEqual(['SecretStore/shop-store: $.spec.provider.gcpsm.auth.workloadIdentity.serviceAccountRef: is required']);
  });

  test('providers the library does not render keep loose bodies', () => {
    const s = fx.secretStore();
    s.spec.provider = { onepassword: { anything: { goes: [1, 2] } } };
    expect(validateManifest(s)).toEqual([]);
  });
});
