/**
 * A program that synthesizes every External Secrets store provider and auth method the library offers,
 * each as a namespaced SecretStore and as a ClusterSecretStore, with one ExternalSecret per store, plus
 * provider credentials delivered as SealedSecrets of every scope, and a Dapr app that loads the Kubernetes
 * store the target Secrets are declared in. Used to validate everything the library can emit for these kinds
 * against the upstream schemas.
 */
import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { DaprApp, DeclaredSecret, ISecretDelivery, KubernetesSecretStore, renderApp } from '../../../lib';
import {
  AwsAuth, AzureKeyVaultAuth, ClusterExternalSecretStore, EsoProvider, ExternalSecretCreationPolicy, ExternalSecretDeletionPolicy,
  ExternalSecretDelivery, ExternalSecretStore, GcpSecretManagerAuth, VaultAuth, VaultKvVersion,
} from '../../../lib/secrets/external';
import { SealedSecretDelivery } from '../../../lib/secrets/sealed/sealed-secret-delivery';
import { SealingScope } from '../../../lib/secrets/sealing';
import { tempDir, writeFakeSealedFile } from '../../secrets/sealed/support/sealed';

/** What a provider case may create next to its store: a credential secret and a ServiceAccount. */
interface CaseContext {
  /** A declared credential secret with `keys`, in the store's chart, delivered out-of-band or sealed. */
  credential(keys: string[]): DeclaredSecret;
  /** A ServiceAccount in the store's chart. */
  serviceAccount(): kplus.ServiceAccount;
}

/** One provider configuration: the factories it exercises and how to build it. */
export interface ProviderCase {
  readonly id: string;
  /** The `EsoProvider` factory, such as `vault`. */
  readonly provider: string;
  /** The auth factory, such as `VaultAuth.token`. */
  readonly auth: string;
  readonly make: (ctx: CaseContext) => EsoProvider;
}

const server = 'https://vault.vault.svc:8200';
const caBundle = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

