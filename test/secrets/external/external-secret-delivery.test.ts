import { App, Chart, Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  DaprApp, DeclaredSecret, ISecretStore, KubernetesSecretStore, SECRETS_FINGERPRINT_ANNOTATION, SecretKeyStyle, SecretResolver, validateManifests,
} from '../../../lib';
import { findLeaks, makeCanary } from '../../../lib/testing';
import {
  AwsAuth, ClusterExternalSecretStore, EsoProvider, ExternalSecretCreationPolicy, ExternalSecretDeletionPolicy, ExternalSecretDelivery,
  ExternalSecretDeliveryOptions, ExternalSecretStore, ExternalSecretStoreKind, externalSecretDelivery,
} from '../../../lib/secrets/external';
import { findObject, synthErrors, testChart } from '../../support/chart';
import { externalDb, vaultStore } from './fixtures';

class BackendOnlyStore extends Construct implements ISecretStore {
  public readonly storeName = 'backend-only';
  public readonly namespace = undefined;
  public readonly resolver = SecretResolver.SIDECAR;
  public readonly kubernetesBacked = false;
  public readonly keyStyle = SecretKeyStyle.MULTI_KEY;
  public readonly isComponent = false;
}

const clusterProvider = () => EsoProvider.awsSecretsManager({ region: 'eu-west-1', auth: AwsAuth.controllerIdentity() });

