import { Duration, Testing } from 'cdk8s';
import { DaprApp, RedisStateStore, RedisType } from '../../lib';
import { findObject, storeWithSecret, testChart } from '../support/chart';

describe('RedisStateStore', () => {
  test('redisPassword goes through secretKeyRef and the store lands in auth', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    const store = new RedisStateStore(chart, 'statestore', {
      redisHost: 'redis-master.default.svc.cluster.local:6379',
      redisPassword: secret.keyRef('password'),
      redisDB: 2,
      enableTLS: true,
      redisType: RedisType.CLUSTER,
      actorStateStore: true,
      initTimeout: Duration.millis(1500),
    });
    new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', components: [store] });
    const obj = findObject(Testing.synth(chart), 'Component', 'statestore');
    expect(obj.scopes).toEqual(['orders']);
    expect(obj.spec.type).toBe('state.redis');
    expect(obj.spec.version).toBe('v1');
    expect(obj.spec.initTimeout).toBe('1500ms');
    expect(obj.auth).toEqual({ secretStore: 'kubernetes-secrets' });
    expect(obj.spec.metadata).toEqual([
      { name: 'redisHost', value: 'redis-master.default.svc.cluster.local:6379' },
      { name: 'redisPassword', secretKeyRef: { name: 'db', key: 'password' } },
      { name: 'redisDB', value: '2' },
      { name: 'enableTLS', value: 'true' },
      { name: 'redisType', value: 'cluster' },
      { name: 'actorStateStore', value: 'true' },
    ]);
    expect(obj).toMatchSnapshot();
  });

  test('a password string does not compile, and is refused at run time for JavaScript callers', () => {
    const chart = testChart();
    expect(() => new RedisStateStore(chart, 'statestore', {
      redisHost: 'redis:6379',
      // @ts-expect-error redisPassword only takes a SecretKeyRef
      redisPassword: 'plain-text',
    })).toThrow('[test/statestore] spec.metadata[redisPassword]: expected a secret reference, got a string (not shown: it may be a credential)');
    expect(() => new RedisStateStore(chart, 'other', {
      redisHost: 'redis:6379',
      // @ts-expect-error sentinelPassword only takes a SecretKeyRef
      sentinelPassword: 'plain-text',
    })).toThrow('spec.metadata[sentinelPassword]: expected a secret reference');
  });

  test('redisType is checked at run time for JavaScript callers', () => {
    expect(() => new RedisStateStore(testChart(), 's', { redisHost: 'redis:6379', redisType: 'sentinel' as any })).toThrow(
      '[test/s] redisType: "sentinel" is not one of "node", "cluster". Fix: use RedisType.NODE, RedisType.CLUSTER (or the string it stands for)',
    );
    expect(() => new RedisStateStore(testChart(), 's', { redisHost: 'redis:6379', redisType: RedisType.CLUSTER })).not.toThrow();
  });

  test('redisDB must be a whole number', () => {
    expect(() => new RedisStateStore(testChart(), 's', { redisHost: 'redis:6379', redisDB: 1.5 })).toThrow(
      '[test/s] redisDB: expected a whole number of at least 0, got 1.5. Fix: pass a number such as redisDB: 1',
    );
  });

  test('enableTLS and failover must be booleans', () => {
    expect(() => new RedisStateStore(testChart(), 's', { redisHost: 'redis:6379', enableTLS: 'true' as any })).toThrow(
      '[test/s] enableTLS: expected true or false, got "true". Fix: pass enableTLS: true or enableTLS: false (a boolean, not a string)',
    );
    expect(() => new RedisStateStore(testChart(), 's', { redisHost: 'redis:6379', failover: 1 as any })).toThrow('[test/s] failover: expected true or false, got 1');
  });

  test('actorStateStore must be a boolean and ttlInSeconds a number', () => {
    expect(() => new RedisStateStore(testChart(), 's', { redisHost: 'redis:6379', actorStateStore: 'yes' as any })).toThrow('[test/s] actorStateStore: expected true or false, got "yes"');
    expect(() => new RedisStateStore(testChart(), 's', { redisHost: 'redis:6379', ttlInSeconds: '1h' as any })).toThrow(
      '[test/s] ttlInSeconds: expected a whole number of at least -1, got "1h". Fix: pass a number such as ttlInSeconds: -1',
    );
  });
});