/** Every provider factory with every auth factory it takes, and the optional settings on some of them. */
export const PROVIDER_CASES: readonly ProviderCase[] = [
  { id: 'vault-token', provider: 'vault', auth: 'VaultAuth.token', make: (c) => EsoProvider.vault({ server, path: 'secret', auth: VaultAuth.token(c.credential(['token']).keyRef('token')) }) },
  {
    id: 'vault-k8s', provider: 'vault', auth: 'VaultAuth.kubernetes',
    make: () => EsoProvider.vault({ server, path: 'kv', version: VaultKvVersion.V1, namespace: 'team-a', caBundle, auth: VaultAuth.kubernetes({ role: 'shop-reader' }) }),
  },
  {
    id: 'vault-k8s-sa', provider: 'vault', auth: 'VaultAuth.kubernetes',
    make: (c) => EsoProvider.vault({ server, version: VaultKvVersion.V2, auth: VaultAuth.kubernetes({ role: 'shop-reader', mountPath: 'k8s-shop', serviceAccount: c.serviceAccount() }) }),
  },
  { id: 'vault-approle', provider: 'vault', auth: 'VaultAuth.appRole', make: (c) => EsoProvider.vault({ server, auth: VaultAuth.appRole({ roleId: 'shop-role', secretRef: c.credential(['secret-id']).keyRef('secret-id') }) }) },
  {
    id: 'vault-approle-path', provider: 'vault', auth: 'VaultAuth.appRole',
    make: (c) => EsoProvider.vault({ server, auth: VaultAuth.appRole({ roleId: 'shop-role', path: 'approle-shop', secretRef: c.credential(['secret-id']).keyRef('secret-id') }) }),
  },
  ...(['awsSecretsManager', 'awsParameterStore'] as const).flatMap((provider): ProviderCase[] => {
    const p = provider === 'awsSecretsManager' ? 'aws-sm' : 'aws-ps';
    const make = (options: Parameters<typeof EsoProvider.awsSecretsManager>[0]) => EsoProvider[provider](options);
    return [
      {
        id: `${p}-keys`, provider, auth: 'AwsAuth.secretRef',
        make: (c) => {
          const s = c.credential(['access-key-id', 'secret-access-key', 'session-token']);
          return make({
            region: 'eu-central-1',
            role: 'arn:aws:iam::123456789012:role/shop-reader',
            auth: AwsAuth.secretRef({ accessKeyIdSecretRef: s.keyRef('access-key-id'), secretAccessKeySecretRef: s.keyRef('secret-access-key'), sessionTokenSecretRef: s.keyRef('session-token') }),
          });
        },
      },
      {
        id: `${p}-static-keys`, provider, auth: 'AwsAuth.secretRef',
        make: (c) => {
          const s = c.credential(['access-key-id', 'secret-access-key']);
          return make({ region: 'us-east-1', auth: AwsAuth.secretRef({ accessKeyIdSecretRef: s.keyRef('access-key-id'), secretAccessKeySecretRef: s.keyRef('secret-access-key') }) });
        },
      },
      { id: `${p}-jwt`, provider, auth: 'AwsAuth.jwt', make: (c) => make({ region: 'eu-central-1', auth: AwsAuth.jwt(c.serviceAccount()) }) },
      { id: `${p}-controller`, provider, auth: 'AwsAuth.controllerIdentity', make: () => make({ region: 'eu-central-1', auth: AwsAuth.controllerIdentity() }) },
    ];
  }),
  {
    id: 'azure-sp', provider: 'azureKeyVault', auth: 'AzureKeyVaultAuth.servicePrincipal',
    make: (c) => {
      const s = c.credential(['client-id', 'client-secret']);
      return EsoProvider.azureKeyVault({
        vaultUrl: 'https://shop-kv.vault.azure.net',
        tenantId: '00000000-0000-0000-0000-000000000000',
        auth: AzureKeyVaultAuth.servicePrincipal({ clientId: s.keyRef('client-id'), clientSecret: s.keyRef('client-secret') }),
      });
    },
  },
  { id: 'azure-mi', provider: 'azureKeyVault', auth: 'AzureKeyVaultAuth.managedIdentity', make: () => EsoProvider.azureKeyVault({ vaultUrl: 'https://shop-kv.vault.azure.net', auth: AzureKeyVaultAuth.managedIdentity() }) },
  {
    id: 'azure-mi-id', provider: 'azureKeyVault', auth: 'AzureKeyVaultAuth.managedIdentity',
    make: () => EsoProvider.azureKeyVault({ vaultUrl: 'https://shop-kv.vault.azure.net', auth: AzureKeyVaultAuth.managedIdentity({ identityId: '11111111-1111-1111-1111-111111111111' }) }),
  },
  { id: 'azure-wi', provider: 'azureKeyVault', auth: 'AzureKeyVaultAuth.workloadIdentity', make: () => EsoProvider.azureKeyVault({ vaultUrl: 'https://shop-kv.vault.azure.net', auth: AzureKeyVaultAuth.workloadIdentity() }) },
  {
    id: 'azure-wi-sa', provider: 'azureKeyVault', auth: 'AzureKeyVaultAuth.workloadIdentity',
    make: (c) => EsoProvider.azureKeyVault({
      vaultUrl: 'https://shop-kv.vault.azure.net', tenantId: '00000000-0000-0000-0000-000000000000', auth: AzureKeyVaultAuth.workloadIdentity({ serviceAccount: c.serviceAccount() }),
    }),
  },
  { id: 'gcp-key', provider: 'gcpSecretManager', auth: 'GcpSecretManagerAuth.secretRef', make: (c) => EsoProvider.gcpSecretManager({ projectId: 'shop-prod', auth: GcpSecretManagerAuth.secretRef(c.credential(['key.json']).keyRef('key.json')) }) },
  {
    id: 'gcp-wi', provider: 'gcpSecretManager', auth: 'GcpSecretManagerAuth.workloadIdentity',
    make: (c) => EsoProvider.gcpSecretManager({
      projectId: 'shop-prod',
      auth: GcpSecretManagerAuth.workloadIdentity({ clusterLocation: 'europe-west1', clusterName: 'shop-cluster', clusterProjectId: 'shop-infra', serviceAccount: c.serviceAccount() }),
    }),
  },
  {
    id: 'gcp-wi-min', provider: 'gcpSecretManager', auth: 'GcpSecretManagerAuth.workloadIdentity',
    make: (c) => EsoProvider.gcpSecretManager({ projectId: 'shop-prod', auth: GcpSecretManagerAuth.workloadIdentity({ clusterLocation: 'europe-west1', clusterName: 'shop-cluster', serviceAccount: c.serviceAccount() }) }),
  },
  { id: 'gcp-controller', provider: 'gcpSecretManager', auth: 'GcpSecretManagerAuth.controllerIdentity', make: () => EsoProvider.gcpSecretManager({ projectId: 'shop-prod', auth: GcpSecretManagerAuth.controllerIdentity() }) },
];

