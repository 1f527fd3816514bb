import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, RedisStateStore, SecretResolver } from '../../../lib';
import {
  AwsSecretsManagerSecretStore,
  AwsSecretsManagerSecretStoreAuth,
  AzureKeyVaultSecretStore,
  AzureKeyVaultSecretStoreAuth,
  GcpSecretManagerSecretStore,
  HashicorpVaultSecretStore,
  LocalEnvSecretStore,
  LocalFileSecretStore,
  SecretStoreComponent,
  VaultValueType,
} from '../../../lib/secrets/stores';

/** Files a store can point at, inside `dir` (the tests write canaries into them). */
export const STORE_FILES = {
  /** `vaultTokenMountPath`: the Vault token. */
  vaultToken: 'vault-token',
  /** `caCert`: the CA that signed Vault's certificate. */
  vaultCa: 'vault-ca.pem',
  /** `azureCertificateFile`: the service principal's certificate with its private key. */
  azureCertificate: 'azure-cert.pfx',
  /** `secretsFile` of the local file store. */
  localSecrets: 'secrets.json',
} as const;

/** A secret as the store names it, and the key a component references. */
export interface ScenarioSecret {
  readonly name: string;
  /** Declared keys; leave out for name/value stores. */
  readonly keys?: string[];
  /** The key the state store's `redisPassword` references (the name, for name/value stores). */
  readonly key: string;
}

/**
 * One Dapr secret store in the Task API shape: its own credentials (if any) in the named Kubernetes store
 * `kubernetes-secrets`, a Redis state store whose password lives in the store under a name the store really
 * uses, and an app that loads the state store (and `kubernetes-secrets`) and reads one more secret of the
 * store through the Secrets API.
 */
export interface StoreScenario {
  readonly title: string;
  /** `spec.type` of the store. */
  readonly type: string;
  /** Builds the store; files it points at are in `dir`. */
  readonly store: (chart: Chart, k8s: KubernetesSecretStore, dir: string) => SecretStoreComponent;
  /** The secret the state store references. */
  readonly componentSecret: ScenarioSecret;
  /** The secret the app reads through the Secrets API. */
  readonly readSecret: ScenarioSecret;
  /** The Kubernetes Secrets holding the store's credentials: exactly the Role's `resourceNames`. */
  readonly credentialSecrets: string[];
}

const vaultAddr = 'https://vault.vault.svc:8200';

