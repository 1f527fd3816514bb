import { Chart } from 'cdk8s';
import { DeclaredSecret, SecretKeyStyle, SecretResolver } from '../../../lib';
import { makeCanary } from '../../../lib/scan';
import { GcpSecretManagerSecretStore, GcpSecretManagerSecretStoreProps } from '../../../lib/secrets/stores';
import { findObject, testChart } from '../../support/chart';
import { loadInApp, synthValid, thrown } from './support';

function serviceAccountKey(chart: Chart): Pick<GcpSecretManagerSecretStoreProps, 'privateKeyID' | 'privateKey'> {
  const key = new DeclaredSecret(chart, 'gcp-sa-key', { keys: ['private-key-id', 'private-key'] });
  return { privateKeyID: key.keyRef('private-key-id'), privateKey: key.keyRef('private-key') };
}

const account = { projectID: 'task-api-prod', clientEmail: 'dapr@task-api-prod.iam.gserviceaccount.com', clientID: '100000000000000000001' };

describe('GcpSecretManagerSecretStore', () => {
  test('service account key: ids in plain, key id and key from a Kubernetes secret', () => {
    const chart = testChart();
    const gcp = new GcpSecretManagerSecretStore(chart, 'gcp-secrets', { ...account, ...serviceAccountKey(chart) });
    expect(gcp.keyStyle).toBe(SecretKeyStyle.NAME_VALUE);
    expect(gcp.resolver).toBe(SecretResolver.SIDECAR);
    expect(gcp.kubernetesBacked).toBe(false);
    expect(gcp.component).toBe(gcp);
    loadInApp(chart, [gcp]);
    const obj = findObject(synthValid(chart), 'Component', 'gcp-secrets');
    expect(obj.spec.type).toBe('secretstores.gcp.secretmanager');
    expect(obj.auth).toEqual({ secretStore: 'kubernetes' });
    expect(obj.spec.metadata).toEqual([
      { name: 'type', value: 'service_account' },
      { name: 'projectID', value: 'task-api-prod' },
      { name: 'clientEmail', value: 'dapr@task-api-prod.iam.gserviceaccount.com' },
      { name: 'clientID', value: '100000000000000000001' },
      { name: 'privateKeyID', secretKeyRef: { name: 'gcp-sa-key', key: 'private-key-id' } },
      { name: 'privateKey', secretKeyRef: { name: 'gcp-sa-key', key: 'private-key' } },
    ]);
    expect(obj).toMatchSnapshot();
  });

  test('the optional URIs are passed through', () => {
    const chart = testChart();
    const gcp = new GcpSecretManagerSecretStore(chart, 'gcp-secrets', {
      ...account,
      ...serviceAccountKey(chart),
      authURI: 'https://accounts.google.com/o/oauth2/auth',
      tokenURI: 'https://oauth2.googleapis.com/token',
      authProviderX509CertURL: 'https://www.googleapis.com/oauth2/v1/certs',
      clientX509CertURL: 'https://www.googleapis.com/robot/v1/metadata/x509/dapr',
    });
    loadInApp(chart, [gcp]);
    const metadata = findObject(synthValid(chart), 'Component', 'gcp-secrets').spec.metadata;
    expect(metadata.slice(6)).toEqual([
      { name: 'authURI', value: 'https://accounts.google.com/o/oauth2/auth' },
      { name: 'tokenURI', value: 'https://oauth2.googleapis.com/token' },
      { name: 'authProviderX509CertURL', value: 'https://www.googleapis.com/oauth2/v1/certs' },
      { name: 'clientX509CertURL', value: 'https://www.googleapis.com/robot/v1/metadata/x509/dapr' },
    ]);
  });

  test('the key and key id do not compile with strings and are refused at run time without echoing them', () => {
    const chart = testChart();
    const { privateKey, privateKeyID } = serviceAccountKey(chart);
    const canary = makeCanary('gcp-private-key');
    const messages = [
      // @ts-expect-error privateKey only takes a SecretKeyRef
      thrown(() => new GcpSecretManagerSecretStore(chart, 'a', { ...account, privateKeyID, privateKey: canary })),
      // @ts-expect-error privateKeyID only takes a SecretKeyRef
      thrown(() => new GcpSecretManagerSecretStore(chart, 'b', { ...account, privateKeyID: canary, privateKey })),
    ];
    expect(messages).toEqual([
      "[test/a] spec.metadata[privateKey]: expected a secret reference, got a string (not shown: it may be a credential). Fix: declare the credential with new DeclaredSecret(...) and pass secret.keyRef('<key>')",
      "[test/b] spec.metadata[privateKeyID]: expected a secret reference, got a string (not shown: it may be a credential). Fix: declare the credential with new DeclaredSecret(...) and pass secret.keyRef('<key>')",
    ]);
    expect(messages.join('\n')).not.toContain(canary);
  });

  test('required ids are checked', () => {
    const chart = testChart();
    const key = serviceAccountKey(chart);
    expect(() => new GcpSecretManagerSecretStore(chart, 'a', { ...account, ...key, projectID: '' })).toThrow(
      "[test/a] projectID: expected a non-empty string, got \"\". Fix: pass projectID: 'my-project'",
    );
    expect(() => new GcpSecretManagerSecretStore(chart, 'b', { ...account, ...key, clientEmail: 'dapr' })).toThrow(
      '[test/b] clientEmail: "dapr" is not an e-mail address',
    );
  });

  test('secret names follow Secret Manager secret ids: 1 to 255 letters, digits, "-" and "_"', () => {
    const chart = testChart();
    const gcp = new GcpSecretManagerSecretStore(chart, 'gcp-secrets', { ...account, ...serviceAccountKey(chart) });
    for (const name of ['redis_password', 'REDIS_PASSWORD', 'task-api-redis', '_x', 'y'.repeat(255)]) {
      expect(gcp.secretNameProblem(name)).toBeUndefined();
      expect(new DeclaredSecret(chart, `s${name.length}-${name.slice(0, 20)}`, { store: gcp, name }).keys).toEqual([name]);
    }
  });

  test('a secret name Secret Manager cannot hold is refused where it is declared', () => {
    const chart = testChart();
    const gcp = new GcpSecretManagerSecretStore(chart, 'gcp-secrets', { ...account, ...serviceAccountKey(chart) });
    // A construct that throws stays in the tree, so each attempt gets an id of its own.
    let attempt = 0;
    const refused = (name: string) => thrown(() => new DeclaredSecret(chart, attempt++ === 0 ? 'api' : `api-${attempt}`, { store: gcp, name }));
    expect(refused('api.key')).toBe(
      '[test/api] name: store "gcp-secrets" cannot hold a secret named "api.key": GCP Secret Manager secret ids are 1 to 255 letters, digits, "-" and "_". Fix: use a name such as "api-key"',
    );
    expect(refused('projects/p/secrets/redis')).toContain('Fix: use a name such as "projects-p-secrets-redis"');
    expect(refused('z'.repeat(256))).toContain(`Fix: use a name such as "${'z'.repeat(255)}"`);
  });
});
