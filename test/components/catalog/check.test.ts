import { Duration, JsonPatch, Testing } from 'cdk8s';
import {
  DaprApp, DaprComponent, DeclaredSecret, isSensitiveField, KafkaAuth, KafkaPubSub, PostgresqlStateStore, RabbitmqPubSub, SmtpBinding, Subscription,
} from '../../../lib';
import { catalogProblems, CURATED_SENSITIVE_FIELDS, didYouMean, embeddedCredential } from '../../../lib/components/catalog';
import { findObject, synthErrors, testChart } from '../../support/chart';

const component = (type: string, metadata: Record<string, string>, version = 'v1') => ({
  spec: { type, version, metadata: Object.entries(metadata).map(([name, value]) => ({ name, value })) },
});
const messages = (obj: unknown, allowUnknownType = false) => catalogProblems(obj, { allowUnknownType }).map((p) => `${p.field}: ${p.problem}. Fix: ${p.fix}`);

describe('the typed entry point', () => {
  test('the type literal selects the metadata: PostgreSQL with a connection string from a secret', () => {
    const chart = testChart();
    const db = new DeclaredSecret(chart, 'orders-db', { keys: ['url'] });
    const store = new DaprComponent(chart, 'orders', {
      type: 'state.postgresql',
      metadata: { connectionString: db.keyRef('url'), tableName: 'orders', cleanupInterval: Duration.minutes(30), maxConns: 10, queryExecMode: 'exec' },
    });
    new DaprApp(chart, 'api', { appId: 'api', image: 'api:1', components: [store] });
    const obj = findObject(Testing.synth(chart), 'Component', 'orders');
    expect(obj.spec).toEqual({
      type: 'state.postgresql',
      version: 'v1',
      metadata: [
        { name: 'connectionString', secretKeyRef: { name: 'orders-db', key: 'url' } },
        { name: 'tableName', value: 'orders' },
        { name: 'cleanupInterval', value: '30m' },
        { name: 'maxConns', value: '10' },
        { name: 'queryExecMode', value: 'exec' },
      ],
    });
    // The same through the named class.
    const named = new PostgresqlStateStore(chart, 'orders-2', { metadata: { connectionString: db.keyRef('url') }, unscoped: true });
    expect(named.componentType).toBe('state.postgresql');
  });

  test('what does not compile: misspelled names, plain credentials, values outside the allowed ones, mixed profiles', () => {
    const chart = testChart();
    const s = new DeclaredSecret(chart, 's', { keys: ['k'] });
    const checks = () => {
      // @ts-expect-error misspelled field name
      new DaprComponent(chart, 'a', { type: 'state.postgresql', metadata: { connectionString: s.keyRef('k'), tablename: 'x' } });
      // @ts-expect-error the password of PostgreSQL (curated: the catalog leaves it unmarked) only from a secret
      new DaprComponent(chart, 'b', { type: 'state.postgresql', metadata: { connectionString: s.keyRef('k'), password: 'p' } });
      // @ts-expect-error queryExecMode takes only its allowed values
      new DaprComponent(chart, 'c', { type: 'state.postgresql', metadata: { connectionString: s.keyRef('k'), queryExecMode: 'fast' } });
      // @ts-expect-error maxConns is a number
      new DaprComponent(chart, 'd', { type: 'state.postgresql', metadata: { connectionString: s.keyRef('k'), maxConns: '10' } });
      // @ts-expect-error a SASL password does not go with mTLS authentication
      new DaprComponent(chart, 'e', { type: 'pubsub.kafka', metadata: { brokers: 'b:9092', authType: 'mtls', saslPassword: s.keyRef('k'), caCert: 'c', clientCert: 'c', clientKey: s.keyRef('k') } });
      // @ts-expect-error required fields are required (SMTP host)
      new SmtpBinding(chart, 'f', { metadata: { port: 25 } });
      // @ts-expect-error v3 is no version of state.postgresql
      new DaprComponent(chart, 'g', { type: 'state.postgresql', version: 'v3' });
      // @ts-expect-error a type the catalog does not know needs allowUnknownType
      new DaprComponent(chart, 'h', { type: 'state.postgress' });
      // @ts-expect-error a duration is a cdk8s Duration or a Go duration string, not any string
      new DaprComponent(chart, 'i', { type: 'state.postgresql', metadata: { connectionString: s.keyRef('k'), cleanupInterval: 'banana' } });
      // @ts-expect-error a Subscription takes a pub/sub component, not a state store
      new Subscription(chart, 'j', { pubsub: new DaprComponent(chart, 'j-store', { type: 'state.in-memory' }), topic: 't', defaultRoute: '/t' });
    };
    expect(typeof checks).toBe('function');
    // A profile that goes together compiles.
    new RabbitmqPubSub(chart, 'rabbit', { metadata: { connectionString: s.keyRef('k'), durable: true }, unscoped: true });
    new KafkaPubSub(chart, 'kafka', { brokers: ['b:9092'], auth: KafkaAuth.none(), unscoped: true });
    // Go duration strings and numbers compile, as Dapr's documentation writes them.
    new DaprComponent(chart, 'durations', { type: 'state.postgresql', metadata: { connectionString: s.keyRef('k'), cleanupInterval: '1h30m', timeout: '20' }, unscoped: true });
  });
});