/** The error declaring secret `db` (keys username, password) with the given delivery options throws. */
function bindError(chart: Chart, options: Partial<ExternalSecretDeliveryOptions>, keys = ['username', 'password']): string {
  try {
    new DeclaredSecret(chart, 'db', { keys, delivery: new ExternalSecretDelivery({ store: undefined as any, remoteRefs: {}, ...options } as ExternalSecretDeliveryOptions) });
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

const refs = { username: { key: 'shop/db', property: 'username' }, password: { key: 'shop/db', property: 'password' } };

describe('ExternalSecretDelivery', () => {
  test('writes an ExternalSecret named like the secret, one data entry per declared key in order', () => {
    const chart = testChart('shop');
    const store = vaultStore(chart);
    const secret = externalDb(chart, store);
    const delivery = secret.delivery as ExternalSecretDelivery;
    expect(delivery.kind).toBe('external');
    expect(delivery.createsKubernetesSecret).toBe(true);
    expect(delivery.store).toBe(store);
    expect(delivery.refreshInterval).toBe('1h');
    expect(delivery.creationPolicy).toBe(ExternalSecretCreationPolicy.OWNER);
    expect(delivery.deletionPolicy).toBe(ExternalSecretDeletionPolicy.RETAIN);
    expect(delivery.externalSecretOf(secret)?.node.path).toBe('test/db/ExternalSecret');
    // The app that reads the secret loads its store (a component no app loads fails synth).
    new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', secretReads: [secret] });
    const objects = Testing.synth(chart);
    expect(validateManifests(objects)).toEqual([]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Component/kubernetes-secrets', 'Configuration/orders-config', 'Deployment/orders', 'ExternalSecret/db', 'NetworkPolicy/orders',
      'Role/orders-secret-reader', 'RoleBinding/orders-secret-reader', 'SecretStore/vault-backend', 'ServiceAccount/orders',
    ]);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
    const es = findObject(objects, 'ExternalSecret', 'db');
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.metadata).toEqual({ name: 'db', namespace: 'shop' });
    expect(es.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'vault-backend', kind: 'SecretStore' },
      target: { name: 'db', creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { type: 'Opaque' } },
      data: [
        { secretKey: 'username', remoteRef: { key: 'shop/db', property: 'username' } },
        { secretKey: 'password', remoteRef: { key: 'shop/db', property: 'password' } },
      ],
    });
    expect(es).toMatchSnapshot();
  });

  test('from a ClusterSecretStore, with type, labels, version and policies', () => {
    const chart = testChart('shop');
    const store = new ClusterExternalSecretStore(chart, 'aws-cluster', { provider: clusterProvider(), conditions: [{ namespaces: ['shop'] }] });
    const tls = new DeclaredSecret(chart, 'api-tls', {
      type: 'kubernetes.io/tls',
      keys: ['tls.crt', 'tls.key'],
      labels: { 'app.kubernetes.io/part-of': 'shop' },
      delivery: externalSecretDelivery({
        store,
        remoteRefs: { 'tls.key': { key: 'shop/api-tls-key', version: 'AWSCURRENT' }, 'tls.crt': { key: 'shop/api-tls-crt' } },
        refreshInterval: Duration.minutes(15),
        creationPolicy: ExternalSecretCreationPolicy.ORPHAN,
        deletionPolicy: ExternalSecretDeletionPolicy.DELETE,
      }),
    });
    const objects = Testing.synth(chart);
    expect(validateManifests(objects)).toEqual([]);
    const es = findObject(objects, 'ExternalSecret', 'api-tls');
    expect(es.metadata).toEqual({ name: 'api-tls', namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } });
    expect(es.spec.secretStoreRef).toEqual({ name: 'aws-cluster', kind: 'ClusterSecretStore' });
    expect(es.spec.refreshInterval).toBe('15m');
    expect(es.spec.target).toEqual({
      name: 'api-tls',
      creationPolicy: 'Orphan',
      deletionPolicy: 'Delete',
      template: { type: 'kubernetes.io/tls', metadata: { labels: { 'app.kubernetes.io/part-of': 'shop' } } },
    });
    // Declaration order of the keys, not the order of remoteRefs.
    expect(es.spec.data).toEqual([
      { secretKey: 'tls.crt', remoteRef: { key: 'shop/api-tls-crt' } },
      { secretKey: 'tls.key', remoteRef: { key: 'shop/api-tls-key', version: 'AWSCURRENT' } },
    ]);
    expect(tls.delivery.kind).toBe('external');
    expect(es).toMatchSnapshot();
  });

  test('Merge and None creation policies write no template; zero refresh reads once', () => {
    const chart = testChart('shop');
    const store = vaultStore(chart);
    new DeclaredSecret(chart, 'merged', {
      keys: ['token'],
      delivery: new ExternalSecretDelivery({ store, remoteRefs: { token: { key: 'shop/token' } }, creationPolicy: ExternalSecretCreationPolicy.MERGE, deletionPolicy: ExternalSecretDeletionPolicy.MERGE }),
    });
    new DeclaredSecret(chart, 'unmanaged', {
      keys: ['token'],
      delivery: new ExternalSecretDelivery({ store, remoteRefs: { token: { key: 'shop/token' } }, creationPolicy: ExternalSecretCreationPolicy.NONE, refreshInterval: Duration.seconds(0) }),
    });
    const objects = Testing.synth(chart);
    expect(validateManifests(objects)).toEqual([]);
    expect(findObject(objects, 'ExternalSecret', 'merged').spec.target).toEqual({ name: 'merged', creationPolicy: 'Merge', deletionPolicy: 'Merge' });
    const unmanaged = findObject(objects, 'ExternalSecret', 'unmanaged').spec;
    expect(unmanaged.target).toEqual({ name: 'unmanaged', creationPolicy: 'None', deletionPolicy: 'Retain' });
    expect(unmanaged.refreshInterval).toBe('0s');
  });

  test('one delivery object may serve several secrets with the same keys', () => {
    const chart = testChart('shop');
    const delivery = new ExternalSecretDelivery({ store: vaultStore(chart), remoteRefs: { token: { key: 'shop/shared' } } });
    const a = new DeclaredSecret(chart, 'a', { keys: ['token'], delivery });
    const b = new DeclaredSecret(chart, 'b', { keys: ['token'], delivery });
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'ExternalSecret', 'a').spec.target.name).toBe('a');
    expect(findObject(objects, 'ExternalSecret', 'b').spec.target.name).toBe('b');
    expect(delivery.externalSecretOf(a)).not.toBe(delivery.externalSecretOf(b));
  });

  describe('validation', () => {
    test('the secret must be in a Kubernetes-backed Dapr store', () => {
      const chart = testChart('shop');
      const store = vaultStore(chart);
      expect(() => new DeclaredSecret(chart, 'db', {
        store: new BackendOnlyStore(chart, 'backend-only'),
        keys: ['password'],
        delivery: new ExternalSecretDelivery({ store, remoteRefs: { password: { key: 'shop/db' } } }),
      })).toThrow(
        '[test/db] delivery: external delivery makes ESO create a Kubernetes Secret, but store "backend-only" does not read Kubernetes Secrets. '
        + 'Fix: declare the secret in a Kubernetes secret store (the default, or a KubernetesSecretStore), or read it from the provider through a Dapr store with SecretDelivery.storeManaged()',
      );
    });

    test('every declared key is mapped', () => {
      const chart = testChart('shop');
      expect(bindError(chart, { store: vaultStore(chart), remoteRefs: { username: refs.username } })).toBe(
        '[test/db] delivery.remoteRefs: declared key "password" of secret "db" has no remote reference. Fix: add remoteRefs for \'password\': { key: \'<remote key>\' }',
      );
      const other = testChart('shop');
      expect(bindError(other, { store: vaultStore(other), remoteRefs: {} })).toBe(
        '[test/db] delivery.remoteRefs: declared keys "username", "password" of secret "db" have no remote reference. '
        + "Fix: add remoteRefs for 'username': { key: '<remote key>' }, 'password': { key: '<remote key>' }",
      );
    });

    test('no mapping for an undeclared key', () => {
      const chart = testChart('shop');
      expect(bindError(chart, { store: vaultStore(chart), remoteRefs: { ...refs, pasword: { key: 'shop/db' } } })).toBe(
        '[test/db] delivery.remoteRefs.pasword: secret "db" declares no key "pasword" (declared: username, password). Fix: map only declared keys, or add "pasword" to the secret\'s keys',
      );
    });

    test('remoteRefs must be an object', () => {
      const chart = testChart('shop');
      expect(bindError(chart, { store: vaultStore(chart), remoteRefs: undefined as any })).toBe(
        "[test/db] delivery.remoteRefs: expected an object of remote references by declared key, got undefined. Fix: map each declared key, such as remoteRefs: { 'username': { key: 'shop/db', property: 'username' } }",
      );
    });

    test('a remote reference is a location, never a value; a value passed by a JS caller is not echoed', () => {
      const canary = makeCanary('db-password');
      const chart = testChart('shop');
      const asString = bindError(chart, { store: vaultStore(chart), remoteRefs: { ...refs, password: canary as any } });
      expect(asString).toBe(
        '[test/db] delivery.remoteRefs.password: expected a remote reference { key, property?, version? }, got a string (not shown: it may be a value). '
        + "Fix: pass { key: 'shop/db', property: 'password' }: where the value lives, never the value",
      );
      const other = testChart('shop');
      const asField = bindError(other, { store: vaultStore(other), remoteRefs: { ...refs, password: { key: 'shop/db', value: canary } as any } });
      expect(asField).toBe(
        '[test/db] delivery.remoteRefs.password.value: a remote reference has no field "value" (the value is not shown). '
        + 'Fix: give only key, property and version: where the value lives in the provider, never the value',
      );
      expect(findLeaks(asString + asField, { canary })).toEqual([]);
    });

    test('remote key, property and version must be non-empty strings', () => {
      const a = testChart('shop');
      expect(bindError(a, { store: vaultStore(a), remoteRefs: { ...refs, password: { key: '' } } })).toBe(
        "[test/db] delivery.remoteRefs.password.key: expected the remote secret's non-empty name or path, got \"\". Fix: pass key: 'shop/db'",
      );
      const b = testChart('shop');
      expect(bindError(b, { store: vaultStore(b), remoteRefs: { ...refs, password: { key: 'shop/db', property: '' } } })).toBe(
        '[test/db] delivery.remoteRefs.password.property: expected a non-empty string, got "". Fix: leave property out, or pass a non-empty string',
      );
    });

    test('the store must be a store construct of this library, never a name or a look-alike object', () => {
      const chart = testChart('shop');
      // @ts-expect-error the store is a construct, never a bare name
      new ExternalSecretDelivery({ store: 'vault-backend', remoteRefs: {} });
      expect(bindError(chart, { store: 'vault-backend' as any, remoteRefs: refs })).toBe(
        '[test/db] delivery.store: expected an ExternalSecretStore or ClusterExternalSecretStore construct, got "vault-backend". '
        + "Fix: create the store with new ExternalSecretStore(chart, 'id', {...}) or new ClusterExternalSecretStore(...) and pass the construct, not its name",
      );
      const lookAlike = { storeRefName: 'vault-backend', kind: ExternalSecretStoreKind.SECRET_STORE, namespace: 'shop', providerName: 'vault' };
      expect(bindError(testChart('shop'), { store: lookAlike as any, remoteRefs: refs })).toBe(
        '[test/db] delivery.store: expected an ExternalSecretStore or ClusterExternalSecretStore construct, got an object ([object Object]). '
        + "Fix: create the store with new ExternalSecretStore(chart, 'id', {...}) or new ClusterExternalSecretStore(...) and pass the construct, not its name",
      );
    });

    test('the store must be in the same app', () => {
      const elsewhere = vaultStore(new Chart(new App(), 'infra', { namespace: 'shop' }));
      expect(bindError(testChart('shop'), { store: elsewhere, remoteRefs: refs })).toBe(
        '[test/db] delivery.store: store "vault-backend" (infra/vault-backend) belongs to another app, so it would not be synthesized with this secret. '
        + 'Fix: create the store in the same app as the secret',
      );
    });

    test("a SecretStore must be in the secret's namespace", () => {
      const chart = testChart('shop');
      const store = new ExternalSecretStore(chart, 'aws', { namespace: 'infra', provider: clusterProvider() });
      expect(bindError(chart, { store, remoteRefs: refs })).toBe(
        '[test/db] delivery.store: SecretStore "aws" is in namespace "infra", but an ExternalSecret only uses a SecretStore of its own namespace "shop". '
        + 'Fix: create an ExternalSecretStore in namespace "shop", or use a ClusterExternalSecretStore',
      );
    });

    test("a ClusterSecretStore's conditions must allow the secret's namespace", () => {
      const chart = testChart('shop');
      const store = new ClusterExternalSecretStore(chart, 'aws', { provider: clusterProvider(), conditions: [{ namespaces: ['billing', 'infra'] }] });
      expect(bindError(chart, { store, remoteRefs: refs })).toBe(
        '[test/db] delivery.store: ClusterSecretStore "aws" only serves namespaces "billing", "infra", not "shop". Fix: add "shop" to the store\'s conditions, or use another store',
      );
    });

    test('refresh interval, policies and option names', () => {
      const a = testChart('shop');
      expect(bindError(a, { store: vaultStore(a), remoteRefs: refs, refreshInterval: '1h' as any })).toBe(
        '[test/db] delivery.refreshInterval: expected a non-negative cdk8s Duration, got "1h". Fix: pass a Duration such as Duration.hours(1), or Duration.seconds(0) to read once',
      );
      const b = testChart('shop');
      expect(bindError(b, { store: vaultStore(b), remoteRefs: refs, creationPolicy: 'Owned' as any })).toBe(
        '[test/db] delivery.creationPolicy: "Owned" is not a creation policy. Fix: pass ExternalSecretCreationPolicy.OWNER, ORPHAN, MERGE or NONE',
      );
      const c = testChart('shop');
      expect(bindError(c, { store: vaultStore(c), remoteRefs: refs, deletionPolicy: 'Keep' as any })).toBe(
        '[test/db] delivery.deletionPolicy: "Keep" is not a deletion policy. Fix: pass ExternalSecretDeletionPolicy.DELETE, MERGE or RETAIN',
      );
      const d = testChart('shop');
      expect(bindError(d, { store: vaultStore(d), remoteRefs: refs, creationPolicy: ExternalSecretCreationPolicy.MERGE, deletionPolicy: ExternalSecretDeletionPolicy.DELETE })).toBe(
        '[test/db] delivery.deletionPolicy: deletionPolicy "Delete" would delete a Secret ESO does not create (creationPolicy "Merge"); ESO rejects the combination. '
        + 'Fix: use creationPolicy Owner with deletionPolicy Delete, or keep deletionPolicy Retain',
      );
      const e = testChart('shop');
      expect(bindError(e, { store: vaultStore(e), remoteRefs: refs, creationPolicy: ExternalSecretCreationPolicy.NONE, deletionPolicy: ExternalSecretDeletionPolicy.MERGE })).toBe(
        '[test/db] delivery.deletionPolicy: deletionPolicy "Merge" needs a Secret to merge with, but creationPolicy "None" creates none; ESO rejects the combination. '
        + 'Fix: use deletionPolicy Retain with creationPolicy None',
      );
      const f = testChart('shop');
      expect(bindError(f, { store: vaultStore(f), remoteRefs: refs, values: { password: 'x' } } as any)).toBe(
        '[test/db] delivery.values: external delivery has no option "values" (the value is not shown); it only takes references. '
        + 'Fix: use only store, remoteRefs, refreshInterval, creationPolicy, deletionPolicy',
      );
    });

    test('two ExternalSecrets for one Secret are rejected at synth', () => {
      const chart = testChart('shop');
      const store = vaultStore(chart);
      const named = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets: SecretResolver.SIDECAR });
      new DeclaredSecret(chart, 'db', { keys: ['password'], delivery: new ExternalSecretDelivery({ store, remoteRefs: { password: { key: 'a' } } }) });
      new DeclaredSecret(chart, 'db-again', { name: 'db', store: named, keys: ['password'], delivery: new ExternalSecretDelivery({ store, remoteRefs: { password: { key: 'a' } } }) });
      new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', components: [named] });
      expect(synthErrors(chart)).toContain(
        '[test/db-again] metadata.name: duplicate ExternalSecret "shop/db"; test/db already declares it. Fix: give one of them another name or namespace, or reuse the construct at test/db',
      );
    });
  });

  describe('fingerprint', () => {
    function fingerprintOf(options: Partial<ExternalSecretDeliveryOptions> = {}, build?: (chart: Chart) => void): string {
      const chart = testChart('shop');
      build?.(chart);
      const store = options.store ?? vaultStore(chart);
      const secret = externalDb(chart, store, options);
      const fp = secret.fingerprint;
      expect(fp).toBe((secret.delivery as ExternalSecretDelivery).fingerprint(secret));
      return fp;
    }

    test('is a sha256 of the reference set, stable across builds', () => {
      expect(fingerprintOf()).toMatch(/^[0-9a-f]{64}$/);
      expect(fingerprintOf()).toBe(fingerprintOf());
    });

    test('changes with the remote refs, the store and the refresh interval', () => {
      const base = fingerprintOf();
      const changed = [
        fingerprintOf({ remoteRefs: { ...refs, password: { key: 'shop/db-v2', property: 'password' } } }),
        fingerprintOf({ remoteRefs: { ...refs, password: { key: 'shop/db', property: 'pass' } } }),
        fingerprintOf({ remoteRefs: { ...refs, password: { key: 'shop/db', property: 'password', version: '3' } } }),
        fingerprintOf({ refreshInterval: Duration.minutes(30) }),
        (() => {
          const chart = testChart('shop');
          return externalDb(chart, vaultStore(chart, 'vault-other')).fingerprint;
        })(),
        (() => {
          const chart = testChart('shop');
          return externalDb(chart, new ClusterExternalSecretStore(chart, 'vault-backend', { provider: clusterProvider() })).fingerprint;
        })(),
      ];
      for (const fp of changed) expect(fp).not.toBe(base);
      expect(new Set(changed).size).toBe(changed.length);
    });

    test('does not change otherwise: policies, an explicit default refresh, other secrets', () => {
      const base = fingerprintOf();
      expect(fingerprintOf({ refreshInterval: Duration.minutes(60) })).toBe(base);
      expect(fingerprintOf({ creationPolicy: ExternalSecretCreationPolicy.ORPHAN, deletionPolicy: ExternalSecretDeletionPolicy.DELETE })).toBe(base);
      expect(fingerprintOf({}, (chart) => new DeclaredSecret(chart, 'unrelated', { keys: ['k'] }))).toBe(base);
    });
  });

  test('a DaprApp reading an externally delivered secret gets RBAC and a secret scope as usual', () => {
    const chart = testChart('shop');
    const store = vaultStore(chart);
    const secret = externalDb(chart, store);
    const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1' });
    secret.grantRead(app);
    expect(app.secretsReadBySidecar).toEqual(['db']);
    expect(app.secretDependencies).toEqual([secret]);
    const objects = Testing.synth(chart);
    expect(validateManifests(objects)).toEqual([]);
    expect(findObject(objects, 'Role', 'orders-secret-reader').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db'] },
    ]);
    expect(findObject(objects, 'RoleBinding', 'orders-secret-reader').subjects).toEqual([{ kind: 'ServiceAccount', name: 'orders', namespace: 'shop' }]);
    expect(findObject(objects, 'Configuration', 'orders-config').spec.secrets.scopes).toEqual([
      { storeName: 'kubernetes', defaultAccess: 'deny' },
      { storeName: 'kubernetes-secrets', defaultAccess: 'deny', allowedSecrets: ['db'] },
    ]);
    expect(findObject(objects, 'Component', 'kubernetes-secrets').scopes).toEqual(['orders']);
    // The ExternalSecret's target is the Secret the Role grants and the scope allows.
    expect(findObject(objects, 'ExternalSecret', 'db').spec.target.name).toBe('db');
    // New remote references roll the pods; the annotation hashes the reference set, never a value.
    const annotation = findObject(objects, 'Deployment', 'orders').spec.template.metadata.annotations[SECRETS_FINGERPRINT_ANNOTATION];
    expect(annotation).toBe(app.secretsFingerprint);
    const moved = testChart('shop');
    const movedSecret = externalDb(moved, vaultStore(moved), { remoteRefs: { ...refs, password: { key: 'shop/db-rotated', property: 'password' } } });
    const movedApp = new DaprApp(moved, 'orders', { appId: 'orders', image: 'orders:1' });
    movedSecret.grantRead(movedApp);
    expect(movedApp.secretsFingerprint).not.toBe(app.secretsFingerprint);
  });
});
