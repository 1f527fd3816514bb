import * as path from 'path';
import { ApiObject, App, Chart, Duration } from 'cdk8s';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, SecretDelivery } from '../../lib';
import { COLLECT_PROBLEMS_ENV } from '../../lib/core/errors';
import { envVarName } from '../../lib/core/names';
import { makeCanary } from '../../lib/scan';
import {
  AzureKeyVaultAuth, ClusterExternalSecretStore, EsoProvider, ExternalSecretDelivery, ExternalSecretStore, VaultAuth,
} from '../../lib/secrets/external';
import { SealedSecretDelivery } from '../../lib/secrets/sealed';
import { SealingScope } from '../../lib/secrets/sealing';
import {
  AwsSecretsManagerSecretStore, AwsSecretsManagerSecretStoreAuth, AzureKeyVaultSecretStore, AzureKeyVaultSecretStoreAuth, GcpSecretManagerSecretStore, HashicorpVaultSecretStore, LocalEnvSecretStore, LocalFileSecretStore,
} from '../../lib/secrets/stores';
import { renderApp } from '../../lib/synth/synthesize';
import { tempDir } from './sealed/support/sealed';
import { fields, recordedBy } from '../support/collected';

/** The path and field each `[path] field: ...` message is about, as `path field`. */
const pathsAndFields = (messages: string[]) => messages.map((m) => /^\[([^\]]+)\] ([^:]+):/.exec(m)?.slice(1).join(' '));

/** The message renderApp (what synth runs) fails with. */
function renderError(app: App): string {
  try {
    renderApp(app);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('renderApp did not fail');
}

/** Every rendered object of the chart, as JSON, whether or not the app would synthesize. */
function renderedObjects(chart: Chart): string {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => JSON.stringify(o.toJson())).join('\n');
}

/**
 * A program with one mistake of each kind in its secrets, and a canary wherever a value could slip in: in
 * a prop DeclaredSecret does not have, an option and a remote reference field ExternalSecretDelivery does
 * not have, and the user info of a provider URL.
 */
function buildSecretMistakes(chart: Chart, canary: string, sealedFile: string): void {
  new DeclaredSecret(chart, 'Redis_Password', { keys: ['password'] });
  const db = new DeclaredSecret(chart, 'db', { keys: ['password', 'bad key!', 'password'], password: canary } as any);
  new KubernetesSecretStore(chart, 'kubernetes');
  new DeclaredSecret(chart, 'cert', { keys: ['tls.crt', 'tls.key'], delivery: SecretDelivery.sealed({ sealedFile, scope: 'everywhere' as SealingScope }) });
  new DeclaredSecret(chart, 'api', { keys: ['token'], delivery: SecretDelivery.outOfBand({ envVars: { token: '1TOKEN' } }) });
  const vaultToken = new DeclaredSecret(chart, 'vault-token', { keys: ['token'] });
  const eso = new ExternalSecretStore(chart, 'vault-backend', {
    provider: EsoProvider.vault({ server: `https://root:${canary.split(':').pop()}@vault.example.com`, auth: VaultAuth.token(vaultToken.keyRef('token')) }),
  });
  new DeclaredSecret(chart, 'payments', {
    keys: ['key'],
    delivery: new ExternalSecretDelivery({
      store: eso,
      remoteRefs: { key: { key: 'shop/payments', value: canary } as any },
      refreshInterval: '1h',
      password: canary,
    } as any),
  });
  new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr: 'vault:8200', vaultTokenMountPath: '/var/run/secrets/vault/token' });
  new LocalFileSecretStore(chart, 'local', { secretsFile: 'secrets.json' });
  // The program goes on after its mistakes: references to its keys, including the refused one, still work.
  const app = new DaprApp(chart, 'api-app', { appId: 'api', image: 'ghcr.io/example/api:1.0.0' } as any);
  db.grantRead(app);
  db.keyRef('bad key!');
  db.grantRead(chart as any);
}