describe('catalogProblems (synth-time checks for JavaScript callers and escape hatches)', () => {
  test('unknown spec.type: did-you-mean from spec types, aliases and catalog names', () => {
    expect(messages(component('state.postgress', {}))).toEqual([
      'spec.type: "state.postgress" is not a component type daprd 1.18 registers. Fix: did you mean "state.postgres"? For a pluggable or newer component type, pass allowUnknownType: true',
    ]);
    expect(messages(component('crypto.jwks', {}))[0]).toContain('did you mean "crypto.dapr.jwks"?');
    expect(messages(component('middleware.bearer', {}))[0]).toContain('did you mean "middleware.http.bearer"?');
    expect(messages(component('pubsub.mycorp-bus', { host: 'x' }), true)).toEqual([]);
  });

  test('unsupported version, unknown field, missing required field, value outside the allowed ones', () => {
    expect(messages(component('state.redis', { redisHost: 'r:6379' }, 'v2'))).toEqual(['spec.version: state.redis has no version "v2" in daprd 1.18. Fix: use "v1"']);
    expect(messages(component('state.postgresql', { connectionString: 'x' }, 'v3'))[0]).toBe('spec.version: state.postgresql has no version "v3" in daprd 1.18. Fix: use "v1" or "v2"');
    expect(messages(component('state.redis', { redisHost: 'r:6379', redisPasword: 'x' }))).toEqual([
      'spec.metadata[redisPasword]: state.redis v1 has no metadata field "redisPasword". Fix: did you mean "redisPassword"?',
    ]);
    expect(messages(component('state.redis', { redisDB: '0' }))).toEqual([
      'spec.metadata[redisHost]: state.redis v1 requires "redisHost", which is not set. Fix: set it: metadata: { redisHost: ... }',
    ]);
    expect(messages(component('state.redis', { redisHost: 'r:6379', redisType: 'ring' }))[0]).toBe(
      'spec.metadata[redisType]: "ring" is not one of the allowed values "node", "cluster" for state.redis. Fix: give "redisType" a string value (one of "node", "cluster")',
    );
    expect(messages(component('state.redis', { redisHost: 'r:6379', redisDB: 'zero' }))[0]).toContain('"zero" is not a number for state.redis');
    expect(messages(component('state.postgresql', { connectionString: 'x', cleanupInterval: 'banana' }))[0]).toContain('"banana" is not a duration (a Go duration such as "30s" or "1h30m", or a number) for state.postgresql');
    expect(messages(component('state.postgresql', { connectionString: 'x', cleanupInterval: '1h30m', timeout: '-1' }))).toEqual([]);
    expect(messages(component('pubsub.kafka', { brokers: 'b', authType: 'none', consumerID: '{podName}' }))).toEqual([]);
  });

  test('authentication profiles: fields of two profiles, or an incomplete one', () => {
    expect(messages(component('pubsub.kafka', { brokers: 'b', authType: 'password', saslUsername: 'u', saslMechanism: 'PLAINTEXT' }))[0]).toContain(
      'authentication profile "SASL Authentication" of pubsub.kafka also needs saslPassword',
    );
    expect(messages(component('pubsub.kafka', { brokers: 'b', authType: 'mtls', saslUsername: 'u' }))[0]).toContain('belong to different authentication profiles');
    expect(messages(component('pubsub.kafka', { brokers: 'b' }))[0]).toContain('pubsub.kafka needs one authentication profile, and none is complete');
  });

  test('plain values that embed credentials are refused for every type, known or not, without showing them', () => {
    const url = 'amqp://guest:canary-pw-81@rabbit:5672';
    const found = messages(component('pubsub.rabbitmq', { hostname: url }));
    expect(found[0]).toBe(
      'spec.metadata[hostname]: the plain value embeds a password in a URL (scheme://user:password@host) (the value is not shown), so the credential would sit in the manifest. Fix: put the whole value in a declared secret and pass secret.keyRef(\'<key>\') for "hostname" (addSecretMetadata or metadata: { hostname: secret.keyRef(\'<key>\') })',
    );
    expect(found.join('\n')).not.toContain('canary-pw-81');
    expect(messages(component('bindings.mycorp', { dsn: 'host=db;user=u;Password=canary-pw-82' }), true)[0]).toContain('embeds a password= pair');
    expect(embeddedCredential('https://example.com/path?x=1')).toBeUndefined();
    expect(embeddedCredential('redis://:canary@r:6379')).toBeDefined();
    expect(embeddedCredential('user@host')).toBeUndefined();
  });

  test('keys, signatures and tokens in connection strings and URL queries, and DSNs with a password, are embedded credentials', () => {
    for (const [value, kind] of [
      ['DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=cnry1==;EndpointSuffix=core.windows.net', 'AccountKey='],
      ['Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=cnry2=', 'SharedAccessKey='],
      ['https://acct.blob.core.windows.net/c?sv=2024-01-01&sig=cnry3', 'sig='],
      ['https://api.example.com/v1?api_key=cnry4', 'api_key='],
      ['https://api.example.com/v1?access_token=cnry5', 'access_token='],
      ['user:cnry6@tcp(db:3306)/orders', 'DSN'],
      ['postgres:cnry7@db.internal:5432', 'DSN'],
    ] as const) {
      const why = embeddedCredential(value);
      expect({ value, why }).toEqual({ value, why: expect.stringContaining(kind) });
      expect(why).not.toMatch(/cnry/);
    }
    for (const value of [
      'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send',
      'registry.example.com:5000/orders@sha256:0123abcd',
      'https://api.example.com/v1?page=2&tokenEndpoint=x',
      'kafka-0.kafka:9092,kafka-1.kafka:9092',
      'redis-master.default.svc.cluster.local:6379',
    ]) expect({ value, why: embeddedCredential(value) }).toEqual({ value, why: undefined });
  });

  test('at synth, through a JSON patch or from JavaScript, with the construct path', () => {
    const chart = testChart();
    const c = new DaprComponent(chart, 'cache', { type: 'state.redis', metadata: { redisHost: 'r:6379' }, unscoped: true });
    c.apiObject.addJsonPatch(JsonPatch.replace('/spec/type', 'state.rediss'));
    new DaprComponent(chart, 'js', { type: 'state.redis', metadata: { redisHost: 'r:6379', ttlInSecond: 5 }, unscoped: true } as any);
    const errors = synthErrors(chart);
    expect(errors).toContain('[test/cache] spec.type: "state.rediss" is not a component type daprd 1.18 registers. Fix: did you mean "state.redis"?');
    expect(errors).toContain('[test/js] spec.metadata[ttlInSecond]: state.redis v1 has no metadata field "ttlInSecond". Fix: did you mean "ttlInSeconds"?');
  });

  test('a pluggable type needs allowUnknownType, and keeps the name-based sensitive guard', () => {
    const chart = testChart();
    new DaprComponent(chart, 'plug', { type: 'state.mycorp', allowUnknownType: true, metadata: { endpoint: 'e' }, unscoped: true });
    expect(synthErrors(chart)).toBe('');
    expect(() => new DaprComponent(testChart(), 'plug', { type: 'state.mycorp', allowUnknownType: true, metadata: { apiToken: 'canary' } })).toThrow(
      'state.mycorp marks "apiToken" sensitive',
    );
    const refused = testChart();
    new DaprComponent(refused, 'plug', { type: 'state.mycorp', unscoped: true } as any);
    expect(synthErrors(refused)).toContain('[test/plug] spec.type: "state.mycorp" is not a component type daprd 1.18 registers');
  });

  test('didYouMean only suggests near names', () => {
    expect(didYouMean('tablename', ['tableName', 'timeout'])).toBe('tableName');
    expect(didYouMean('zzzzzzzz', ['tableName', 'timeout'])).toBeUndefined();
  });
});

describe('the curated sensitive list', () => {
  test('names the credentials the catalog leaves unmarked, and isSensitiveField follows it', () => {
    const expected: Array<[string, string]> = [
      ['secretstores.hashicorp.vault', 'vaultToken'],
      ['state.redis', 'clientKey'],
      ['pubsub.redis', 'clientKey'],
      ['pubsub.kafka', 'schemaRegistryAPISecret'],
      ['state.postgresql', 'password'],
      ['state.mysql', 'connectionString'],
      ['state.mongodb', 'connectionString'],
      ['state.hashicorp.consul', 'aclToken'],
      ['pubsub.jetstream', 'token'],
      ['pubsub.jetstream', 'seedKey'],
      ['state.jetstream', 'seedKey'],
    ];
    for (const [type, field] of expected) {
      expect({ type, field, listed: ((CURATED_SENSITIVE_FIELDS as any)[type] ?? []).includes(field), sensitive: isSensitiveField(type, field) })
        .toEqual({ type, field, listed: true, sensitive: true });
    }
    expect(isSensitiveField('secretstores.hashicorp.vault', 'vaultTokenMountPath')).toBe(false);
    expect(isSensitiveField('pubsub.jetstream', 'tls_client_cert')).toBe(false);
  });
});