/** The public static factories of the classes the cases draw from, as `Class.factory` (EsoProvider's without a prefix). */
export function offeredFactories(): { providers: string[]; auths: string[] } {
  const statics = (cls: Function) => Object.getOwnPropertyNames(cls).filter((n) => typeof (cls as any)[n] === 'function');
  return {
    // `aws` is EsoProvider's private helper behind awsSecretsManager/awsParameterStore.
    providers: statics(EsoProvider).filter((n) => n !== 'aws').sort(),
    auths: [VaultAuth, AwsAuth, AzureKeyVaultAuth, GcpSecretManagerAuth].flatMap((cls) => statics(cls).map((n) => `${cls.name}.${n}`)).sort(),
  };
}

/** The valid creationPolicy/deletionPolicy pairs (ESO rejects Delete without owning, Merge with None). */
const POLICIES: ReadonlyArray<[ExternalSecretCreationPolicy, ExternalSecretDeletionPolicy]> = Object.values(ExternalSecretCreationPolicy).flatMap((c) =>
  Object.values(ExternalSecretDeletionPolicy)
    .filter((d) => !(d === ExternalSecretDeletionPolicy.DELETE && (c === ExternalSecretCreationPolicy.MERGE || c === ExternalSecretCreationPolicy.NONE)))
    .filter((d) => !(d === ExternalSecretDeletionPolicy.MERGE && c === ExternalSecretCreationPolicy.NONE))
    .map((d): [ExternalSecretCreationPolicy, ExternalSecretDeletionPolicy] => [c, d]),
);

const REFRESH: ReadonlyArray<Duration | undefined> = [undefined, Duration.seconds(0), Duration.minutes(15), Duration.hours(24)];
const SCOPES: readonly SealingScope[] = [SealingScope.STRICT, SealingScope.NAMESPACE_WIDE, SealingScope.CLUSTER_WIDE];