/** Each mistake of `buildSecretMistakes`, in the order the program makes them. */
const MISTAKES: Array<[path: string, field: string, problem: string]> = [
  ['shop/Redis_Password', 'name', 'store "kubernetes" cannot hold a secret named "Redis_Password"'],
  ['shop/db', 'password', 'DeclaredSecret has no prop "password"'],
  ['shop/db', 'keys', '"bad key!" is not a valid Secret key'],
  ['shop/db', 'keys', 'key "password" is declared twice'],
  ['shop/kubernetes', 'name', 'daprd already creates a store named "kubernetes" in every namespace'],
  ['shop/cert', 'delivery.scope', '"everywhere" is not a sealing scope'],
  ['shop/api', 'delivery.envVars.token', '"1TOKEN" is not a shell variable name'],
  ['shop/vault-backend', 'spec.provider.vault.server', 'the URL carries user info'],
  ['shop/payments', 'delivery.password', 'external delivery has no option "password"'],
  ['shop/payments', 'delivery.remoteRefs.key.value', 'a remote reference has no field "value"'],
  ['shop/payments', 'delivery.refreshInterval', 'expected a non-negative cdk8s Duration, got "1h"'],
  ['shop/vault', 'vaultAddr', '"vault:8200" is not an http(s) URL'],
  ['shop/local', 'secretsFile', '"secrets.json" is not an absolute path'],
  ['shop/db', 'grantRead', '"shop" cannot read secrets through the Dapr Secrets API'],
];

describe('secrets built with problems collected (the CLI)', () => {
  const saved = new Map<string, string | undefined>();
  let canary: string;
  let sealedFile: string;

  beforeEach(() => {
    canary = makeCanary('collected-secrets');
    sealedFile = path.join(tempDir('collected-secrets-'), 'sealed.json');
    // The variables create-secrets.sh would read the values from: nothing of the program may read them.
    for (const name of [envVarName('db', 'password'), envVarName('api', 'token'), '1TOKEN']) {
      saved.set(name, process.env[name]);
      process.env[name] = canary;
    }
  });

  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    saved.clear();
  });

  test('without collectProblems (the library) the first mistake throws, as before', () => {
    const chart = new Chart(new App(), 'shop', { namespace: 'shop' });
    expect(() => buildSecretMistakes(chart, canary, sealedFile)).toThrow(
      /^\[shop\/Redis_Password\] name: store "kubernetes" cannot hold a secret named "Redis_Password": .* Fix: use a name such as "redis-password"$/,
    );
    expect(process.env[COLLECT_PROBLEMS_ENV]).toBeUndefined();
  });

  test('every mistake is recorded with path, field and fix; the program builds to its end', () => {
    const { messages } = recordedBy((c) => buildSecretMistakes(c, canary, sealedFile));
    expect(messages).toHaveLength(MISTAKES.length);
    MISTAKES.forEach(([p, field, problem], i) => {
      expect(messages[i].startsWith(`[${p}] ${field}: `)).toBe(true);
      expect(messages[i]).toContain(problem);
      expect(messages[i]).toMatch(/\. Fix: \S/);
    });
  });

  test('synth then fails listing every one of them, and the canary is in no message and no rendered object', () => {
    const { messages, chart } = recordedBy((c) => buildSecretMistakes(c, canary, sealedFile));
    const error = renderError(chart.node.root as App);
    expect(error).toMatch(/^Validation failed with the following errors:\n/);
    for (const m of messages) expect(error).toContain(`\n  ${m}`);
    const hex = canary.split(':').pop()!;
    for (const text of [error, ...messages, renderedObjects(chart)]) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(hex);
    }
  });

  test('refused values are left out of what the constructs hold and render', () => {
    const { chart } = recordedBy((c) => buildSecretMistakes(c, canary, sealedFile));
    const find = <T>(id: string) => chart.node.findChild(id) as T;
    const bad = find<DeclaredSecret>('Redis_Password');
    expect(bad.secretName).toBe('redis-password');
    expect(find<DeclaredSecret>('db').keys).toEqual(['password']);
    const cert = find<DeclaredSecret>('cert');
    expect((cert.delivery as SealedSecretDelivery).scope).toBe(SealingScope.STRICT);
    expect((cert.node.findChild('SealedSecret') as ApiObject).toJson().metadata.annotations).toBeUndefined();
    expect((find<DeclaredSecret>('api').delivery as any).envVarFor(find<DeclaredSecret>('api'), 'token')).toBe('API_TOKEN');
    const externalSecret = (find<DeclaredSecret>('payments').node.findChild('ExternalSecret') as ApiObject).toJson();
    expect(externalSecret.spec.refreshInterval).toBe('1h');
    expect(externalSecret.spec.data).toEqual([{ secretKey: 'key', remoteRef: { key: 'shop/payments' } }]);
    const esoStore = (find<ExternalSecretStore>('vault-backend').apiObject).toJson();
    expect(esoStore.spec.provider.vault.server).toBeUndefined();
    const vault = find<HashicorpVaultSecretStore>('vault');
    expect(vault.metadataValue('vaultAddr')).toBeUndefined();
    expect(vault.metadataValue('vaultTokenMountPath')).toBe('/var/run/secrets/vault/token');
    expect(find<LocalFileSecretStore>('local').metadataValue('secretsFile')).toBeUndefined();
  });

  test('with one mistake fixed, that one is no longer reported', () => {
    const { messages } = recordedBy((c) => {
      new DeclaredSecret(c, 'db', { keys: ['password', 'password'] });
      new DeclaredSecret(c, 'cache', { keys: ['password'] });
    });
    expect(fields(messages)).toEqual(['keys']);
  });

  test('what cannot go on still stops the build: a secret without keys, and keyRef of a key never given', () => {
    expect(() => recordedBy((c) => new DeclaredSecret(c, 'db', { keys: [] }))).toThrow('[shop/db] keys: secret "db" declares no keys');
    expect(() => recordedBy((c) => new DeclaredSecret(c, 'db', { keys: ['password'] }).keyRef('pasword'))).toThrow(
      '[shop/db] keyRef: secret "db" declares no key "pasword" (declared: password)',
    );
  });
});

