import { Testing } from 'cdk8s';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, SecretDelivery, SecretKeyRef } from '../../lib';
import { synthErrors, testChart } from '../support/chart';

describe('DeclaredSecret', () => {
  test('declares name and keys and synthesizes nothing by itself', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'api-credentials', { keys: ['api-key', 'api-secret'] });
    expect(secret.secretName).toBe('api-credentials');
    expect(secret.namespace).toBe('default');
    expect(secret.keys).toEqual(['api-key', 'api-secret']);
    expect(secret.type).toBe('Opaque');
    expect(secret.delivery.kind).toBe('out-of-band');
    expect(secret.store.storeName).toBe('kubernetes');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('keyRef hands out a typed reference with no value and no resolve()', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'redis-password', { keys: ['password'] });
    const ref = secret.keyRef('password');
    expect(ref).toBeInstanceOf(SecretKeyRef);
    expect(SecretKeyRef.isSecretKeyRef(ref)).toBe(true);
    expect(ref.toSecretKeyRef()).toEqual({ name: 'redis-password', key: 'password' });
    expect(JSON.stringify(ref)).toBe('{"name":"redis-password","key":"password"}');
    expect((ref as any).resolve).toBeUndefined();
    expect(ref.secret).toBe(secret);
    expect(String(ref)).toBe('redis-password/password');
  });

  test('asking for an undeclared key is an error naming the declared keys', () => {
    const secret = new DeclaredSecret(testChart(), 'redis-password', { keys: ['password'] });
    expect(() => secret.keyRef('pasword')).toThrow(
      '[test/redis-password] keyRef: secret "redis-password" declares no key "pasword" (declared: password). Fix: use one of the declared keys, or add "pasword" to the secret\'s keys',
    );
  });

  test('no prop accepts a value (for JavaScript callers)', () => {
    const props: any = { keys: ['password'], stringData: { password: 'x' } };
    expect(() => new DeclaredSecret(testChart(), 'db', props)).toThrow(
      '[test/db] stringData: DeclaredSecret has no prop "stringData"; it never takes secret values. Fix: declare the keys with \'keys\'',
    );
  });

  test('name must be DNS-1123', () => {
    expect(() => new DeclaredSecret(testChart(), 'Api_Credentials', { keys: ['k'] })).toThrow(
      '[test/Api_Credentials] name: "Api_Credentials" is not a DNS-1123 name. Fix: use lowercase letters, digits, "-" and ".", such as "api-credentials"',
    );
  });

  test('keys are required, valid and unique', () => {
    expect(() => new DeclaredSecret(testChart(), 'a')).toThrow('[test/a] keys: secret "a" declares no keys. Fix: list the keys');
    expect(() => new DeclaredSecret(testChart(), 'b', { keys: ['a/b'] })).toThrow('[test/b] keys: "a/b" is not a valid Secret key');
    expect(() => new DeclaredSecret(testChart(), 'c', { keys: ['k', 'k'] })).toThrow('[test/c] keys: key "k" is declared twice');
  });

  test('duplicates in one namespace and store are rejected at synth', () => {
    const chart = testChart();
    new DeclaredSecret(chart, 'first', { name: 'db', keys: ['password'] });
    new DeclaredSecret(chart, 'second', { name: 'db', keys: ['password'] });
    new DeclaredSecret(chart, 'other-ns', { name: 'db', namespace: 'prod', keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { password: 'PROD_DB_PASSWORD' } }) });
    expect(synthErrors(chart)).toBe(
      'Validation failed with the following errors:\n  [test/second] metadata.name: duplicate secret "Secret:default/db"; test/first already declares it. Fix: give one of them another name or namespace, or reuse the construct at test/first',
    );
  });

  test('two Kubernetes stores cannot both deliver a Secret of the same name', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
    new DeclaredSecret(chart, 'db', { keys: ['password'] });
    new DeclaredSecret(chart, 'db-again', { name: 'db', store, keys: ['password'] });
    expect(synthErrors(chart)).toContain('[test/db-again] metadata.name: duplicate secret "Secret:default/db"; test/db already declares it');
  });

  test('a secret must live in the namespace of its Kubernetes store', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
    new DeclaredSecret(chart, 'db', { store, namespace: 'prod', keys: ['password'] });
    expect(synthErrors(chart)).toContain(
      '[test/db] store: store "kubernetes-secrets" is in namespace "default" but the secret is in "prod". Fix: declare the secret in the namespace of its store',
    );
  });

  test('grantRead records a Secrets API read on the app', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'notification-api', { keys: ['api-key'] });
    const app = new DaprApp(chart, 'app', { appId: 'task-api', image: 'x:1' });
    secret.grantRead(app);
    secret.grantRead(app);
    expect(app.secretReads).toEqual([secret]);
  });

  test('fingerprint identifies the declaration, not a value, and is stable', () => {
    const a = new DeclaredSecret(testChart(), 'db', { keys: ['password', 'user'] });
    const b = new DeclaredSecret(testChart(), 'db', { keys: ['user', 'password'] });
    const c = new DeclaredSecret(testChart(), 'db', { keys: ['password'] });
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });

  test('delivery can be chosen per secret', () => {
    const chart = testChart();
    const s = new DeclaredSecret(chart, 'db', { keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { password: 'DB_PASS' } }) });
    expect(s.delivery.kind).toBe('out-of-band');
  });
});
