import { App, Duration } from 'cdk8s';
import {
  DaprComponent, HttpEndpoint, KafkaAuth, KafkaPubSub, McpServer, McpTransport, RedisConfigurationStore, RedisStateStore, Resiliency, Subscription,
} from '../../lib';
import { makeCanary } from '../../lib/scan';
import { renderApp } from '../../lib/synth/synthesize';
import { fields, recordedBy } from '../support/collected';

describe('components and Dapr resources, built with problems collected', () => {
  test('every problem of a construct is recorded, not only the first; synth then fails listing them before anything is rendered', () => {
    const { messages, chart } = recordedBy((c) => {
      new RedisStateStore(c, 'Cache', { redisHost: 'redis:6379', redisDB: 1.5, failover: 'no' as any, redisType: 'ring' as any, actorStateStore: 1 as any, ttlInSeconds: -2, ignoreErrors: 'y' as any, unscoped: true });
      new RedisConfigurationStore(c, 'config', { redisHost: 'redis:6379', redisMaxRetries: -1, unscoped: true });
    });
    expect(messages).toEqual([
      expect.stringMatching(/^\[shop\/Cache\] name: "Cache" is not a DNS-1123 name/),
      expect.stringMatching(/^\[shop\/Cache\] ignoreErrors: expected true or false, got "y"/),
      expect.stringMatching(/^\[shop\/Cache\] redisType: "ring" is not one of "node", "cluster"/),
      expect.stringMatching(/^\[shop\/Cache\] redisDB: expected a whole number of at least 0, got 1.5/),
      expect.stringMatching(/^\[shop\/Cache\] failover: expected true or false, got "no"/),
      expect.stringMatching(/^\[shop\/Cache\] actorStateStore: expected true or false, got 1/),
      expect.stringMatching(/^\[shop\/Cache\] ttlInSeconds: expected a whole number of at least -1, got -2/),
      expect.stringMatching(/^\[shop\/config\] redisMaxRetries: expected a whole number of at least 0, got -1/),
    ]);
    let error: Error | undefined;
    try {
      renderApp(chart.node.root as App);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/^Validation failed with the following errors:\n/);
    for (const m of messages) expect(error?.message).toContain(`\n  ${m}`);
    // The refused values were left out, so no second problem about them (from the catalog checks) follows.
    expect(error?.message.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(messages.length);
  });

  test('a refused plain value for a sensitive field is never stored, so it cannot be rendered', () => {
    const canary = makeCanary('collected-sensitive');
    const { messages, chart } = recordedBy((c) => {
      const store = new RedisStateStore(c, 'cache', { redisHost: 'redis:6379', unscoped: true });
      store.addMetadata('redisPassword' as any, canary);
      store.addMetadata('keyPrefix', 'a');
      store.addMetadata('KEYPREFIX', 'b');
      store.addMetadata('maxRetries', { n: 1 } as any);
      store.addSecretMetadata('sentinelPassword', canary as any);
      new DaprComponent(c, 'generic', { type: 'bindings.http', metadata: [1] as any, unscoped: true });
    });
    expect(fields(messages)).toEqual(['spec.metadata[redisPassword]', 'spec.metadata[KEYPREFIX]', 'spec.metadata[maxRetries]', 'spec.metadata[sentinelPassword]', 'metadata']);
    expect(messages.join('\n')).not.toContain(canary);
    const cache = chart.node.findChild('cache') as RedisStateStore;
    expect(JSON.stringify(cache.apiObject.toJson())).not.toContain(canary);
    expect(cache.metadataValue('keyPrefix')).toBe('a');
  });

  test('a component type of the wrong form is recorded; a type that is not a string still stops the constructor', () => {
    expect(fields(recordedBy((c) => new DaprComponent(c, 'x', { type: 'redis' as string, unscoped: true })).messages)).toEqual(['type']);
    expect(() => recordedBy((c) => new DaprComponent(c, 'y', { type: 42 as any, unscoped: true }))).toThrow('[shop/y] type: 42 is not a Dapr component type');
  });

  test('Kafka: brokers, options and SASL settings are all recorded; a missing auth still stops the constructor', () => {
    const { messages } = recordedBy((c) => {
      new KafkaPubSub(c, 'events', {
        brokers: ['kafka'],
        auth: KafkaAuth.password({ username: 'u', usernameRef: undefined as any, password: undefined as any, mechanism: 'MD5' as any }),
        initialOffset: 'middle' as any,
        maxMessageBytes: 0,
        unscoped: true,
      });
    });
    expect(fields(messages)).toEqual(['brokers', 'initialOffset', 'maxMessageBytes', 'auth.mechanism', 'spec.metadata[saslPassword]']);
    expect(() => recordedBy((c) => new KafkaPubSub(c, 'k', { brokers: ['kafka:9092'], auth: undefined as any, unscoped: true }))).toThrow('[shop/k] auth: no authentication chosen');
  });

  test('HTTPEndpoint and MCPServer: a URL or a value that holds a credential is recorded and never rendered', () => {
    const canary = makeCanary('collected-url').split(':').pop()!; // the random hex part: a URL's user information cannot hold the prefix
    const { messages, chart } = recordedBy((c) => {
      new HttpEndpoint(c, 'api', {
        baseUrl: `https://user:${canary}@api.example.com`,
        headers: { Authorization: `Bearer ${canary}` as any, 'x-count': 3 as any, accept: 'json' },
        clientTls: { certificate: 'PEM', privateKey: canary as any, renegotiation: 'always' as any },
        unscoped: true,
      });
      new McpServer(c, 'tools', { transport: McpTransport.streamableHttp({ url: `https://x:${canary}@mcp.example.com`, headers: { 'x-api-key': canary } }), ignoreErrors: 'n' as any, unscoped: true });
      new McpServer(c, 'local', { transport: McpTransport.stdio({ command: '' }), unscoped: true });
    });
    expect(fields(messages)).toEqual([
      'baseUrl', 'spec.headers[Authorization]', 'spec.headers[x-count]', 'clientTls.renegotiation', 'spec.clientTLS.privateKey',
      'ignoreErrors', 'spec.endpoint.streamableHTTP.url', 'spec.endpoint.streamableHTTP.headers[x-api-key]',
      'spec.endpoint.stdio.command',
    ]);
    const rendered = ['api', 'tools'].map((id) => JSON.stringify((chart.node.findChild(id) as HttpEndpoint).apiObject.toJson()));
    for (const r of rendered) expect(r).not.toContain(canary);
    expect(rendered[0]).toContain('"headers":[{"name":"accept","value":"json"}]');
    expect(messages.join('\n')).not.toContain(canary);
  });

  test('Subscription and Resiliency: every refused field is recorded; refused rules, metadata and targets are left out', () => {
    const canary = makeCanary('collected-metadata');
    const { messages, chart } = recordedBy((c) => {
      const pubsub = new KafkaPubSub(c, 'events', { brokers: ['kafka:9092'], auth: KafkaAuth.none(), unscoped: true });
      new Subscription(c, 'orders', {
        pubsub,
        topic: '',
        rules: [{ match: 'event.type == "a"', path: 'a' }, { match: 'event.type == "b"', path: '/b' }],
        metadata: { password: canary, rawPayload: 'true' },
        unscoped: true,
      });
      new Resiliency(c, 'retries', {
        retries: { often: { policy: 'sometimes' as any, maxRetries: -3 } },
        circuitBreakers: { cb: { trip: ' ' } },
        components: [{ component: undefined as any }, { component: pubsub, outbound: { retry: 'often' } }],
        timeouts: { quick: Duration.seconds(1) },
        unscoped: true,
      });
      new Resiliency(c, 'nothing', { unscoped: true });
    });
    expect(fields(messages)).toEqual(['topic', 'rules[0]', 'spec.metadata[password]', 'retries.often.policy', 'retries.often.maxRetries', 'circuitBreakers.cb.trip', 'components[0].component', 'apps']);
    const subscription = JSON.stringify((chart.node.findChild('orders') as Subscription).apiObject.toJson());
    expect(subscription).not.toContain(canary);
    expect(subscription).toContain('"rules":[{"match":"event.type == \\"b\\"","path":"/b"}]');
    expect(subscription).toContain('"metadata":{"rawPayload":"true"}');
    // The refused target is left out, so the Resiliency's own synth checks do not trip over it: its
    // validation errors are exactly the recorded problems.
    const resiliency = chart.node.findChild('retries');
    expect(resiliency.node.validate().map((m) => `[shop/retries] ${m}`)).toEqual(messages.filter((m) => m.startsWith('[shop/retries] ')));
  });
});