describe('secret stores built with problems collected', () => {
  test('every refused store prop is recorded and left out of the Component; the credentials that passed stay', () => {
    const { messages, chart } = recordedBy((c) => {
      const creds = new DeclaredSecret(c, 'creds', { keys: ['client-id', 'key-id', 'key'] });
      new AwsSecretsManagerSecretStore(c, 'aws', { region: 'Europe', endpoint: 'localstack:4566', multipleKeyValuesPerSecret: 'yes' as any });
      new AzureKeyVaultSecretStore(c, 'azure', {
        vaultName: 'kv.vault.azure.net',
        azureEnvironment: 'Mars' as any,
        auth: AzureKeyVaultSecretStoreAuth.clientCertificate({ azureTenantId: ' ', azureClientId: 'app', azureCertificateFile: '/c.pfx', azureCertificate: creds.keyRef('key') }),
      });
      new GcpSecretManagerSecretStore(c, 'gcp', { projectID: '', clientEmail: 'dapr', clientID: '1', privateKeyID: creds.keyRef('key-id'), privateKey: creds.keyRef('key') });
      new HashicorpVaultSecretStore(c, 'vault', {
        vaultTokenMountPath: 'token', vaultValueType: 'json' as any, caPem: 'PEM', caPath: '/ca', skipVerify: true, vaultKVUsePrefix: false, vaultKVPrefix: 'dapr',
      });
      new LocalEnvSecretStore(c, 'env', { prefix: 'DAPR_' });
      new KubernetesSecretStore(c, 'k8s', { resolveComponentSecrets: 'pod' as any });
    });
    expect(pathsAndFields(messages)).toEqual([
      'shop/aws region', 'shop/aws endpoint', 'shop/aws multipleKeyValuesPerSecret',
      'shop/azure vaultName', 'shop/azure azureEnvironment', 'shop/azure auth.azureTenantId', 'shop/azure auth.azureCertificate',
      'shop/gcp projectID', 'shop/gcp clientEmail',
      'shop/vault vaultValueType', 'shop/vault vaultTokenMountPath', 'shop/vault caPath', 'shop/vault skipVerify', 'shop/vault vaultKVPrefix',
      'shop/env prefix',
      'shop/k8s resolveComponentSecrets',
    ]);
    const metadata = (id: string) => (chart.node.findChild(id) as HashicorpVaultSecretStore).apiObject.toJson().spec.metadata.map((m: { name: string }) => m.name);
    expect(metadata('aws')).toEqual([]);
    expect(metadata('azure')).toEqual(['azureClientId']);
    expect(metadata('gcp')).toEqual(['type', 'clientID', 'privateKeyID', 'privateKey']);
    expect(metadata('vault')).toEqual(['vaultKVUsePrefix', 'caPem']);
    expect(metadata('env')).toEqual([]);
    expect((chart.node.findChild('k8s') as KubernetesSecretStore).resolver).toBe('operator');
    expect((chart.node.findChild('aws') as AwsSecretsManagerSecretStore).keyStyle).toBe('name-value');
  });

  test('a store credential read through a store that is not backed by Kubernetes is recorded and not written', () => {
    const { messages, chart } = recordedBy((c) => {
      const vault = new HashicorpVaultSecretStore(c, 'vault', { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/t' });
      const inVault = new DeclaredSecret(c, 'aws-keys', { store: vault, keys: ['id', 'secret'] });
      new AwsSecretsManagerSecretStore(c, 'aws', { region: 'eu-west-1', auth: accessKeysFrom(inVault) });
    });
    expect(fields(messages)).toEqual(['spec.metadata[accessKey]', 'spec.metadata[secretKey]']);
    expect((chart.node.findChild('aws') as AwsSecretsManagerSecretStore).secretKeyRefs).toEqual([]);
  });
});

describe('ESO stores and external deliveries built with problems collected', () => {
  test('store settings and provider fields are recorded and left out; a non-provider still stops the constructor', () => {
    const { messages, chart } = recordedBy((c) => {
      const token = new DeclaredSecret(c, 'token', { keys: ['token'], namespace: 'other' });
      const outside = new DeclaredSecret(c, 'outside', { name: 'team/azure', keys: ['id'], store: new HashicorpVaultSecretStore(c, 'vault', { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/t' }) });
      new ExternalSecretStore(c, 'Vault_Backend', {
        provider: EsoProvider.vault({ server: 'vault:8200', caBundle: 'not base64!', version: 'v3' as any, path: ' ', auth: VaultAuth.token(token.keyRef('token')) }),
        controller: '',
        refreshInterval: Duration.millis(1500),
        retrySettings: { maxRetries: -1, retryInterval: Duration.seconds(0) },
      });
      new ClusterExternalSecretStore(c, 'azure', {
        provider: EsoProvider.azureKeyVault({ vaultUrl: 'https://kv.vault.azure.net', auth: AzureKeyVaultAuth.servicePrincipal({ clientId: outside.keyRef('id'), clientSecret: 'abc' as any }) }),
        conditions: [{ namespaces: [] }, { namespaces: ['shop', 'Bad_NS'] }],
      });
    });
    expect(pathsAndFields(messages)).toEqual([
      'shop/Vault_Backend name',
      'shop/Vault_Backend spec.provider.vault.caBundle',
      'shop/Vault_Backend spec.provider.vault.version',
      'shop/Vault_Backend spec.provider.vault.server',
      'shop/Vault_Backend spec.provider.vault.path',
      'shop/Vault_Backend spec.provider.vault.auth.tokenSecretRef',
      'shop/Vault_Backend controller',
      'shop/Vault_Backend refreshInterval',
      'shop/Vault_Backend retrySettings.maxRetries',
      'shop/Vault_Backend retrySettings.retryInterval',
      'shop/azure spec.provider.azurekv.tenantId',
      'shop/azure spec.provider.azurekv.authSecretRef.clientId',
      'shop/azure spec.provider.azurekv.authSecretRef.clientSecret',
      'shop/azure conditions[0]',
      'shop/azure conditions[1].namespaces',
    ]);
    const vault = (chart.node.findChild('Vault_Backend') as ExternalSecretStore).apiObject.toJson().spec;
    expect(vault.provider.vault).toEqual({ version: 'v2', auth: {} });
    expect([vault.controller, vault.refreshInterval, vault.retrySettings]).toEqual([undefined, undefined, {}]);
    const azure = chart.node.findChild('azure') as ClusterExternalSecretStore;
    expect(azure.conditions).toEqual([{ namespaces: ['shop'] }]);
    expect(azure.credentials).toEqual([]);
    expect(() => recordedBy((c) => new ExternalSecretStore(c, 'x', { provider: 'vault' as any }))).toThrow('[shop/x] provider: expected an EsoProvider, got a string');
  });

  test('remote references, policies and the store are recorded; refused references are left out of the ExternalSecret', () => {
    const { messages, chart } = recordedBy((c) => {
      const token = new DeclaredSecret(c, 'vault-token', { keys: ['token'] });
      const store = new ExternalSecretStore(c, 'vault-backend', { namespace: 'other', provider: EsoProvider.vault({ server: 'https://vault:8200', auth: VaultAuth.token(token.keyRef('token')) }) });
      new DeclaredSecret(c, 'db', {
        keys: ['username', 'password', 'host', 'port'],
        delivery: new ExternalSecretDelivery({
          store,
          remoteRefs: { username: { key: 'shop/db', property: 'username' }, password: { key: ' ' }, host: { key: 'shop/db', version: '' }, extra: { key: 'shop/x' } } as any,
          creationPolicy: 'Sometimes' as any,
          deletionPolicy: 'Delete' as any,
        }),
      });
    });
    expect(fields(messages)).toEqual([
      'spec.provider.vault.auth.tokenSecretRef', 'delivery.store', 'delivery.remoteRefs.extra', 'delivery.remoteRefs',
      'delivery.remoteRefs.password.key', 'delivery.remoteRefs.host.version', 'delivery.creationPolicy',
    ]);
    const es = (chart.node.findChild('db').node.findChild('ExternalSecret') as ApiObject).toJson();
    expect(es.spec.data).toEqual([
      { secretKey: 'username', remoteRef: { key: 'shop/db', property: 'username' } },
      { secretKey: 'host', remoteRef: { key: 'shop/db' } },
    ]);
    expect(es.spec.target).toMatchObject({ creationPolicy: 'Owner', deletionPolicy: 'Delete' });
    expect((chart.node.findChild('db') as DeclaredSecret).fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('deliveries built with problems collected', () => {
  test('a delivery that needs a Kubernetes Secret in a store without them binds nothing; overrides of undeclared keys are recorded', () => {
    const { messages, chart } = recordedBy((c) => {
      const vault = new HashicorpVaultSecretStore(c, 'vault', { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/t' });
      new DeclaredSecret(c, 'sealed', { name: 'team/sealed', store: vault, keys: ['a'], delivery: new SealedSecretDelivery({ sealedFile: '/nonexistent/sealed.json' }) });
      new DeclaredSecret(c, 'managed', { keys: ['a'], delivery: SecretDelivery.storeManaged() });
      new DeclaredSecret(c, 'pulumi', { keys: ['a'], delivery: SecretDelivery.pulumiConfig({ configKeys: { b: 'x', a: 'proj:a' } }) });
      new DeclaredSecret(c, 'oob', { keys: ['a'], labels: { 'bad key!': 'x', tier: '$(id)' }, delivery: SecretDelivery.outOfBand({ envVars: { b: 'B' } }) });
    });
    expect(pathsAndFields(messages)).toEqual([
      'shop/sealed delivery',
      'shop/managed delivery',
      'shop/pulumi delivery.configKeys.b',
      'shop/pulumi delivery.configKeys.a',
      'shop/oob delivery.envVars.b',
      'shop/oob labels[bad key!]',
      'shop/oob labels[tier]',
    ]);
    expect(chart.node.findChild('sealed').node.tryFindChild('SealedSecret')).toBeUndefined();
    const pulumi = chart.node.findChild('pulumi') as DeclaredSecret;
    expect((pulumi.delivery as any).configKeyFor(pulumi, 'a')).toBe('pulumi.a');
  });
});

/** AWS access keys read from `secret`'s keys `id` and `secret`. */
function accessKeysFrom(secret: DeclaredSecret) {
  return AwsSecretsManagerSecretStoreAuth.accessKeys({ accessKey: secret.keyRef('id'), secretKey: secret.keyRef('secret') });
}
