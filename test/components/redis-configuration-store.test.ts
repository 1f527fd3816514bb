import { Testing } from 'cdk8s';
import { DaprApp, RedisConfigurationStore } from '../../lib';
import { findObject, storeWithSecret, testChart } from '../support/chart';

describe('RedisConfigurationStore', () => {
  test('is a configuration.redis component with the password from a secret', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    const store = new RedisConfigurationStore(chart, 'configstore', { redisHost: 'redis:6379', redisPassword: secret.keyRef('password'), redisMaxRetries: 5 });
    new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', components: [store] });
    const obj = findObject(Testing.synth(chart), 'Component', 'configstore');
    expect(obj.spec.type).toBe('configuration.redis');
    expect(obj.spec.metadata).toEqual([
      { name: 'redisHost', value: 'redis:6379' },
      { name: 'redisPassword', secretKeyRef: { name: 'db', key: 'password' } },
      { name: 'redisMaxRetries', value: '5' },
    ]);
    expect(obj.auth.secretStore).toBe('kubernetes-secrets');
    expect(obj).toMatchSnapshot();
  });

  test('a password string does not compile and is refused at run time', () => {
    expect(() => new RedisConfigurationStore(testChart(), 'configstore', {
      redisHost: 'redis:6379',
      // @ts-expect-error redisPassword only takes a SecretKeyRef
      redisPassword: 'plain-text',
    })).toThrow('expected a secret reference, got a string');
  });

  test('redisMaxRetries must be a whole number', () => {
    expect(() => new RedisConfigurationStore(testChart(), 'c', { redisHost: 'redis:6379', redisMaxRetries: -2 })).toThrow(
      '[test/c] redisMaxRetries: expected a whole number of at least 0, got -2. Fix: pass a number such as redisMaxRetries: 1',
    );
  });
});
