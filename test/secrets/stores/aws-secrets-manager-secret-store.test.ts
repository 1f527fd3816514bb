import { DaprComponent, DeclaredSecret, KafkaAuth, KafkaPubSub, SecretKeyStyle, SecretResolver } from '../../../lib';
import { makeCanary } from '../../../lib/scan';
import { AWS_SECRETS_MANAGER_TYPE, AwsSecretsManagerSecretStoreAuth, AwsSecretsManagerSecretStore } from '../../../lib/secrets/stores';
import { findObject, testChart } from '../../support/chart';
import { loadInApp, metadataEntry, synthValid, thrown } from './support';

describe('AwsSecretsManagerSecretStore', () => {
  test('spec.type is the spelling daprd registers; environment credentials by default', () => {
    const chart = testChart();
    const sm = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' });
    expect(sm.componentType).toBe('secretstores.aws.secretmanager');
    expect(AWS_SECRETS_MANAGER_TYPE).toBe('secretstores.aws.secretmanager');
    expect(sm.keyStyle).toBe(SecretKeyStyle.NAME_VALUE);
    expect(sm.resolver).toBe(SecretResolver.SIDECAR);
    expect(sm.kubernetesBacked).toBe(false);
    expect(sm.component).toBe(sm);
    expect(sm.authMethod).toBe('environment');
    loadInApp(chart, [sm]);
    const obj = findObject(synthValid(chart), 'Component', 'aws-secrets');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'aws-secrets', namespace: 'default' },
      spec: { type: 'secretstores.aws.secretmanager', version: 'v1', metadata: [{ name: 'region', value: 'eu-west-1' }] },
      scopes: ['app'],
    });
    expect(obj).toMatchSnapshot();
    // The catalog's spelling is refused by the generic component too.
    // @ts-expect-error a type the catalog does not know does not compile without allowUnknownType
    expect(() => new DaprComponent(chart, 'wrong', { type: 'secretstores.aws.secretsmanager' })).toThrow(
      '[test/wrong] type: "secretstores.aws.secretsmanager" is not a type daprd registers. Fix: use "secretstores.aws.secretmanager"',
    );
  });

  test('access keys from a Kubernetes secret, a custom endpoint and multiple keys per secret', () => {
    const chart = testChart();
    const keys = new DeclaredSecret(chart, 'aws-credentials', { keys: ['access-key-id', 'secret-access-key', 'session-token'] });
    const sm = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', {
      region: 'us-gov-west-1',
      endpoint: 'http://localstack.localstack.svc:4566',
      multipleKeyValuesPerSecret: true,
      auth: AwsSecretsManagerSecretStoreAuth.accessKeys({
        accessKey: keys.keyRef('access-key-id'),
        secretKey: keys.keyRef('secret-access-key'),
        sessionToken: keys.keyRef('session-token'),
      }),
    });
    expect(sm.keyStyle).toBe(SecretKeyStyle.MULTI_KEY);
    expect(sm.authMethod).toBe('access-keys');
    expect(sm.metadataValue('multipleKeyValuesPerSecret')).toBe('true');
    const db = new DeclaredSecret(chart, 'orders-db', { store: sm, keys: ['username', 'password'] });
    expect(db.keys).toEqual(['username', 'password']);
    loadInApp(chart, [sm]);
    const obj = findObject(synthValid(chart), 'Component', 'aws-secrets');
    expect(obj.auth).toEqual({ secretStore: 'kubernetes' });
    expect(obj.spec.metadata).toEqual([
      { name: 'region', value: 'us-gov-west-1' },
      { name: 'endpoint', value: 'http://localstack.localstack.svc:4566' },
      { name: 'accessKey', secretKeyRef: { name: 'aws-credentials', key: 'access-key-id' } },
      { name: 'secretKey', secretKeyRef: { name: 'aws-credentials', key: 'secret-access-key' } },
      { name: 'sessionToken', secretKeyRef: { name: 'aws-credentials', key: 'session-token' } },
      { name: 'multipleKeyValuesPerSecret', value: 'true' },
    ]);
    expect(obj).toMatchSnapshot();
  });

  test('multipleKeyValuesPerSecret false is written and keeps the store name/value', () => {
    const chart = testChart();
    const sm = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1', multipleKeyValuesPerSecret: false });
    expect(sm.keyStyle).toBe(SecretKeyStyle.NAME_VALUE);
    loadInApp(chart, [sm]);
    expect(metadataEntry(findObject(synthValid(chart), 'Component', 'aws-secrets'), 'multipleKeyValuesPerSecret')).toEqual({ name: 'multipleKeyValuesPerSecret', value: 'false' });
    expect(() => sm.addSecretMetadata('multipleKeyValuesPerSecret', new DeclaredSecret(chart, 'x', { keys: ['k'] }).keyRef('k'))).toThrow(
      '[test/aws-secrets] spec.metadata[multipleKeyValuesPerSecret]: "multipleKeyValuesPerSecret" is set twice (daprd matches names case-insensitively). Fix: set each metadata field once',
    );
  });

  test('a component reference through a name/value Secrets Manager store is {name: X, key: X}', () => {
    const chart = testChart();
    const sm = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' });
    const sasl = new DeclaredSecret(chart, 'kafka-sasl-password', { store: sm });
    const pubsub = new KafkaPubSub(chart, 'pubsub', {
      brokers: ['kafka:9092'],
      auth: KafkaAuth.password({ username: 'task-api', password: sasl.keyRef('kafka-sasl-password') }),
    });
    loadInApp(chart, [pubsub]);
    const objects = synthValid(chart);
    const obj = findObject(objects, 'Component', 'pubsub');
    expect(obj.auth).toEqual({ secretStore: 'aws-secrets' });
    // Loading the pub/sub loads the store it reads through.
    expect(findObject(objects, 'Component', 'aws-secrets').scopes).toEqual(['app']);
    expect(metadataEntry(obj, 'saslPassword').secretKeyRef).toEqual({ name: 'kafka-sasl-password', key: 'kafka-sasl-password' });
  });

  test('access keys do not compile with strings and are refused at run time without echoing them', () => {
    const chart = testChart();
    const keys = new DeclaredSecret(chart, 'aws-credentials', { keys: ['id', 'secret'] });
    const canary = makeCanary('aws-credential');
    const messages = [
      // @ts-expect-error accessKey only takes a SecretKeyRef
      thrown(() => new AwsSecretsManagerSecretStore(chart, 'a', { region: 'eu-west-1', auth: AwsSecretsManagerSecretStoreAuth.accessKeys({ accessKey: canary, secretKey: keys.keyRef('secret') }) })),
      // @ts-expect-error secretKey only takes a SecretKeyRef
      thrown(() => new AwsSecretsManagerSecretStore(chart, 'b', { region: 'eu-west-1', auth: AwsSecretsManagerSecretStoreAuth.accessKeys({ accessKey: keys.keyRef('id'), secretKey: canary }) })),
      thrown(() => new AwsSecretsManagerSecretStore(chart, 'c', {
        region: 'eu-west-1',
        // @ts-expect-error sessionToken only takes a SecretKeyRef
        auth: AwsSecretsManagerSecretStoreAuth.accessKeys({ accessKey: keys.keyRef('id'), secretKey: keys.keyRef('secret'), sessionToken: canary }),
      })),
    ];
    const expected = (id: string, field: string) =>
      `[test/${id}] spec.metadata[${field}]: expected a secret reference, got a string (not shown: it may be a credential). Fix: declare the credential with new DeclaredSecret(...) and pass secret.keyRef('<key>')`;
    expect(messages).toEqual([expected('a', 'accessKey'), expected('b', 'secretKey'), expected('c', 'sessionToken')]);
    expect(messages.join('\n')).not.toContain(canary);
  });

  test('region, endpoint, flag and auth are checked', () => {
    const chart = testChart();
    expect(() => new AwsSecretsManagerSecretStore(chart, 'a', { region: 'Ireland' })).toThrow(
      '[test/a] region: "Ireland" is not an AWS region. Fix: pass the region code, such as \'eu-west-1\'',
    );
    expect(() => new AwsSecretsManagerSecretStore(chart, 'b', { region: 'eu-west-1', endpoint: 'localstack:4566' })).toThrow(
      '[test/b] endpoint: "localstack:4566" is not an http(s) URL',
    );
    expect(() => new AwsSecretsManagerSecretStore(chart, 'c', { region: 'eu-west-1', multipleKeyValuesPerSecret: 'true' as any })).toThrow(
      '[test/c] multipleKeyValuesPerSecret: expected a boolean, got "true". Fix: pass true or false',
    );
    expect(() => new AwsSecretsManagerSecretStore(chart, 'd', { region: 'eu-west-1', auth: {} as any })).toThrow(
      '[test/d] auth: expected an AwsSecretsManagerSecretStoreAuth, got an object ([object Object]). Fix: pass AwsSecretsManagerSecretStoreAuth.environment() or AwsSecretsManagerSecretStoreAuth.accessKeys(...)',
    );
  });
  test('secret names follow Secrets Manager: 1 to 512 of letters, digits and "/_+=.@-", or an ARN', () => {
    const chart = testChart();
    const sm = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' });
    const names = [
      'prod/task-api/redis',
      'Prod/Task_API/redis+cache=1.0@eu-west-1',
      'REDIS_PASSWORD',
      'n'.repeat(512),
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/task-api/redis-AbCdEf',
      'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:shared/kafka',
    ];
    names.forEach((name, i) => {
      expect(sm.secretNameProblem(name)).toBeUndefined();
      expect(new DeclaredSecret(chart, `secret-${i}`, { store: sm, name }).keys).toEqual([name]);
    });
    // With one JSON object per secret, the keys are its properties, whatever their names.
    const multi = new AwsSecretsManagerSecretStore(chart, 'aws-multi', { region: 'eu-west-1', multipleKeyValuesPerSecret: true });
    expect(new DeclaredSecret(chart, 'redis', { store: multi, name: 'prod/task-api/redis', keys: ['password', 'user_name'] }).keys).toEqual(['password', 'user_name']);
  });

  test('a secret name Secrets Manager cannot hold is refused where it is declared', () => {
    const chart = testChart();
    const sm = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' });
    // A construct that throws stays in the tree, so each attempt gets an id of its own.
    let attempt = 0;
    const refused = (name: string) => thrown(() => new DeclaredSecret(chart, attempt++ === 0 ? 'redis' : `redis-${attempt}`, { store: sm, name }));
    expect(refused('prod/task api/redis!')).toBe(
      '[test/redis] name: store "aws-secrets" cannot hold a secret named "prod/task api/redis!": AWS Secrets Manager names are 1 to 512 letters, digits and "/", "_", "+", "=", ".", "@", "-" (or the secret\'s ARN). '
      + 'Fix: use a name such as "prod/task-api/redis"',
    );
    expect(refused('n'.repeat(513))).toContain(`Fix: use a name such as "${'n'.repeat(512)}"`);
    expect(refused('')).toContain('cannot hold a secret named "": AWS Secrets Manager names are 1 to 512');
  });

  test('a malformed secret ARN is refused with the ARN format', () => {
    const chart = testChart();
    const sm = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' });
    expect(() => new DeclaredSecret(chart, 'redis', { store: sm, name: 'arn:aws:ssm:eu-west-1:123456789012:parameter/redis' })).toThrow(
      '[test/redis] name: store "aws-secrets" cannot hold a secret named "arn:aws:ssm:eu-west-1:123456789012:parameter/redis": it is not the ARN of a Secrets Manager secret (arn:<partition>:secretsmanager:<region>:<12-digit account>:secret:<name>). '
      + "Fix: give the secret's ARN as the console shows it, or its name",
    );
  });
});
