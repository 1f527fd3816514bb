import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DeclaredSecret, ISecretStore, SecretKeyStyle, SecretResolver, validateManifests } from '../../../lib';
import { findLeaks, makeCanary } from '../../../lib/testing';
import {
  AwsAuth, AzureKeyVaultAuth, EsoProvider, ExternalSecretStore, ExternalSecretStoreKind, GcpSecretManagerAuth, VaultAuth, VaultKvVersion,
} from '../../../lib/secrets/external';
import { findObject, synthErrors, testChart } from '../../support/chart';
import { credential } from './fixtures';

/** A Dapr store that does not read Kubernetes Secrets (values live in the backend itself). */
class BackendOnlyStore extends Construct implements ISecretStore {
  public readonly storeName = 'backend-only';
  public readonly namespace = undefined;
  public readonly resolver = SecretResolver.SIDECAR;
  public readonly kubernetesBacked = false;
  public readonly keyStyle = SecretKeyStyle.MULTI_KEY;
  public readonly isComponent = false;
}

const server = 'https://vault.vault.svc:8200';

function synthStore(chart: Chart, name: string): any {
  const objects = Testing.synth(chart);
  expect(validateManifests(objects)).toEqual([]);
  return findObject(objects, 'SecretStore', name);
}

describe('ExternalSecretStore (namespaced SecretStore)', () => {
  describe('Vault', () => {
    test('token auth renders tokenSecretRef {name, key} of the declared token secret, in the store namespace', () => {
      const chart = testChart('shop');
      const token = credential(chart, 'vault-token', ['token']);
      const store = new ExternalSecretStore(chart, 'vault-backend', {
        provider: EsoProvider.vault({ server, path: 'secret', version: VaultKvVersion.V2, namespace: 'team-a', auth: VaultAuth.token(token.keyRef('token')) }),
        refreshInterval: Duration.minutes(5),
        retrySettings: { maxRetries: 3, retryInterval: Duration.seconds(10) },
        labels: { team: 'shop' },
      });
      expect(store.kind).toBe(ExternalSecretStoreKind.SECRET_STORE);
      expect(store.storeRefName).toBe('vault-backend');
      expect(store.namespace).toBe('shop');
      expect(store.providerName).toBe('vault');
      expect(store.credentials.map((r) => r.toString())).toEqual(['vault-token/token']);
      const obj = synthStore(chart, 'vault-backend');
      expect(obj.apiVersion).toBe('external-secrets.io/v1');
      expect(obj.metadata).toEqual({ name: 'vault-backend', namespace: 'shop', labels: { team: 'shop' } });
      expect(obj.spec.provider.vault.auth).toEqual({ tokenSecretRef: { name: 'vault-token', key: 'token' } });
      expect(obj.spec.provider.vault).toMatchObject({ server, path: 'secret', version: 'v2', namespace: 'team-a' });
      expect(obj.spec.refreshInterval).toBe(300);
      expect(obj.spec.retrySettings).toEqual({ maxRetries: 3, retryInterval: '10s' });
      expect(obj).toMatchSnapshot();
    });

    test('Kubernetes auth needs no secret; AppRole reads only its secret ID from a declared secret', () => {
      const chart = testChart('shop');
      const sa = new kplus.ServiceAccount(chart, 'eso-vault', { metadata: { name: 'eso-vault' } });
      new ExternalSecretStore(chart, 'vault-k8s', { provider: EsoProvider.vault({ server, auth: VaultAuth.kubernetes({ role: 'shop-reader', serviceAccount: sa }) }) });
      const secretId = credential(chart, 'vault-approle-id', ['secret-id']);
      const approle = new ExternalSecretStore(chart, 'vault-approle', {
        provider: EsoProvider.vault({ server, version: VaultKvVersion.V1, auth: VaultAuth.appRole({ roleId: 'shop-role', secretRef: secretId.keyRef('secret-id') }) }),
      });
      const objects = Testing.synth(chart);
      expect(validateManifests(objects)).toEqual([]);
      expect(findObject(objects, 'SecretStore', 'vault-k8s').spec.provider.vault).toEqual({
        server, version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', role: 'shop-reader', serviceAccountRef: { name: 'eso-vault' } } },
      });
      expect(findObject(objects, 'SecretStore', 'vault-approle').spec.provider.vault).toEqual({
        server, version: 'v1', auth: { appRole: { path: 'approle', roleId: 'shop-role', secretRef: { name: 'vault-approle-id', key: 'secret-id' } } },
      });
      expect(approle.credentials.map(String)).toEqual(['vault-approle-id/secret-id']);
    });
  });

  describe('AWS', () => {
    test('Secrets Manager with access keys renders the three *SecretRef of declared secrets', () => {
      const chart = testChart('shop');
      const keys = credential(chart, 'aws-credentials', ['access-key-id', 'secret-access-key', 'session-token']);
      const store = new ExternalSecretStore(chart, 'aws-sm', {
        provider: EsoProvider.awsSecretsManager({
          region: 'eu-central-1',
          role: 'arn:aws:iam::123456789012:role/shop-reader',
          auth: AwsAuth.secretRef({
            accessKeyIdSecretRef: keys.keyRef('access-key-id'),
            secretAccessKeySecretRef: keys.keyRef('secret-access-key'),
            sessionTokenSecretRef: keys.keyRef('session-token'),
          }),
        }),
      });
      expect(store.providerName).toBe('aws');
      const obj = synthStore(chart, 'aws-sm');
      expect(obj.spec.provider.aws).toEqual({
        service: 'SecretsManager',
        region: 'eu-central-1',
        role: 'arn:aws:iam::123456789012:role/shop-reader',
        auth: {
          secretRef: {
            accessKeyIDSecretRef: { name: 'aws-credentials', key: 'access-key-id' },
            secretAccessKeySecretRef: { name: 'aws-credentials', key: 'secret-access-key' },
            sessionTokenSecretRef: { name: 'aws-credentials', key: 'session-token' },
          },
        },
      });
      expect(obj).toMatchSnapshot();
    });

    test('IRSA (jwt) and the controller identity need no secret; Parameter Store is the same provider', () => {
      const chart = testChart('shop');
      const sa = new kplus.ServiceAccount(chart, 'eso-irsa', { metadata: { name: 'eso-irsa' } });
      const irsa = new ExternalSecretStore(chart, 'aws-irsa', { provider: EsoProvider.awsSecretsManager({ region: 'eu-west-1', auth: AwsAuth.jwt(sa) }) });
      new ExternalSecretStore(chart, 'aws-ps', { provider: EsoProvider.awsParameterStore({ region: 'eu-west-1', auth: AwsAuth.controllerIdentity() }) });
      const objects = Testing.synth(chart);
      expect(validateManifests(objects)).toEqual([]);
      expect(findObject(objects, 'SecretStore', 'aws-irsa').spec.provider.aws).toEqual({
        service: 'SecretsManager', region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'eso-irsa' } } },
      });
      expect(findObject(objects, 'SecretStore', 'aws-ps').spec.provider.aws).toEqual({ service: 'ParameterStore', region: 'eu-west-1' });
      expect(irsa.credentials).toEqual([]);
    });
  });

  describe('Azure Key Vault', () => {
    test('service principal renders authSecretRef {clientId, clientSecret} of declared secrets', () => {
      const chart = testChart('shop');
      const sp = credential(chart, 'azure-sp', ['client-id', 'client-secret']);
      new ExternalSecretStore(chart, 'azure-kv', {
        provider: EsoProvider.azureKeyVault({
          vaultUrl: 'https://shop-kv.vault.azure.net',
          tenantId: '00000000-0000-0000-0000-000000000000',
          auth: AzureKeyVaultAuth.servicePrincipal({ clientId: sp.keyRef('client-id'), clientSecret: sp.keyRef('client-secret') }),
        }),
      });
      const obj = synthStore(chart, 'azure-kv');
      expect(obj.spec.provider.azurekv).toEqual({
        vaultUrl: 'https://shop-kv.vault.azure.net',
        tenantId: '00000000-0000-0000-0000-000000000000',
        authType: 'ServicePrincipal',
        authSecretRef: { clientId: { name: 'azure-sp', key: 'client-id' }, clientSecret: { name: 'azure-sp', key: 'client-secret' } },
      });
      expect(obj).toMatchSnapshot();
    });

    test('managed identity and workload identity need no secret', () => {
      const chart = testChart('shop');
      const sa = new kplus.ServiceAccount(chart, 'eso-azure', { metadata: { name: 'eso-azure' } });
      new ExternalSecretStore(chart, 'azure-mi', { provider: EsoProvider.azureKeyVault({ vaultUrl: 'https://shop-kv.vault.azure.net', auth: AzureKeyVaultAuth.managedIdentity({ identityId: 'shop-identity' }) }) });
      new ExternalSecretStore(chart, 'azure-wi', { provider: EsoProvider.azureKeyVault({ vaultUrl: 'https://shop-kv.vault.azure.net', auth: AzureKeyVaultAuth.workloadIdentity({ serviceAccount: sa }) }) });
      const objects = Testing.synth(chart);
      expect(validateManifests(objects)).toEqual([]);
      expect(findObject(objects, 'SecretStore', 'azure-mi').spec.provider.azurekv).toEqual({
        vaultUrl: 'https://shop-kv.vault.azure.net', authType: 'ManagedIdentity', identityId: 'shop-identity',
      });
      expect(findObject(objects, 'SecretStore', 'azure-wi').spec.provider.azurekv).toEqual({
        vaultUrl: 'https://shop-kv.vault.azure.net', authType: 'WorkloadIdentity', serviceAccountRef: { name: 'eso-azure' },
      });
    });
  });

  describe('GCP Secret Manager', () => {
    test('a service account key renders secretAccessKeySecretRef of a declared secret', () => {
      const chart = testChart('shop');
      const key = credential(chart, 'gcp-sa-key', ['key.json']);
      new ExternalSecretStore(chart, 'gcp-sm', { provider: EsoProvider.gcpSecretManager({ projectId: 'shop-prod', auth: GcpSecretManagerAuth.secretRef(key.keyRef('key.json')) }) });
      const obj = synthStore(chart, 'gcp-sm');
      expect(obj.spec.provider.gcpsm).toEqual({
        projectID: 'shop-prod',
        auth: { secretRef: { secretAccessKeySecretRef: { name: 'gcp-sa-key', key: 'key.json' } } },
      });
      expect(obj).toMatchSnapshot();
    });

    test('workload identity and the controller identity need no secret', () => {
      const chart = testChart('shop');
      const sa = new kplus.ServiceAccount(chart, 'eso-gcp', { metadata: { name: 'eso-gcp' } });
      new ExternalSecretStore(chart, 'gcp-wi', {
        provider: EsoProvider.gcpSecretManager({
          projectId: 'shop-prod',
          auth: GcpSecretManagerAuth.workloadIdentity({ clusterLocation: 'europe-west1', clusterName: 'shop-cluster', clusterProjectId: 'shop-infra', serviceAccount: sa }),
        }),
      });
      new ExternalSecretStore(chart, 'gcp-ambient', { provider: EsoProvider.gcpSecretManager({ projectId: 'shop-prod', auth: GcpSecretManagerAuth.controllerIdentity() }) });
      const objects = Testing.synth(chart);
      expect(validateManifests(objects)).toEqual([]);
      expect(findObject(objects, 'SecretStore', 'gcp-wi').spec.provider.gcpsm.auth).toEqual({
        workloadIdentity: { clusterLocation: 'europe-west1', clusterName: 'shop-cluster', clusterProjectID: 'shop-infra', serviceAccountRef: { name: 'eso-gcp' } },
      });
      expect(findObject(objects, 'SecretStore', 'gcp-ambient').spec.provider).toEqual({ gcpsm: { projectID: 'shop-prod' } });
    });
  });

  describe('credentials are references only', () => {
    test('a string where a SecretKeyRef is required does not compile', () => {
      const chart = testChart();
      const sa = new kplus.ServiceAccount(chart, 'sa');
      // @ts-expect-error tokenSecretRef only takes a SecretKeyRef
      expect(() => VaultAuth.token('plain-text')).not.toThrow(); // refused when a store renders it (below)
      // @ts-expect-error the AppRole secret ID only takes a SecretKeyRef
      VaultAuth.appRole({ roleId: 'r', secretRef: 'plain-text' });
      // @ts-expect-error AWS keys only take SecretKeyRefs
      AwsAuth.secretRef({ accessKeyIdSecretRef: 'plain-text', secretAccessKeySecretRef: 'plain-text' });
      // @ts-expect-error the client secret only takes a SecretKeyRef
      AzureKeyVaultAuth.servicePrincipal({ clientId: 'plain-text', clientSecret: 'plain-text' });
      // @ts-expect-error the GCP key only takes a SecretKeyRef
      GcpSecretManagerAuth.secretRef('plain-text');
      // @ts-expect-error a ServiceAccount is a construct, not a name
      AwsAuth.jwt('external-secrets');
      expect(sa).toBeDefined();
    });

    test('a JS caller passing a string gets a clear error that does not echo it', () => {
      const chart = testChart('shop');
      const canary = makeCanary('vault-token');
      const cases: Array<[string, EsoProvider, string]> = [
        ['vault', EsoProvider.vault({ server, auth: VaultAuth.token(canary as any) }), 'spec.provider.vault.auth.tokenSecretRef'],
        ['aws', EsoProvider.awsSecretsManager({ region: 'eu-west-1', auth: AwsAuth.secretRef({ accessKeyIdSecretRef: canary as any, secretAccessKeySecretRef: canary as any }) }), 'spec.provider.aws.auth.secretRef.accessKeyIDSecretRef'],
        ['azure', EsoProvider.azureKeyVault({ vaultUrl: 'https://kv.vault.azure.net', tenantId: 't', auth: AzureKeyVaultAuth.servicePrincipal({ clientId: canary as any, clientSecret: canary as any }) }), 'spec.provider.azurekv.authSecretRef.clientId'],
        ['gcp', EsoProvider.gcpSecretManager({ projectId: 'p', auth: GcpSecretManagerAuth.secretRef(canary as any) }), 'spec.provider.gcpsm.auth.secretRef.secretAccessKeySecretRef'],
      ];
      for (const [id, provider, field] of cases) {
        let message = '';
        try {
          new ExternalSecretStore(chart, id, { provider });
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message).toBe(
          `[test/${id}] ${field}: expected a secret reference, got a string (not shown: it may be a credential). `
          + "Fix: declare the credential with new DeclaredSecret(...), deliver it as a Kubernetes Secret (such as SecretDelivery.outOfBand()) and pass secret.keyRef('<key>')",
        );
        expect(findLeaks(message, { canary })).toEqual([]);
      }
    });
  });

  describe('validation', () => {
    test("a namespaced store's credential secret must be in the store's namespace", () => {
      const chart = testChart('shop');
      const token = credential(chart, 'vault-token', ['token'], 'ops');
      expect(() => new ExternalSecretStore(chart, 'vault', { provider: EsoProvider.vault({ server, auth: VaultAuth.token(token.keyRef('token')) }) })).toThrow(
        '[test/vault] spec.provider.vault.auth.tokenSecretRef: secret "vault-token" is in namespace "ops", but a SecretStore only reads Secrets of its own namespace "shop". '
        + 'Fix: declare the credential secret in namespace "shop", or use a ClusterExternalSecretStore',
      );
    });

    test("a namespaced store's ServiceAccount must be in the store's namespace", () => {
      const chart = testChart('shop');
      const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'eso-sa', 'external-secrets', { namespaceName: 'external-secrets' });
      expect(() => new ExternalSecretStore(chart, 'aws', { provider: EsoProvider.awsSecretsManager({ region: 'eu-west-1', auth: AwsAuth.jwt(sa) }) })).toThrow(
        '[test/aws] spec.provider.aws.auth.jwt.serviceAccountRef: ServiceAccount "external-secrets" is in namespace "external-secrets", but a SecretStore only uses ServiceAccounts of its own namespace "shop". '
        + 'Fix: use a ServiceAccount of namespace "shop", or a ClusterExternalSecretStore',
      );
    });

    test('a JS caller passing a name where a ServiceAccount is required', () => {
      const chart = testChart('shop');
      expect(() => new ExternalSecretStore(chart, 'aws', { provider: EsoProvider.awsSecretsManager({ region: 'eu-west-1', auth: AwsAuth.jwt('external-secrets' as any) }) })).toThrow(
        '[test/aws] spec.provider.aws.auth.jwt.serviceAccountRef: expected a ServiceAccount, got "external-secrets". '
        + "Fix: pass a cdk8s-plus ServiceAccount, or kplus.ServiceAccount.fromServiceAccountName(scope, 'id', 'name', { namespaceName: 'ns' })",
      );
    });

    test('the credential must be delivered as a Kubernetes Secret', () => {
      const chart = testChart('shop');
      const backendOnly = new DeclaredSecret(chart, 'vault-token', { store: new BackendOnlyStore(chart, 'backend-only'), keys: ['token'] });
      expect(() => new ExternalSecretStore(chart, 'vault', { provider: EsoProvider.vault({ server, auth: VaultAuth.token(backendOnly.keyRef('token')) }) })).toThrow(
        '[test/vault] spec.provider.vault.auth.tokenSecretRef: secret "vault-token" is not delivered as a Kubernetes Secret (store "backend-only", delivery "store-managed"), but ESO reads provider credentials from Kubernetes Secrets. '
        + 'Fix: declare the credential in a Kubernetes secret store and deliver it with SecretDelivery.outOfBand() or a sealed delivery',
      );
    });

    test('the credential must be declared in the same app', () => {
      const other = new Chart(new App(), 'other', { namespace: 'shop' });
      const token = credential(other, 'vault-token', ['token']);
      const chart = testChart('shop');
      expect(() => new ExternalSecretStore(chart, 'vault', { provider: EsoProvider.vault({ server, auth: VaultAuth.token(token.keyRef('token')) }) })).toThrow(
        '[test/vault] spec.provider.vault.auth.tokenSecretRef: secret "vault-token" (other/vault-token) belongs to another app, so nothing in this app delivers it. '
        + 'Fix: declare the credential secret in the same app as the store',
      );
    });

    test('a credential reference must come from a declared secret', () => {
      const chart = testChart('shop');
      const forged = { [Symbol.for('dapr-secure-constructs.SecretKeyRef')]: true, key: 'token', secret: { secretName: 'x' } };
      expect(() => new ExternalSecretStore(chart, 'vault', { provider: EsoProvider.vault({ server, auth: VaultAuth.token(forged as any) }) })).toThrow(
        "[test/vault] spec.provider.vault.auth.tokenSecretRef: the secret reference does not come from a declared secret. Fix: get references from secret.keyRef('<key>') of a DeclaredSecret",
      );
    });

    test('provider and auth must be the typed classes', () => {
      const chart = testChart('shop');
      expect(() => new ExternalSecretStore(chart, 'a', { provider: 'vault' as any })).toThrow(
        '[test/a] provider: expected an EsoProvider, got a string. Fix: pass EsoProvider.vault({...}), awsSecretsManager({...}), azureKeyVault({...}) or gcpSecretManager({...})',
      );
      expect(() => new ExternalSecretStore(chart, 'b', { provider: EsoProvider.vault({ server, auth: 'token' as any }) })).toThrow(
        '[test/b] spec.provider.vault.auth: expected VaultAuth, got a string (not shown: it may be a credential). '
        + 'Fix: pass VaultAuth.token(secret.keyRef(...)), VaultAuth.kubernetes({...}) or VaultAuth.appRole({...})',
      );
    });

    test('the store name must be a DNS-1123 name', () => {
      expect(() => new ExternalSecretStore(testChart(), 'Vault_Backend', { provider: EsoProvider.awsSecretsManager({ region: 'r', auth: AwsAuth.controllerIdentity() }) })).toThrow(
        '[test/Vault_Backend] name: "Vault_Backend" is not a DNS-1123 name. Fix: use lowercase letters, digits, "-" and ".", such as "vault-backend"',
      );
    });

    test('required provider settings', () => {
      expect(() => new ExternalSecretStore(testChart(), 'aws', { provider: EsoProvider.awsSecretsManager({ region: '', auth: AwsAuth.controllerIdentity() }) })).toThrow(
        '[test/aws] spec.provider.aws.region: expected a non-empty string, got "". Fix: pass region: "eu-central-1"',
      );
      const chart = testChart();
      const sp = credential(chart, 'azure-sp', ['client-id', 'client-secret']);
      expect(() => new ExternalSecretStore(chart, 'azure', {
        provider: EsoProvider.azureKeyVault({ vaultUrl: 'https://kv.vault.azure.net', auth: AzureKeyVaultAuth.servicePrincipal({ clientId: sp.keyRef('client-id'), clientSecret: sp.keyRef('client-secret') }) }),
      })).toThrow("[test/azure] spec.provider.azurekv.tenantId: service principal authentication needs the tenant ID. Fix: pass tenantId: '<directory (tenant) ID>'");
    });

    test('server URLs: http(s) only, and user info is refused without being echoed', () => {
      const canary = makeCanary('url-password');
      const withUserInfo = `https://eso:${encodeURIComponent(canary)}@vault.example.com:8200`;
      let message = '';
      try {
        new ExternalSecretStore(testChart(), 'vault', { provider: EsoProvider.vault({ server: withUserInfo, auth: VaultAuth.kubernetes({ role: 'r' }) }) });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(
        '[test/vault] spec.provider.vault.server: the URL carries user info, which may be a credential (the URL is not shown). '
        + 'Fix: give the URL without user info, such as "https://vault.vault.svc:8200", and authenticate with the provider\'s auth option',
      );
      expect(findLeaks(message, { canary })).toEqual([]);
      expect(() => new ExternalSecretStore(testChart(), 'kv', { provider: EsoProvider.azureKeyVault({ vaultUrl: 'shop-kv', auth: AzureKeyVaultAuth.managedIdentity() }) })).toThrow(
        '[test/kv] spec.provider.azurekv.vaultUrl: "shop-kv" is not an http(s) URL. Fix: pass a URL such as "https://shop-kv.vault.azure.net"',
      );
    });

    test('caBundle must be base64', () => {
      expect(() => new ExternalSecretStore(testChart(), 'vault', { provider: EsoProvider.vault({ server, caBundle: '-----BEGIN CERTIFICATE-----', auth: VaultAuth.kubernetes({ role: 'r' }) }) })).toThrow(
        "[test/vault] spec.provider.vault.caBundle: expected the base64 of a PEM bundle (the value is not standard base64). Fix: pass Buffer.from(pem).toString('base64')",
      );
    });

    test('refreshInterval is whole seconds; retrySettings are checked', () => {
      const provider = () => EsoProvider.gcpSecretManager({ projectId: 'p', auth: GcpSecretManagerAuth.controllerIdentity() });
      expect(() => new ExternalSecretStore(testChart(), 'a', { provider: provider(), refreshInterval: Duration.millis(1500) })).toThrow(
        '[test/a] refreshInterval: expected a cdk8s Duration of whole seconds, got 1500ms. Fix: pass a Duration such as Duration.minutes(5); ESO stores it as whole seconds',
      );
      expect(() => new ExternalSecretStore(testChart(), 'b', { provider: provider(), refreshInterval: 300 as any })).toThrow(
        '[test/b] refreshInterval: expected a cdk8s Duration of whole seconds, got 300.',
      );
      expect(() => new ExternalSecretStore(testChart(), 'c', { provider: provider(), retrySettings: { maxRetries: -1 } })).toThrow(
        '[test/c] retrySettings.maxRetries: expected a non-negative integer, got -1. Fix: pass a whole number such as 5',
      );
      expect(() => new ExternalSecretStore(testChart(), 'd', { provider: provider(), retrySettings: { retryInterval: '10s' as any } })).toThrow(
        '[test/d] retrySettings.retryInterval: expected a positive cdk8s Duration, got "10s". Fix: pass a Duration such as Duration.seconds(10)',
      );
    });

    test('two stores with one namespace and name are rejected at synth', () => {
      const chart = testChart('shop');
      const provider = EsoProvider.awsSecretsManager({ region: 'r', auth: AwsAuth.controllerIdentity() });
      new ExternalSecretStore(chart, 'a', { name: 'aws', provider });
      new ExternalSecretStore(chart, 'b', { name: 'aws', provider });
      new ExternalSecretStore(chart, 'c', { name: 'aws', namespace: 'other', provider });
      expect(synthErrors(chart)).toContain(
        '[test/b] metadata.name: duplicate SecretStore "shop/aws"; test/a already declares it. Fix: give one of them another name or namespace, or reuse the construct at test/a',
      );
      expect(synthErrors(chart)).not.toContain('test/c');
    });
  });
});
