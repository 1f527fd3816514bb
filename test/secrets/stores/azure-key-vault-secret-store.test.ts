import { DeclaredSecret, RedisStateStore, SecretKeyStyle, SecretResolver } from '../../../lib';
import { makeCanary } from '../../../lib/scan';
import { AzureEnvironment, AzureKeyVaultSecretStoreAuth, AzureKeyVaultSecretStore } from '../../../lib/secrets/stores';
import { findObject, testChart } from '../../support/chart';
import { loadInApp, metadataEntry, synthValid, thrown } from './support';

const tenant = '00000000-0000-0000-0000-00000000aaaa';
const client = '00000000-0000-0000-0000-00000000bbbb';

describe('AzureKeyVaultSecretStore', () => {
  test('managed identity by default: no credential at all, a name/value store', () => {
    const chart = testChart();
    const kv = new AzureKeyVaultSecretStore(chart, 'azure-kv', { vaultName: 'task-api-kv' });
    expect(kv.keyStyle).toBe(SecretKeyStyle.NAME_VALUE);
    expect(kv.resolver).toBe(SecretResolver.SIDECAR);
    expect(kv.kubernetesBacked).toBe(false);
    expect(kv.component).toBe(kv);
    expect(kv.authMethod).toBe('managed-identity');
    loadInApp(chart, [kv]);
    const obj = findObject(synthValid(chart), 'Component', 'azure-kv');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'azure-kv', namespace: 'default' },
      spec: { type: 'secretstores.azure.keyvault', version: 'v1', metadata: [{ name: 'vaultName', value: 'task-api-kv' }] },
      scopes: ['app'],
    });
    expect(obj).toMatchSnapshot();
  });

  test('user-assigned managed identity and another cloud', () => {
    const chart = testChart();
    const kv = new AzureKeyVaultSecretStore(chart, 'azure-kv', {
      vaultName: 'task-api-kv',
      azureEnvironment: AzureEnvironment.US_GOVERNMENT_CLOUD,
      auth: AzureKeyVaultSecretStoreAuth.managedIdentity({ azureClientId: client }),
    });
    loadInApp(chart, [kv]);
    expect(findObject(synthValid(chart), 'Component', 'azure-kv').spec.metadata).toEqual([
      { name: 'vaultName', value: 'task-api-kv' },
      { name: 'azureEnvironment', value: 'AzureUSGovernmentCloud' },
      { name: 'azureClientId', value: client },
    ]);
  });

  test('client credentials: the client secret comes from a Kubernetes secret', () => {
    const chart = testChart();
    const sp = new DeclaredSecret(chart, 'azure-sp', { keys: ['client-secret'] });
    const kv = new AzureKeyVaultSecretStore(chart, 'azure-kv', {
      vaultName: 'task-api-kv',
      auth: AzureKeyVaultSecretStoreAuth.clientCredentials({ azureTenantId: tenant, azureClientId: client, azureClientSecret: sp.keyRef('client-secret') }),
    });
    expect(kv.authMethod).toBe('client-credentials');
    loadInApp(chart, [kv]);
    const obj = findObject(synthValid(chart), 'Component', 'azure-kv');
    expect(obj.auth).toEqual({ secretStore: 'kubernetes' });
    expect(obj.spec.metadata).toEqual([
      { name: 'vaultName', value: 'task-api-kv' },
      { name: 'azureTenantId', value: tenant },
      { name: 'azureClientId', value: client },
      { name: 'azureClientSecret', secretKeyRef: { name: 'azure-sp', key: 'client-secret' } },
    ]);
    expect(obj).toMatchSnapshot();
  });

  test('client certificate: certificate and password from a secret, or a certificate file', () => {
    const chart = testChart();
    const cert = new DeclaredSecret(chart, 'azure-cert', { keys: ['certificate', 'password'] });
    const bySecretStore = new AzureKeyVaultSecretStore(chart, 'by-secret', {
      vaultName: 'task-api-kv',
      auth: AzureKeyVaultSecretStoreAuth.clientCertificate({
        azureTenantId: tenant, azureClientId: client,
        azureCertificate: cert.keyRef('certificate'), azureCertificatePassword: cert.keyRef('password'),
      }),
    });
    const byFileStore = new AzureKeyVaultSecretStore(chart, 'by-file', {
      vaultName: 'task-api-kv',
      auth: AzureKeyVaultSecretStoreAuth.clientCertificate({ azureTenantId: tenant, azureClientId: client, azureCertificateFile: '/mnt/azure/cert.pfx' }),
    });
    loadInApp(chart, [bySecretStore, byFileStore]);
    const objects = synthValid(chart);
    const bySecret = findObject(objects, 'Component', 'by-secret');
    expect(bySecret.spec.metadata.slice(3)).toEqual([
      { name: 'azureCertificate', secretKeyRef: { name: 'azure-cert', key: 'certificate' } },
      { name: 'azureCertificatePassword', secretKeyRef: { name: 'azure-cert', key: 'password' } },
    ]);
    expect(bySecret).toMatchSnapshot();
    const byFile = findObject(objects, 'Component', 'by-file');
    expect(byFile.auth).toBeUndefined();
    expect(metadataEntry(byFile, 'azureCertificateFile')).toEqual({ name: 'azureCertificateFile', value: '/mnt/azure/cert.pfx' });
    expect(() => new AzureKeyVaultSecretStore(chart, 'neither', {
      vaultName: 'task-api-kv', auth: AzureKeyVaultSecretStoreAuth.clientCertificate({ azureTenantId: tenant, azureClientId: client }),
    })).toThrow(
      "[test/neither] auth.azureCertificate: client certificate authentication needs exactly one of azureCertificate and azureCertificateFile, got neither. Fix: pass azureCertificate: secret.keyRef('certificate') or azureCertificateFile: '/path/in/daprd/cert.pfx'",
    );
  });

  test('a component reference through Key Vault is {name: X, key: X} (name/value store)', () => {
    const chart = testChart();
    const kv = new AzureKeyVaultSecretStore(chart, 'azure-kv', { vaultName: 'task-api-kv' });
    const password = new DeclaredSecret(chart, 'redis-password', { store: kv });
    expect(password.keys).toEqual(['redis-password']);
    const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: password.keyRef('redis-password') });
    loadInApp(chart, [cache]);
    const objects = synthValid(chart);
    const obj = findObject(objects, 'Component', 'cache');
    expect(obj.auth).toEqual({ secretStore: 'azure-kv' });
    // Loading the state store loads the store it reads through.
    expect(findObject(objects, 'Component', 'azure-kv').scopes).toEqual(['app']);
    expect(metadataEntry(obj, 'redisPassword').secretKeyRef).toEqual({ name: 'redis-password', key: 'redis-password' });
    expect(() => new DeclaredSecret(chart, 'pair', { store: kv, keys: ['user', 'password'] })).toThrow(
      '[test/pair] keys: store "azure-kv" maps one value to each secret name, so the only key is the name "pair", not "user", "password". Fix: leave keys out, or declare one secret per value',
    );
  });

  test('sensitive fields do not compile with strings and are refused at run time without echoing them', () => {
    const chart = testChart();
    const canary = makeCanary('azure-credential');
    const messages = [
      thrown(() => new AzureKeyVaultSecretStore(chart, 'a', {
        vaultName: 'task-api-kv',
        auth: AzureKeyVaultSecretStoreAuth.clientCredentials({
          azureTenantId: tenant, azureClientId: client,
          // @ts-expect-error azureClientSecret only takes a SecretKeyRef
          azureClientSecret: canary,
        }),
      })),
      thrown(() => new AzureKeyVaultSecretStore(chart, 'b', {
        vaultName: 'task-api-kv',
        auth: AzureKeyVaultSecretStoreAuth.clientCertificate({
          azureTenantId: tenant, azureClientId: client,
          // @ts-expect-error azureCertificate only takes a SecretKeyRef
          azureCertificate: canary,
        }),
      })),
      thrown(() => new AzureKeyVaultSecretStore(chart, 'c', {
        vaultName: 'task-api-kv',
        auth: AzureKeyVaultSecretStoreAuth.clientCertificate({
          azureTenantId: tenant, azureClientId: client, azureCertificateFile: '/c.pfx',
          // @ts-expect-error azureCertificatePassword only takes a SecretKeyRef
          azureCertificatePassword: canary,
        }),
      })),
    ];
    expect(messages).toEqual([
      '[test/a] spec.metadata[azureClientSecret]: expected a secret reference, got a string (not shown: it may be a credential). Fix: declare the credential with new DeclaredSecret(...) and pass secret.keyRef(\'<key>\')',
      '[test/b] spec.metadata[azureCertificate]: expected a secret reference, got a string (not shown: it may be a credential). Fix: declare the credential with new DeclaredSecret(...) and pass secret.keyRef(\'<key>\')',
      '[test/c] spec.metadata[azureCertificatePassword]: expected a secret reference, got a string (not shown: it may be a credential). Fix: declare the credential with new DeclaredSecret(...) and pass secret.keyRef(\'<key>\')',
    ]);
    expect(messages.join('\n')).not.toContain(canary);
  });

  test('vaultName, ids, environment and auth are checked', () => {
    const chart = testChart();
    expect(() => new AzureKeyVaultSecretStore(chart, 'a', { vaultName: 'https://task-api-kv.vault.azure.net' })).toThrow(
      '[test/a] vaultName: "https://task-api-kv.vault.azure.net" is not a Key Vault name (3 to 24 letters, digits and "-", starting with a letter, no "--"). Fix: give the bare vault name, not its URL, and choose the cloud with azureEnvironment',
    );
    expect(() => new AzureKeyVaultSecretStore(chart, 'b', { vaultName: 'kv--x' })).toThrow(
      '[test/b] vaultName: "kv--x" is not a Key Vault name (3 to 24 letters, digits and "-", starting with a letter, no "--"). Fix: give the vault\'s name, such as \'task-api-kv\'',
    );
    expect(() => new AzureKeyVaultSecretStore(chart, 'c', {
      vaultName: 'task-api-kv', auth: AzureKeyVaultSecretStoreAuth.clientCredentials({ azureTenantId: '', azureClientId: client } as any),
    })).toThrow("[test/c] auth.azureTenantId: expected a non-empty string, got \"\". Fix: pass azureTenantId: '<tenant id>'");
    expect(() => new AzureKeyVaultSecretStore(chart, 'd', { vaultName: 'task-api-kv', azureEnvironment: 'AzureCloud' as any })).toThrow(
      '[test/d] azureEnvironment: "AzureCloud" is not one of "AzurePublicCloud", "AzureChinaCloud", "AzureUSGovernmentCloud"',
    );
    expect(() => new AzureKeyVaultSecretStore(chart, 'e', { vaultName: 'task-api-kv', auth: 'managed' as any })).toThrow(
      '[test/e] auth: expected an AzureKeyVaultSecretStoreAuth, got "managed". Fix: pass AzureKeyVaultSecretStoreAuth.managedIdentity(), .clientCredentials(...) or .clientCertificate(...)',
    );
  });

  test('secret names follow Key Vault: 1 to 127 letters, digits and "-", any case', () => {
    const chart = testChart();
    const kv = new AzureKeyVaultSecretStore(chart, 'azure-kv', { vaultName: 'task-api-kv' });
    for (const name of ['RedisPassword', 'redis-password', '0-task-api-redis', 'a', 'x'.repeat(127)]) {
      expect(kv.secretNameProblem(name)).toBeUndefined();
      expect(new DeclaredSecret(chart, `s${name.length}-${name.slice(0, 20)}`, { store: kv, name }).keys).toEqual([name]);
    }
  });

  test('a secret name Key Vault cannot hold is refused where it is declared', () => {
    const chart = testChart();
    const kv = new AzureKeyVaultSecretStore(chart, 'azure-kv', { vaultName: 'task-api-kv' });
    // A construct that throws stays in the tree, so each attempt gets an id of its own.
    let attempt = 0;
    const refused = (name: string) => thrown(() => new DeclaredSecret(chart, attempt++ === 0 ? 'redis' : `redis-${attempt}`, { store: kv, name }));
    expect(refused('db.password')).toBe(
      '[test/redis] name: store "azure-kv" cannot hold a secret named "db.password": Azure Key Vault secret names are 1 to 127 letters, digits and "-". Fix: use a name such as "db-password"',
    );
    expect(refused('prod/task-api/redis')).toContain('Fix: use a name such as "prod-task-api-redis"');
    expect(refused('redis_password')).toContain('Fix: use a name such as "redis-password"');
    expect(refused('x'.repeat(128))).toContain(`Fix: use a name such as "${'x'.repeat(127)}"`);
    expect(refused('')).toContain('cannot hold a secret named "": Azure Key Vault secret names are 1 to 127');
  });
});