export const STORE_SCENARIOS: StoreScenario[] = [
  {
    title: 'HashiCorp Vault, token in a Kubernetes Secret, map values',
    type: 'secretstores.hashicorp.vault',
    store: (chart, k8s, dir) => {
      const token = new DeclaredSecret(chart, 'vault-token', { store: k8s, keys: ['token'] });
      return new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr, vaultToken: token.keyRef('token'), caCert: path.join(dir, STORE_FILES.vaultCa) });
    },
    componentSecret: { name: 'team/redis', keys: ['password'], key: 'password' },
    readSecret: { name: 'team/task-api/notification-api', keys: ['api-key'], key: 'api-key' },
    credentialSecrets: ['vault-token'],
  },
  {
    title: 'HashiCorp Vault, token file in daprd, text values',
    type: 'secretstores.hashicorp.vault',
    store: (chart, _k8s, dir) => new HashicorpVaultSecretStore(chart, 'vault', {
      vaultAddr, vaultTokenMountPath: path.join(dir, STORE_FILES.vaultToken), vaultValueType: VaultValueType.TEXT, vaultKVPrefix: 'task-api',
    }),
    componentSecret: { name: 'prod/redis-password', key: 'prod/redis-password' },
    readSecret: { name: 'prod/notification-api-key', key: 'prod/notification-api-key' },
    credentialSecrets: [],
  },
  {
    title: 'Azure Key Vault, client secret in a Kubernetes Secret',
    type: 'secretstores.azure.keyvault',
    store: (chart, k8s) => {
      const sp = new DeclaredSecret(chart, 'azure-sp', { store: k8s, keys: ['client-secret'] });
      return new AzureKeyVaultSecretStore(chart, 'azure-kv', {
        vaultName: 'task-api-kv',
        auth: AzureKeyVaultSecretStoreAuth.clientCredentials({ azureTenantId: '00000000-0000-0000-0000-00000000aaaa', azureClientId: '00000000-0000-0000-0000-00000000bbbb', azureClientSecret: sp.keyRef('client-secret') }),
      });
    },
    componentSecret: { name: 'RedisPassword', key: 'RedisPassword' },
    readSecret: { name: 'notification-api-key', key: 'notification-api-key' },
    credentialSecrets: ['azure-sp'],
  },
  {
    title: 'Azure Key Vault, certificate file in daprd, its password in a Kubernetes Secret',
    type: 'secretstores.azure.keyvault',
    store: (chart, k8s, dir) => {
      const cert = new DeclaredSecret(chart, 'azure-cert', { store: k8s, keys: ['password'] });
      return new AzureKeyVaultSecretStore(chart, 'azure-kv', {
        vaultName: 'task-api-kv',
        auth: AzureKeyVaultSecretStoreAuth.clientCertificate({
          azureTenantId: '00000000-0000-0000-0000-00000000aaaa', azureClientId: '00000000-0000-0000-0000-00000000bbbb',
          azureCertificateFile: path.join(dir, STORE_FILES.azureCertificate), azureCertificatePassword: cert.keyRef('password'),
        }),
      });
    },
    componentSecret: { name: 'task-api-redis', key: 'task-api-redis' },
    readSecret: { name: 'NotificationApiKey', key: 'NotificationApiKey' },
    credentialSecrets: ['azure-cert'],
  },
  {
    title: 'AWS Secrets Manager, access keys in a Kubernetes Secret',
    type: 'secretstores.aws.secretmanager',
    store: (chart, k8s) => {
      const keys = new DeclaredSecret(chart, 'aws-credentials', { store: k8s, keys: ['access-key-id', 'secret-access-key', 'session-token'] });
      return new AwsSecretsManagerSecretStore(chart, 'aws-secrets', {
        region: 'eu-west-1',
        auth: AwsSecretsManagerSecretStoreAuth.accessKeys({ accessKey: keys.keyRef('access-key-id'), secretKey: keys.keyRef('secret-access-key'), sessionToken: keys.keyRef('session-token') }),
      });
    },
    componentSecret: { name: 'prod/task-api/redis', key: 'prod/task-api/redis' },
    readSecret: { name: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/task-api/notification-AbCdEf', key: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/task-api/notification-AbCdEf' },
    credentialSecrets: ['aws-credentials'],
  },
  {
    title: 'AWS Secrets Manager, environment credentials, one JSON object per secret',
    type: 'secretstores.aws.secretmanager',
    store: (chart) => new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1', multipleKeyValuesPerSecret: true }),
    componentSecret: { name: 'prod/task-api/redis', keys: ['password'], key: 'password' },
    readSecret: { name: 'prod/task-api/notification', keys: ['api-key'], key: 'api-key' },
    credentialSecrets: [],
  },
  {
    title: 'GCP Secret Manager, service account key in a Kubernetes Secret',
    type: 'secretstores.gcp.secretmanager',
    store: (chart, k8s) => {
      const key = new DeclaredSecret(chart, 'gcp-sa-key', { store: k8s, keys: ['private-key-id', 'private-key'] });
      return new GcpSecretManagerSecretStore(chart, 'gcp-secrets', {
        projectID: 'task-api-prod', clientEmail: 'dapr@task-api-prod.iam.gserviceaccount.com', clientID: '100000000000000000001',
        privateKeyID: key.keyRef('private-key-id'), privateKey: key.keyRef('private-key'),
      });
    },
    componentSecret: { name: 'redis_password', key: 'redis_password' },
    readSecret: { name: 'notification-api_key', key: 'notification-api_key' },
    credentialSecrets: ['gcp-sa-key'],
  },
  {
    title: 'local file, nested properties',
    type: 'secretstores.local.file',
    store: (chart, _k8s, dir) => new LocalFileSecretStore(chart, 'local-secrets', { secretsFile: path.join(dir, STORE_FILES.localSecrets) }),
    componentSecret: { name: 'redis:password', key: 'redis:password' },
    readSecret: { name: 'notification:api-key', key: 'notification:api-key' },
    credentialSecrets: [],
  },
  {
    title: 'local env, no prefix',
    type: 'secretstores.local.env',
    store: (chart) => new LocalEnvSecretStore(chart, 'env-secrets'),
    componentSecret: { name: 'REDIS_PASSWORD', key: 'REDIS_PASSWORD' },
    readSecret: { name: 'NOTIFICATION_API_KEY', key: 'NOTIFICATION_API_KEY' },
    credentialSecrets: [],
  },
  {
    title: 'local env, with a prefix',
    type: 'secretstores.local.env',
    store: (chart) => new LocalEnvSecretStore(chart, 'env-secrets', { prefix: 'APP_SECRET_' }),
    componentSecret: { name: 'REDIS_PASSWORD', key: 'REDIS_PASSWORD' },
    readSecret: { name: 'notification.api-key', key: 'notification.api-key' },
    credentialSecrets: [],
  },
];

/** What `buildScenarioApp` built. */
export interface ScenarioApp {
  readonly app: App;
  readonly chart: Chart;
  readonly store: SecretStoreComponent;
  readonly componentSecret: DeclaredSecret;
  readonly readSecret: DeclaredSecret;
  readonly daprApp: DaprApp;
}

/** The Task API with `scenario`'s store, in chart `task-api` (namespace `task-api`); files the store points at are in `dir`. */
export function buildScenarioApp(scenario: StoreScenario, dir: string, rename: (name: string) => string = (n) => n): ScenarioApp {
  const app = new App();
  const chart = new Chart(app, 'task-api', { namespace: 'task-api' });
  const k8s = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets: SecretResolver.SIDECAR });
  const store = scenario.store(chart, k8s, dir);
  const declare = (id: string, s: ScenarioSecret) => {
    const name = rename(s.name);
    return new DeclaredSecret(chart, id, { store, name, keys: s.keys });
  };
  const componentSecret = declare('redis-password', scenario.componentSecret);
  const readSecret = declare('notification-api', scenario.readSecret);
  const key = (s: ScenarioSecret, d: DeclaredSecret) => (s.keys ? s.key : d.secretName);
  const statestore = new RedisStateStore(chart, 'statestore', {
    redisHost: 'redis-master.task-api.svc.cluster.local:6379',
    redisPassword: componentSecret.keyRef(key(scenario.componentSecret, componentSecret)),
  });
  // The app loads `kubernetes-secrets` itself too: in the scenarios where the store keeps no credential
  // there, nothing else would, and a component no app loads fails synth.
  const daprApp = new DaprApp(chart, 'task-api', { appId: 'task-api', image: 'ghcr.io/example/task-api:1.0.0', appPort: 8000, components: [statestore, k8s] });
  readSecret.grantRead(daprApp);
  return { app, chart, store, componentSecret, readSecret, daprApp };
}
