import { Testing } from 'cdk8s';
import { DaprApp, InitialOffset, KafkaAuth, KafkaPubSub, SaslMechanism } from '../../lib';
import { findObject, storeWithSecret, testChart } from '../support/chart';

const brokers = ['kafka-cluster.kafka.svc.cluster.local:9092'];

describe('KafkaPubSub', () => {
  test('SASL password auth with username and password from the secret, as in the lesson', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    const pubSub = new KafkaPubSub(chart, 'kafka-pubsub', {
      brokers,
      auth: KafkaAuth.password({ usernameRef: secret.keyRef('username'), password: secret.keyRef('password'), mechanism: SaslMechanism.SHA_512 }),
      consumerGroup: 'task-api',
      initialOffset: InitialOffset.OLDEST,
    });
    new DaprApp(chart, 'task-api', { appId: 'task-api', image: 'task-api:1', components: [pubSub] });
    const obj = findObject(Testing.synth(chart), 'Component', 'kafka-pubsub');
    expect(obj.spec.type).toBe('pubsub.kafka');
    expect(obj.scopes).toEqual(['task-api']);
    expect(obj.auth).toEqual({ secretStore: 'kubernetes-secrets' });
    expect(obj.spec.metadata).toEqual([
      { name: 'brokers', value: 'kafka-cluster.kafka.svc.cluster.local:9092' },
      { name: 'authType', value: 'password' },
      { name: 'saslUsername', secretKeyRef: { name: 'db', key: 'username' } },
      { name: 'saslPassword', secretKeyRef: { name: 'db', key: 'password' } },
      { name: 'saslMechanism', value: 'SHA-512' },
      { name: 'consumerGroup', value: 'task-api' },
      { name: 'initialOffset', value: 'oldest' },
    ]);
    expect(obj).toMatchSnapshot();
  });

  test('a plain username is allowed; exactly one of username and usernameRef', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    const k = new KafkaPubSub(chart, 'plain-user', { brokers, auth: KafkaAuth.password({ username: 'svc-task', password: secret.keyRef('password') }) });
    expect(k.metadataValue('saslUsername')).toBe('svc-task');
    expect(() => new KafkaPubSub(chart, 'no-user', { brokers, auth: KafkaAuth.password({ password: secret.keyRef('password') }) })).toThrow(
      "[test/no-user] auth.username: SASL authentication needs exactly one of username and usernameRef. Fix: pass username: 'name' or usernameRef: secret.keyRef('username')",
    );
  });

  test('none and mtls', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    const open = new KafkaPubSub(chart, 'open', { brokers, auth: KafkaAuth.none(), disableTls: true, unscoped: true });
    const mutual = new KafkaPubSub(chart, 'mutual', { brokers, auth: KafkaAuth.mtls({ caCert: 'CA PEM', clientCert: 'CERT PEM', clientKey: secret.keyRef('password') }) });
    new DaprApp(chart, 'app', { appId: 'app', image: 'a:1', components: [open, mutual] });
    const objs = Testing.synth(chart);
    const openObj = findObject(objs, 'Component', 'open');
    expect(openObj.auth).toBeUndefined();
    expect(openObj.scopes).toBeUndefined();
    expect(openObj.spec.metadata).toEqual([
      { name: 'brokers', value: brokers[0] },
      { name: 'authType', value: 'none' },
      { name: 'disableTls', value: 'true' },
    ]);
    const mutualObj = findObject(objs, 'Component', 'mutual');
    expect(mutualObj.scopes).toEqual(['app']);
    expect(mutualObj.spec.metadata.find((m: any) => m.name === 'clientKey')).toEqual({ name: 'clientKey', secretKeyRef: { name: 'db', key: 'password' } });
    expect(mutualObj.spec.metadata.find((m: any) => m.name === 'authType').value).toBe('mtls');
  });

  test('sensitive fields do not compile with strings and are refused at run time', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    // @ts-expect-error saslPassword only takes a SecretKeyRef
    expect(() => new KafkaPubSub(chart, 'a', { brokers, auth: KafkaAuth.password({ username: 'u', password: 'plain-text' }) }))
      .toThrow('[test/a] spec.metadata[saslPassword]: expected a secret reference, got a string');
    // @ts-expect-error clientKey only takes a SecretKeyRef
    expect(() => new KafkaPubSub(chart, 'b', { brokers, auth: KafkaAuth.mtls({ caCert: 'c', clientCert: 'c', clientKey: 'plain-text' }) }))
      .toThrow('[test/b] spec.metadata[clientKey]: expected a secret reference');
    expect(() => new KafkaPubSub(chart, 'c', { brokers, auth: KafkaAuth.password({ usernameRef: secret.keyRef('username'), password: secret.keyRef('password') }) })).not.toThrow();
  });

  test('brokers and auth are required', () => {
    expect(() => new KafkaPubSub(testChart(), 'k', { brokers: [], auth: KafkaAuth.none() })).toThrow(
      '[test/k] brokers: expected a non-empty list of "host:port", got []',
    );
    expect(() => new KafkaPubSub(testChart(), 'k', { brokers } as any)).toThrow('[test/k] auth: no authentication chosen. Fix: pass KafkaAuth.password(...), KafkaAuth.mtls(...) or KafkaAuth.none()');
  });

  test('the SASL mechanism is checked at run time for JavaScript callers', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    expect(() => new KafkaPubSub(chart, 'k', { brokers, auth: KafkaAuth.password({ username: 'u', password: secret.keyRef('password'), mechanism: 'SCRAM' as any }) })).toThrow(
      '[test/k] auth.mechanism: "SCRAM" is not one of "PLAINTEXT", "SHA-256", "SHA-512". Fix: use SaslMechanism.PLAINTEXT, SaslMechanism.SHA_256, SaslMechanism.SHA_512 (or the string it stands for)',
    );
  });

  test('initialOffset is checked at run time', () => {
    expect(() => new KafkaPubSub(testChart(), 'k', { brokers, auth: KafkaAuth.none(), initialOffset: 'latest' as any })).toThrow(
      '[test/k] initialOffset: "latest" is not one of "newest", "oldest". Fix: use InitialOffset.NEWEST, InitialOffset.OLDEST (or the string it stands for)',
    );
  });

  test('disableTls must be a boolean', () => {
    expect(() => new KafkaPubSub(testChart(), 'k', { brokers, auth: KafkaAuth.none(), disableTls: 'yes' as any })).toThrow(
      '[test/k] disableTls: expected true or false, got "yes". Fix: pass disableTls: true or disableTls: false (a boolean, not a string)',
    );
  });

  test('maxMessageBytes must be a positive whole number', () => {
    expect(() => new KafkaPubSub(testChart(), 'k', { brokers, auth: KafkaAuth.none(), maxMessageBytes: '1MB' as any })).toThrow(
      '[test/k] maxMessageBytes: expected a whole number of at least 1, got "1MB". Fix: pass a number such as maxMessageBytes: 1',
    );
  });
});