/** The program, with the sealed credentials' fake ciphertext written to `sealedFile`. */
export function buildEsoMatrixApp(sealedFile: string): App {
  const app = new App();
  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  const infra = new Chart(app, 'infra', { namespace: 'external-secrets' });
  const k8s = new KubernetesSecretStore(shop, 'kubernetes-secrets');
  const sealedBy = new Map<SealingScope, SealedSecretDelivery>(SCOPES.map((scope) => [scope, new SealedSecretDelivery({ sealedFile, scope })]));
  let n = 0;

  for (const cluster of [false, true]) {
    for (const c of PROVIDER_CASES) {
      const i = n++;
      const chart = cluster ? infra : shop;
      const storeName = `${cluster ? 'cluster' : 'ns'}-${c.id}`;
      const ctx: CaseContext = {
        credential: (keys) => {
          // Every third credential is sealed, cycling through the scopes; the others are out-of-band.
          let delivery: ISecretDelivery | undefined;
          if (i % 3 === 0) {
            const scope = SCOPES[(i / 3) % SCOPES.length];
            delivery = sealedBy.get(scope);
          }
          return new DeclaredSecret(chart, `${storeName}-credentials`, { keys, delivery, type: i % 2 === 0 ? 'Opaque' : undefined, labels: i % 4 === 0 ? { 'app.kubernetes.io/part-of': 'eso' } : undefined });
        },
        serviceAccount: () => new kplus.ServiceAccount(chart, `${storeName}-sa`, { metadata: { name: `${storeName}-sa` } }),
      };
      const common = {
        provider: c.make(ctx),
        refreshInterval: i % 2 === 0 ? Duration.minutes(5) : undefined,
        retrySettings: i % 3 === 1 ? { maxRetries: 3, retryInterval: Duration.seconds(10) } : undefined,
        controller: i % 5 === 0 ? 'shop-eso' : undefined,
        labels: i % 4 === 1 ? { team: 'shop' } : undefined,
      };
      const conditions = [undefined, [{ namespaces: ['shop', 'staging'] }], [{ namespaceSelector: { 'eso.example/allowed': 'true' } }], [{ namespaceRegexes: ['^shop(-.*)?$'] }, { namespaces: ['shop'] }]][i % 4];
      const store = cluster
        ? new ClusterExternalSecretStore(infra, storeName, { ...common, conditions })
        : new ExternalSecretStore(shop, storeName, common);

      const [creationPolicy, deletionPolicy] = POLICIES[i % POLICIES.length];
      const keys = ['username', 'password'];
      new DeclaredSecret(shop, `app-${storeName}`, {
        store: k8s,
        keys,
        type: i % 3 === 0 ? 'kubernetes.io/basic-auth' : undefined,
        labels: i % 2 === 1 ? { app: 'orders' } : undefined,
        externalConsumer: 'the orders pods (mounted)',
        delivery: new ExternalSecretDelivery({
          store,
          remoteRefs: {
            username: { key: `shop/${c.id}`, property: 'username' },
            password: i % 2 === 0 ? { key: `shop/${c.id}/password`, version: i % 4 === 0 ? 'AWSCURRENT' : undefined } : { key: `shop/${c.id}`, property: 'password', version: '3' },
          },
          refreshInterval: REFRESH[i % REFRESH.length],
          creationPolicy,
          deletionPolicy,
        }),
      });
    }
  }
  // An app in shop loads the Kubernetes store the ExternalSecrets' target Secrets are declared in (a
  // component that no app loads fails synth).
  new DaprApp(shop, 'orders', { appId: 'orders', image: 'orders:1', components: [k8s] });
  return app;
}

/** The sealed file entries (`<namespace>/<name>` with scope and keys) the app's sealed deliveries read. */
function sealedEntriesOf(app: App): Record<string, { scope: SealingScope; keys: string[] }> {
  const sealed = app.node.findAll().filter(DeclaredSecret.isDeclaredSecret).filter((s) => s.delivery instanceof SealedSecretDelivery);
  return Object.fromEntries(sealed.map((s) => [`${s.namespace}/${s.secretName}`, { scope: (s.delivery as SealedSecretDelivery).scope, keys: [...s.keys] }]));
}

/** The synthesized objects of the program (through the library's own synth, which validates them first), and the app. */
export function synthEsoMatrix(): { objects: any[]; app: App } {
  const sealedFile = path.join(tempDir('eso-matrix-'), 'secrets', 'sealed.json');
  // Sealed deliveries read the file when their secrets bind, so a first build finds what to "seal"
  // (fake but well-formed ciphertext), and the second build reads it.
  writeFakeSealedFile(sealedFile, sealedEntriesOf(buildEsoMatrixApp(sealedFile)));
  const app = buildEsoMatrixApp(sealedFile);
  const objects = renderApp(app)
    .filter((f) => f.path.endsWith('.yaml') && f.path !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS()))
    .filter((o) => o !== null);
  return { objects, app };
}
