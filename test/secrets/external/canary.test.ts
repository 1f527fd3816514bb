import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, OutOfBandDelivery, renderApp, synthesize, validateManifests } from '../../../lib';
import { findLeaks, formatFindings, makeCanary, scanTree } from '../../../lib/scan';
import {
  AwsAuth, AzureKeyVaultAuth, ClusterExternalSecretStore, EsoProvider, ExternalSecretDelivery, ExternalSecretStore, GcpSecretManagerAuth, VaultAuth,
} from '../../../lib/secrets/external';
import { runCreateSecretsScript } from '../../support/fake-kubectl';

/**
 * An app whose ESO stores authenticate with declared credentials delivered out-of-band, and whose app
 * secrets come from those stores through ExternalSecrets.
 */
function buildApp(): App {
  const app = new App();
  const infra = new Chart(app, 'infra', { namespace: 'external-secrets' });
  const shop = new Chart(app, 'shop', { namespace: 'shop' });

  const vaultToken = new DeclaredSecret(shop, 'vault-token', { keys: ['token'] });
  const vault = new ExternalSecretStore(shop, 'vault-backend', {
    provider: EsoProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', auth: VaultAuth.token(vaultToken.keyRef('token')) }),
  });
  const aws = new DeclaredSecret(infra, 'aws-credentials', { keys: ['access-key-id', 'secret-access-key', 'session-token'] });
  const awsStore = new ClusterExternalSecretStore(infra, 'aws-sm', {
    provider: EsoProvider.awsSecretsManager({
      region: 'eu-central-1',
      auth: AwsAuth.secretRef({
        accessKeyIdSecretRef: aws.keyRef('access-key-id'),
        secretAccessKeySecretRef: aws.keyRef('secret-access-key'),
        sessionTokenSecretRef: aws.keyRef('session-token'),
      }),
    }),
    conditions: [{ namespaces: ['shop'] }],
  });
  const sp = new DeclaredSecret(shop, 'azure-sp', { keys: ['client-id', 'client-secret'] });
  new ExternalSecretStore(shop, 'azure-kv', {
    provider: EsoProvider.azureKeyVault({
      vaultUrl: 'https://shop-kv.vault.azure.net',
      tenantId: '00000000-0000-0000-0000-000000000000',
      auth: AzureKeyVaultAuth.servicePrincipal({ clientId: sp.keyRef('client-id'), clientSecret: sp.keyRef('client-secret') }),
    }),
  });
  const gcpKey = new DeclaredSecret(shop, 'gcp-sa-key', { keys: ['key.json'] });
  new ExternalSecretStore(shop, 'gcp-sm', { provider: EsoProvider.gcpSecretManager({ projectId: 'shop-prod', auth: GcpSecretManagerAuth.secretRef(gcpKey.keyRef('key.json')) }) });

  const k8s = new KubernetesSecretStore(shop, 'kubernetes-secrets');
  const db = new DeclaredSecret(shop, 'db', {
    store: k8s,
    keys: ['username', 'password'],
    delivery: new ExternalSecretDelivery({ store: vault, remoteRefs: { username: { key: 'shop/db', property: 'username' }, password: { key: 'shop/db', property: 'password' } } }),
  });
  const payments = new DeclaredSecret(shop, 'payments-api', {
    store: k8s,
    keys: ['api-key'],
    delivery: new ExternalSecretDelivery({ store: awsStore, remoteRefs: { 'api-key': { key: 'shop/payments', property: 'api-key' } } }),
  });
  const orders = new DaprApp(shop, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080 });
  db.grantRead(orders);
  payments.grantRead(orders);
  return app;
}

describe('ESO delivery canaries', () => {
  test('provider credentials set as canary env vars appear in no output, in any encoding; only the script delivers them', () => {
    const probe = buildApp();
    const credentials = probe.node.findAll().filter(DeclaredSecret.isDeclaredSecret).filter((s) => s.delivery instanceof OutOfBandDelivery);
    expect(credentials.map((s) => s.secretName).sort()).toEqual(['aws-credentials', 'azure-sp', 'gcp-sa-key', 'vault-token']);
    const canaries: Record<string, string> = {};
    const env: Record<string, string> = {};
    for (const s of credentials) {
      for (const key of s.keys) {
        const variable = (s.delivery as OutOfBandDelivery).envVarFor(s, key);
        canaries[variable] = makeCanary(variable.toLowerCase().replace(/_/g, '-'));
        env[variable] = canaries[variable];
      }
    }
    // The names providers' own SDKs read, in case anything picked them up from the environment.
    for (const loose of ['VAULT_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'GOOGLE_APPLICATION_CREDENTIALS']) {
      canaries[loose] = makeCanary(loose.toLowerCase().replace(/_/g, '-'));
      env[loose] = canaries[loose];
    }
    expect(Object.keys(canaries)).toHaveLength(14);
    // Positive control: the scanner does find a planted canary, also base64-encoded as in a Secret.
    expect(findLeaks(`token: ${Buffer.from(canaries.VAULT_TOKEN_TOKEN).toString('base64')}`, canaries).map((l) => l.canary)).toEqual(['VAULT_TOKEN_TOKEN']);

    const saved = { ...process.env };
    Object.assign(process.env, env);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'eso-canary-dist-'));
    let rendered;
    try {
      rendered = renderApp(buildApp());
      synthesize(buildApp(), { outdir: out });
    } finally {
      process.env = saved;
    }

    expect(fs.readdirSync(out).sort()).toEqual(['create-secrets.sh', 'infra.k8s.yaml', 'kustomization.yaml', 'shop.k8s.yaml']);
    const leaks = scanTree(out, canaries);
    expect(formatFindings(leaks)).toBe(formatFindings([]));
    expect(leaks).toEqual([]);
    for (const file of rendered) expect({ file: file.path, leaks: findLeaks(file.content, canaries) }).toEqual({ file: file.path, leaks: [] });

    // Every synthesized object validates, and the manifests hold the references.
    const objects = ['infra.k8s.yaml', 'shop.k8s.yaml'].flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(out, f), 'utf8')).map((d) => d.toJS()));
    expect(validateManifests(objects)).toEqual([]);
    expect(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata.name).sort()).toEqual(['db', 'payments-api']);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);

    // The credentials reach the cluster only through the out-of-band script, from the environment.
    const script = fs.readFileSync(path.join(out, 'create-secrets.sh'), 'utf8');
    for (const line of ['need VAULT_TOKEN_TOKEN shop/vault-token token', 'need AWS_CREDENTIALS_SECRET_ACCESS_KEY external-secrets/aws-credentials secret-access-key', 'need AZURE_SP_CLIENT_SECRET shop/azure-sp client-secret', 'need GCP_SA_KEY_KEY_JSON shop/gcp-sa-key key.json']) {
      expect(script).toContain(line);
    }
    const run = runCreateSecretsScript(script, env);
    expect(run.status).toBe(0);
    const applied = parseAllDocuments(run.applied).map((d) => d.toJS()).filter(Boolean);
    expect(applied.map((d) => `${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'external-secrets/aws-credentials', 'shop/azure-sp', 'shop/gcp-sa-key', 'shop/vault-token',
    ]);
    const token = applied.find((d) => d.metadata.name === 'vault-token');
    expect(Buffer.from(token.data.token, 'base64').toString('utf8')).toBe(canaries.VAULT_TOKEN_TOKEN);
    expect(findLeaks(run.argv, canaries)).toEqual([]);
    expect(scanTree(out, canaries)).toEqual([]);
  });
});
