import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { validateManifests } from '../../../lib';
import {
  AwsAuth, AzureKeyVaultAuth, ClusterExternalSecretStore, EsoProvider, ExternalSecretStoreKind, GcpSecretManagerAuth, VaultAuth,
} from '../../../lib/secrets/external';
import { findObject, synthErrors, testChart } from '../../support/chart';
import { credential } from './fixtures';

const server = 'https://vault.vault.svc:8200';

describe('ClusterExternalSecretStore', () => {
  test('Vault token: the reference carries the namespace of the declared token secret; conditions and refresh render', () => {
    const chart = testChart('shop');
    const token = credential(chart, 'vault-token', ['token'], 'external-secrets');
    const store = new ClusterExternalSecretStore(chart, 'vault-cluster', {
      provider: EsoProvider.vault({ server, path: 'secret', auth: VaultAuth.token(token.keyRef('token')) }),
      refreshInterval: Duration.hours(1),
      retrySettings: { maxRetries: 5 },
      conditions: [{ namespaces: ['shop', 'billing'] }, { namespaceSelector: { 'eso-access': 'true' } }],
    });
    expect(store.kind).toBe(ExternalSecretStoreKind.CLUSTER_SECRET_STORE);
    expect(store.namespace).toBeUndefined();
    expect(store.allowsNamespace('shop')).toBe(true);
    expect(store.allowsNamespace('other')).toBeUndefined(); // a label selector decides in the cluster
    const objects = Testing.synth(chart);
    expect(validateManifests(objects)).toEqual([]);
    const obj = findObject(objects, 'ClusterSecretStore', 'vault-cluster');
    expect(obj.metadata).toEqual({ name: 'vault-cluster' });
    expect(obj.spec.provider.vault.auth).toEqual({ tokenSecretRef: { name: 'vault-token', key: 'token', namespace: 'external-secrets' } });
    expect(obj.spec.refreshInterval).toBe(3600);
    expect(obj.spec.retrySettings).toEqual({ maxRetries: 5 });
    expect(obj.spec.conditions).toEqual([{ namespaces: ['shop', 'billing'] }, { namespaceSelector: { matchLabels: { 'eso-access': 'true' } } }]);
    expect(obj).toMatchSnapshot();
  });

  test('every provider credential and ServiceAccount reference carries a namespace', () => {
    const chart = testChart('shop');
    const aws = credential(chart, 'aws-credentials', ['access-key-id', 'secret-access-key'], 'external-secrets');
    const sp = credential(chart, 'azure-sp', ['client-id', 'client-secret'], 'infra');
    const gcpKey = credential(chart, 'gcp-sa-key', ['key.json'], 'infra');
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'eso-sa', 'external-secrets', { namespaceName: 'external-secrets' });
    const owned = new kplus.ServiceAccount(chart, 'eso-owned', { metadata: { name: 'eso-owned' } });
    new ClusterExternalSecretStore(chart, 'aws-keys', {
      provider: EsoProvider.awsSecretsManager({ region: 'eu-west-1', auth: AwsAuth.secretRef({ accessKeyIdSecretRef: aws.keyRef('access-key-id'), secretAccessKeySecretRef: aws.keyRef('secret-access-key') }) }),
    });
    new ClusterExternalSecretStore(chart, 'aws-irsa', { provider: EsoProvider.awsParameterStore({ region: 'eu-west-1', auth: AwsAuth.jwt(sa) }) });
    new ClusterExternalSecretStore(chart, 'azure', {
      provider: EsoProvider.azureKeyVault({ vaultUrl: 'https://shop-kv.vault.azure.net', tenantId: 'tenant', auth: AzureKeyVaultAuth.servicePrincipal({ clientId: sp.keyRef('client-id'), clientSecret: sp.keyRef('client-secret') }) }),
    });
    new ClusterExternalSecretStore(chart, 'gcp', { provider: EsoProvider.gcpSecretManager({ projectId: 'shop-prod', auth: GcpSecretManagerAuth.secretRef(gcpKey.keyRef('key.json')) }) });
    new ClusterExternalSecretStore(chart, 'vault-k8s', { provider: EsoProvider.vault({ server, auth: VaultAuth.kubernetes({ role: 'eso', mountPath: 'k8s-prod', serviceAccount: owned }) }) });
    const objects = Testing.synth(chart);
    expect(validateManifests(objects)).toEqual([]);
    expect(findObject(objects, 'ClusterSecretStore', 'aws-keys').spec.provider.aws.auth.secretRef).toEqual({
      accessKeyIDSecretRef: { name: 'aws-credentials', key: 'access-key-id', namespace: 'external-secrets' },
      secretAccessKeySecretRef: { name: 'aws-credentials', key: 'secret-access-key', namespace: 'external-secrets' },
    });
    expect(findObject(objects, 'ClusterSecretStore', 'aws-irsa').spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } });
    expect(findObject(objects, 'ClusterSecretStore', 'azure').spec.provider.azurekv.authSecretRef).toEqual({
      clientId: { name: 'azure-sp', key: 'client-id', namespace: 'infra' },
      clientSecret: { name: 'azure-sp', key: 'client-secret', namespace: 'infra' },
    });
    expect(findObject(objects, 'ClusterSecretStore', 'gcp').spec.provider.gcpsm.auth.secretRef).toEqual({
      secretAccessKeySecretRef: { name: 'gcp-sa-key', key: 'key.json', namespace: 'infra' },
    });
    // A ServiceAccount without an explicit namespace is in its chart's namespace.
    expect(findObject(objects, 'ClusterSecretStore', 'vault-k8s').spec.provider.vault.auth).toEqual({
      kubernetes: { mountPath: 'k8s-prod', role: 'eso', serviceAccountRef: { name: 'eso-owned', namespace: 'shop' } },
    });
  });

  test('conditions only by name decide at synth which namespaces may use the store', () => {
    const store = new ClusterExternalSecretStore(testChart(), 'aws', {
      provider: EsoProvider.awsSecretsManager({ region: 'r', auth: AwsAuth.controllerIdentity() }),
      conditions: [{ namespaces: ['shop'] }],
    });
    expect(store.allowsNamespace('shop')).toBe(true);
    expect(store.allowsNamespace('billing')).toBe(false);
    const open = new ClusterExternalSecretStore(testChart(), 'open', { provider: EsoProvider.awsSecretsManager({ region: 'r', auth: AwsAuth.controllerIdentity() }) });
    expect(open.allowsNamespace('anything')).toBe(true);
  });

  test('conditions are checked', () => {
    const provider = EsoProvider.awsSecretsManager({ region: 'r', auth: AwsAuth.controllerIdentity() });
    expect(() => new ClusterExternalSecretStore(testChart(), 'a', { provider, conditions: [{}] })).toThrow(
      "[test/a] conditions[0]: the condition names no namespaces, selector or regexes. Fix: give namespaces: ['shop'], a namespaceSelector or namespaceRegexes, or leave the condition out",
    );
    expect(() => new ClusterExternalSecretStore(testChart(), 'b', { provider, conditions: [{ namespaces: ['Shop'] }] })).toThrow(
      '[test/b] conditions[0].namespaces: "Shop" is not a namespace name. Fix: use DNS-1123 labels such as "shop"',
    );
  });

  test('two cluster stores with one name are rejected at synth', () => {
    const chart = testChart('shop');
    const provider = EsoProvider.awsSecretsManager({ region: 'r', auth: AwsAuth.controllerIdentity() });
    new ClusterExternalSecretStore(chart, 'a', { name: 'aws', provider });
    new ClusterExternalSecretStore(chart, 'b', { name: 'aws', provider });
    expect(synthErrors(chart)).toContain(
      '[test/b] metadata.name: duplicate ClusterSecretStore "aws"; test/a already declares it. Fix: give one of them another name or namespace, or reuse the construct at test/a',
    );
  });
});
