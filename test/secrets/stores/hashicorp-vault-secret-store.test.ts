import { DeclaredSecret, KubernetesSecretStore, SecretKeyStyle, SecretResolver } from '../../../lib';
import { makeCanary } from '../../../lib/scan';
import { HashicorpVaultSecretStore, VaultValueType } from '../../../lib/secrets/stores';
import { findObject, testChart } from '../../support/chart';
import { loadInApp, synthValid, thrown } from './support';

const vaultAddr = 'https://vault.vault.svc:8200';

describe('HashicorpVaultSecretStore', () => {
  test('token from the built-in store: every field, auth through the operator, map values', () => {
    const chart = testChart();
    const token = new DeclaredSecret(chart, 'vault-token', { keys: ['token'] });
    // No app loads it: unscoped on purpose, so no scopes are written.
    const vault = new HashicorpVaultSecretStore(chart, 'vault', {
      unscoped: true,
      vaultAddr,
      vaultToken: token.keyRef('token'),
      vaultKVPrefix: 'task-api',
      enginePath: 'kv',
      caPem: '<CA certificate PEM>',
      tlsServerName: 'vault.example.internal',
    });
    expect(vault.storeName).toBe('vault');
    expect(vault.resolver).toBe(SecretResolver.SIDECAR);
    expect(vault.kubernetesBacked).toBe(false);
    expect(vault.component).toBe(vault);
    expect(vault.keyStyle).toBe(SecretKeyStyle.MULTI_KEY);
    expect(vault.vaultValueType).toBe(VaultValueType.MAP);
    expect(vault.unscoped).toBe(true);

    const obj = findObject(synthValid(chart), 'Component', 'vault');
    expect(obj.spec.type).toBe('secretstores.hashicorp.vault');
    expect(obj.spec.version).toBe('v1');
    expect(obj.auth).toEqual({ secretStore: 'kubernetes' });
    expect(obj.scopes).toBeUndefined();
    expect(obj.spec.metadata).toEqual([
      { name: 'vaultAddr', value: vaultAddr },
      { name: 'vaultToken', secretKeyRef: { name: 'vault-token', key: 'token' } },
      { name: 'vaultKVPrefix', value: 'task-api' },
      { name: 'enginePath', value: 'kv' },
      { name: 'caPem', value: '<CA certificate PEM>' },
      { name: 'tlsServerName', value: 'vault.example.internal' },
    ]);
    expect(obj).toMatchSnapshot();
  });

  test('token file in the sidecar instead of a reference; text values make a name/value store', () => {
    const chart = testChart();
    const vault = new HashicorpVaultSecretStore(chart, 'vault', {
      vaultAddr,
      vaultTokenMountPath: '/var/run/secrets/vault/token',
      vaultKVUsePrefix: false,
      vaultValueType: VaultValueType.TEXT,
      caCert: '/etc/vault-ca/ca.crt',
    });
    expect(vault.keyStyle).toBe(SecretKeyStyle.NAME_VALUE);
    const apiKey = new DeclaredSecret(chart, 'notification-api', { store: vault });
    expect(apiKey.keys).toEqual(['notification-api']);
    loadInApp(chart, [vault]);
    const obj = findObject(synthValid(chart), 'Component', 'vault');
    expect(obj.auth).toBeUndefined();
    expect(obj.scopes).toEqual(['app']);
    expect(obj.spec.metadata).toEqual([
      { name: 'vaultAddr', value: vaultAddr },
      { name: 'vaultTokenMountPath', value: '/var/run/secrets/vault/token' },
      { name: 'vaultKVUsePrefix', value: 'false' },
      { name: 'vaultValueType', value: 'text' },
      { name: 'caCert', value: '/etc/vault-ca/ca.crt' },
    ]);
    expect(obj).toMatchSnapshot();
  });

  test('a token through a named Kubernetes store puts that store in auth', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets: SecretResolver.SIDECAR });
    const token = new DeclaredSecret(chart, 'vault-token', { store, keys: ['token'] });
    const vault = new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr, vaultToken: token.keyRef('token') });
    expect(vault.secretStore).toBe(store);
    loadInApp(chart, [vault]);
    const objects = synthValid(chart);
    expect(findObject(objects, 'Component', 'vault').auth).toEqual({ secretStore: 'kubernetes-secrets' });
    // Loading the vault store loads the store its token goes through.
    expect(findObject(objects, 'Component', 'kubernetes-secrets').scopes).toEqual(['app']);
  });

  test('exactly one of vaultToken and vaultTokenMountPath', () => {
    const chart = testChart();
    const token = new DeclaredSecret(chart, 'vault-token', { keys: ['token'] });
    const fix = "Fix: pass vaultToken: secret.keyRef('token') for a token kept in a Kubernetes secret store, or vaultTokenMountPath: '/var/run/secrets/vault/token' for a file mounted into daprd";
    expect(() => new HashicorpVaultSecretStore(chart, 'neither', { vaultAddr })).toThrow(
      `[test/neither] vaultToken: daprd needs exactly one of vaultToken and vaultTokenMountPath, got neither. ${fix}`,
    );
    expect(() => new HashicorpVaultSecretStore(chart, 'both', { vaultAddr, vaultToken: token.keyRef('token'), vaultTokenMountPath: '/t' })).toThrow(
      `[test/both] vaultToken: daprd needs exactly one of vaultToken and vaultTokenMountPath, got both. ${fix}`,
    );
  });

  test('vaultToken does not compile with a string and is refused at run time without echoing it', () => {
    const chart = testChart();
    const canary = makeCanary('vault-token');
    const message = thrown(() => new HashicorpVaultSecretStore(chart, 'vault', {
      vaultAddr,
      // @ts-expect-error vaultToken only takes a SecretKeyRef
      vaultToken: canary,
    }));
    expect(message).toBe(
      "[test/vault] spec.metadata[vaultToken]: expected a secret reference, got a string (not shown: it may be a credential). Fix: declare the credential with new DeclaredSecret(...) and pass secret.keyRef('<key>')",
    );
    expect(message).not.toContain(canary);

    // The catalog leaves vaultToken unflagged; the escape hatch still refuses a plain value for it.
    const byFile = new HashicorpVaultSecretStore(chart, 'by-file', { vaultAddr, vaultTokenMountPath: '/t' });
    const escape = thrown(() => byFile.addMetadata('vaultToken', canary));
    expect(escape).toContain('[test/by-file] spec.metadata[vaultToken]: secretstores.hashicorp.vault marks "vaultToken" sensitive, so it cannot take a plain value (the value given is not shown)');
    expect(escape).not.toContain(canary);
  });

  test('plain props are checked', () => {
    const chart = testChart();
    const make = (id: string, extra: object) => () => new HashicorpVaultSecretStore(chart, id, { vaultTokenMountPath: '/t', ...extra });
    expect(make('a', { vaultAddr: 'vault:8200' })).toThrow(
      '[test/a] vaultAddr: "vault:8200" is not an http(s) URL. Fix: pass the Vault server\'s URL, such as \'https://vault.vault.svc:8200\'',
    );
    expect(make('b', { vaultTokenMountPath: 'token' })).toThrow(
      '[test/b] vaultTokenMountPath: "token" is not an absolute path. Fix: give the token file\'s path inside the daprd container, such as \'/var/run/secrets/vault/token\'',
    );
    expect(make('c', { caPem: '<pem>', caPath: '/etc/ca' })).toThrow(
      '[test/c] caPath: caPem and caPath are both set, but daprd uses only the first of caPem, caPath and caCert. Fix: give one CA source',
    );
    expect(make('d', { skipVerify: true, caCert: '/ca.crt', tlsServerName: 'vault' })).toThrow(
      '[test/d] skipVerify: daprd ignores caCert and tlsServerName when skipVerify is true. Fix: leave skipVerify out and verify Vault with the CA, or drop the ignored settings',
    );
    expect(make('e', { vaultKVUsePrefix: false, vaultKVPrefix: 'apps' })).toThrow(
      '[test/e] vaultKVPrefix: daprd ignores vaultKVPrefix "apps" when vaultKVUsePrefix is false. Fix: leave vaultKVPrefix out, or set vaultKVUsePrefix to true',
    );
    expect(make('f', { vaultValueType: 'json' })).toThrow(
      '[test/f] vaultValueType: "json" is not one of "map", "text". Fix: use one of the enum\'s members ("map", "text")',
    );
    const insecure = make('g', { skipVerify: true })();
    expect(insecure.metadataValue('skipVerify')).toBe('true');
  });

  test('secret names are Vault paths under the KV prefix, such as team/redis', () => {
    const chart = testChart();
    const vault = new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr, vaultTokenMountPath: '/t' });
    const names = ['team/redis', 'task-api/prod/redis', 'Team_A/redis.v2', 'svc@eu/db+ro=1', 'redis'];
    names.forEach((name, i) => {
      expect(vault.secretNameProblem(name)).toBeUndefined();
      expect(new DeclaredSecret(chart, `secret-${i}`, { store: vault, name, keys: ['password'] }).secretName).toBe(name);
    });
    // With text values the only key is the path itself.
    const text = new HashicorpVaultSecretStore(chart, 'vault-text', { vaultAddr, vaultTokenMountPath: '/t', vaultValueType: VaultValueType.TEXT });
    expect(new DeclaredSecret(chart, 'redis', { store: text, name: 'team/redis' }).keys).toEqual(['team/redis']);
  });

  test('a name daprd cannot put into the Vault URL, or that leaves the prefix, is refused where it is declared', () => {
    const chart = testChart();
    const vault = new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr, vaultTokenMountPath: '/t' });
    // A construct that throws stays in the tree, so each attempt gets an id of its own.
    let attempt = 0;
    const refused = (name: string) => thrown(() => new DeclaredSecret(chart, attempt++ === 0 ? 'redis' : `redis-${attempt}`, { store: vault, name, keys: ['password'] }));
    const rule = 'daprd appends the name unescaped to the Vault URL path <enginePath>/data/<vaultKVPrefix>/, so it must be a path of segments of letters, digits and "_", ".", "@", "+", "=", "-" joined by single "/", none of them "." or ".."';
    expect(refused('../other-team/redis')).toBe(`[test/redis] name: store "vault" cannot hold a secret named "../other-team/redis": ${rule}. Fix: use a path such as "other-team/redis"`);
    expect(refused('team/./redis')).toContain('Fix: use a path such as "team/redis"');
    expect(refused('/team/redis/')).toContain('Fix: use a path such as "team/redis"');
    expect(refused('team//redis')).toContain('Fix: use a path such as "team/redis"');
    expect(refused('team/redis?version=2')).toContain('Fix: use a path such as "team/redis-version=2"');
    expect(refused('team/redis password')).toContain('Fix: use a path such as "team/redis-password"');
    expect(refused('')).toContain('Fix: use a path such as "team/secret-name"');
  });
});
