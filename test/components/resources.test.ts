import { Duration, JsonPatch, Testing } from 'cdk8s';
import {
  DaprApp, DeclaredSecret, HttpEndpoint, KafkaAuth, KafkaPubSub, KubernetesSecretStore, McpServer, McpTransport, RedisStateStore, Resiliency,
  RetryPolicy, SecretDelivery, Subscription, synthesize, TlsRenegotiation, validateManifest, SecretResolver,
} from '../../lib';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { findObject, synthErrors, testChart } from '../support/chart';

describe('HttpEndpoint', () => {
  test('headers from secrets, client TLS, auth.secretStore and scopes; validates offline', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets: SecretResolver.SIDECAR });
    const key = new DeclaredSecret(chart, 'notification-api', { store, keys: ['api-key', 'tls-key'] });
    const endpoint = new HttpEndpoint(chart, 'notifications', {
      baseUrl: 'https://notifications.example.com',
      headers: { 'X-API-Key': key.keyRef('api-key'), 'Accept': 'application/json' },
      clientTls: { certificate: '-----BEGIN CERTIFICATE-----', privateKey: key.keyRef('tls-key'), renegotiation: TlsRenegotiation.ONCE_AS_CLIENT },
    });
    const app = new DaprApp(chart, 'api', { appId: 'api', image: 'api:1', components: [endpoint] });
    const objects = Testing.synth(chart);
    const obj = findObject(objects, 'HTTPEndpoint', 'notifications');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'HTTPEndpoint',
      metadata: { name: 'notifications', namespace: 'default' },
      spec: {
        baseUrl: 'https://notifications.example.com',
        headers: [
          { name: 'X-API-Key', secretKeyRef: { name: 'notification-api', key: 'api-key' } },
          { name: 'Accept', value: 'application/json' },
        ],
        clientTLS: { certificate: { value: '-----BEGIN CERTIFICATE-----' }, privateKey: { secretKeyRef: { name: 'notification-api', key: 'tls-key' } }, renegotiation: 'OnceAsClient' },
      },
      auth: { secretStore: 'kubernetes-secrets' },
      scopes: ['api'],
    });
    expect(validateManifest(obj)).toEqual([]);
    // The sidecar resolves the header through the named store with the pod's ServiceAccount: the Role covers it.
    expect(app.secretsReadBySidecar).toEqual(['notification-api']);
  });

  test('credentials never as plain values: Authorization, key-like headers, the private key, a URL with a password', () => {
    const chart = testChart();
    const s = new DeclaredSecret(chart, 's', { keys: ['k'] });
    // @ts-expect-error Authorization only from a secret
    expect(() => new HttpEndpoint(chart, 'a', { baseUrl: 'https://x', headers: { Authorization: 'Bearer canary-1' } })).toThrow('[test/a] spec.headers[Authorization]: header "Authorization" carries a credential');
    // @ts-expect-error a header whose name ends like a credential only from a secret
    expect(() => new HttpEndpoint(chart, 'b', { baseUrl: 'https://x', headers: { 'x-auth-token': 'canary-2' } })).toThrow('spec.headers[x-auth-token]');
    // @ts-expect-error lowercase authorization too
    expect(() => new HttpEndpoint(chart, 'b2', { baseUrl: 'https://x', headers: { authorization: 'Bearer canary-2b' } })).toThrow('spec.headers[authorization]');
    // The runtime check also covers credential-looking names no type can foresee.
    expect(() => new HttpEndpoint(chart, 'b3', { baseUrl: 'https://x', headers: { 'X-Auth': 'canary-2c' } })).toThrow('spec.headers[X-Auth]');
    expect(() => new HttpEndpoint(chart, 'b4', { baseUrl: 'https://x/api?api_key=canary-2d' })).toThrow('[test/b4] baseUrl:');
    new HttpEndpoint(chart, 'plain-headers', { baseUrl: 'https://x', headers: { 'X-Request-Source': 'task-api', 'X-API-Key': s.keyRef('k') }, unscoped: true });
    expect(() => new HttpEndpoint(chart, 'c', { baseUrl: 'https://u:canary-3@x.example.com' })).toThrow('[test/c] baseUrl: the URL embeds a password in a URL');
    // @ts-expect-error the private key only from a secret
    expect(() => new HttpEndpoint(chart, 'd', { baseUrl: 'https://x', clientTls: { certificate: 'c', privateKey: 'canary-4' } })).toThrow('spec.clientTLS.privateKey');
    expect(() => new HttpEndpoint(chart, 'e', { baseUrl: 'ftp://x' })).toThrow('is not an http:// or https:// URL');
    const patched = new HttpEndpoint(chart, 'f', { baseUrl: 'https://x', headers: { Authorization: s.keyRef('k') }, unscoped: true });
    patched.apiObject.addJsonPatch(JsonPatch.replace('/spec/headers/0', { name: 'Authorization', value: 'canary-5' }));
    const errors = synthErrors(chart);
    expect(errors).toContain('[test/f] spec.headers[Authorization]: header "Authorization" carries a credential, but the rendered HTTPEndpoint gives it a plain value (not shown)');
    for (const c of ['canary-1', 'canary-2', 'canary-3', 'canary-4', 'canary-5']) expect(errors).not.toContain(c);
  });

  test('references are checked; an endpoint no app loads fails synth unless unscoped', () => {
    const chart = testChart();
    const s = new DeclaredSecret(chart, 's', { keys: ['k'], namespace: 'other' });
    new HttpEndpoint(chart, 'e', { baseUrl: 'https://x', headers: { Authorization: s.keyRef('k') } });
    const errors = synthErrors(chart);
    expect(errors).toContain('[test/e] spec.headers[Authorization]: secret "s" is in namespace "other", but Dapr reads it from the HTTPEndpoint\'s namespace "default"');
    expect(errors).toContain('[test/e] scopes: no DaprApp of this cdk8s App loads HTTPEndpoint "e"');
  });
});

describe('Subscription', () => {
  const kafka = (chart: any) => {
    const creds = new DeclaredSecret(chart, 'kafka-credentials', { keys: ['username', 'password'] });
    return new KafkaPubSub(chart, 'kafka-pubsub', { brokers: ['k:9092'], auth: KafkaAuth.password({ usernameRef: creds.keyRef('username'), password: creds.keyRef('password') }) });
  };

  test('takes the pub/sub construct; routes, dead letters and bulk; v2alpha1; scoped to the apps', () => {
    const chart = testChart();
    const pubsub = kafka(chart);
    const sub = new Subscription(chart, 'task-events', {
      pubsub,
      topic: 'tasks',
      defaultRoute: '/tasks',
      rules: [{ match: 'event.type == "task.done"', path: '/tasks/done' }],
      deadLetterTopic: 'tasks-dead',
      bulk: { maxMessagesCount: 50, maxAwaitDuration: Duration.seconds(2) },
    });
    new DaprApp(chart, 'worker', { appId: 'worker', image: 'w:1', components: [pubsub, sub] });
    const obj = findObject(Testing.synth(chart), 'Subscription', 'task-events');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v2alpha1',
      kind: 'Subscription',
      metadata: { name: 'task-events', namespace: 'default' },
      spec: {
        pubsubname: 'kafka-pubsub',
        topic: 'tasks',
        routes: { default: '/tasks', rules: [{ match: 'event.type == "task.done"', path: '/tasks/done' }] },
        deadLetterTopic: 'tasks-dead',
        bulkSubscribe: { enabled: true, maxMessagesCount: 50, maxAwaitDurationMs: 2000 },
      },
      scopes: ['worker'],
    });
    expect(validateManifest(obj)).toEqual([]);
  });

  test('refuses a non-pub/sub component, a string, no route; an app must load the pub/sub too', () => {
    const chart = testChart();
    const pubsub = kafka(chart);
    const redis = new RedisStateStore(chart, 'cache', { redisHost: 'r:6379', unscoped: true });
    // @ts-expect-error a state store is no pub/sub component (a JavaScript caller is refused at run time)
    expect(() => new Subscription(chart, 'a', { pubsub: redis, topic: 't', defaultRoute: '/t' })).toThrow('[test/a] pubsub: expected a pub/sub component construct, got a state.redis component');
    // @ts-expect-error a string is no pub/sub construct
    expect(() => new Subscription(chart, 'b', { pubsub: 'kafka-pubsub', topic: 't', defaultRoute: '/t' })).toThrow('[test/b] pubsub: expected a pub/sub component construct');
    expect(() => new Subscription(chart, 'c', { pubsub, topic: 't' })).toThrow('[test/c] defaultRoute: the subscription has no route');
    const sub = new Subscription(chart, 'd', { pubsub, topic: 't', defaultRoute: '/t' });
    new DaprApp(chart, 'lonely', { appId: 'lonely', image: 'l:1', components: [sub] });
    new DaprApp(chart, 'other', { appId: 'other', image: 'o:1', components: [pubsub] });
    expect(synthErrors(chart)).toContain('[test/d] spec.pubsubname: app "lonely" loads this Subscription but not its pub/sub "kafka-pubsub"');
  });
});

describe('Resiliency', () => {
  test('policies and targets by construct; unknown policy names fail synth', () => {
    const chart = testChart();
    const cache = new RedisStateStore(chart, 'statestore', { redisHost: 'r:6379' });
    const app = new DaprApp(chart, 'api', { appId: 'api', image: 'a:1', components: [cache] });
    const r = new Resiliency(chart, 'resiliency', {
      timeouts: { general: Duration.seconds(5) },
      retries: { retryForever: { policy: RetryPolicy.EXPONENTIAL, maxInterval: Duration.seconds(15), maxRetries: -1 } },
      circuitBreakers: { simpleCB: { trip: 'consecutiveFailures >= 5', maxRequests: 1, timeout: Duration.seconds(30) } },
      apps: [{ app, timeout: 'general', retry: 'retryForever' }],
      components: [{ component: cache, outbound: { retry: 'retryForever', circuitBreaker: 'simpleCB' } }],
    });
    app.addComponent(r);
    const obj = findObject(Testing.synth(chart), 'Resiliency', 'resiliency');
    expect(obj.spec).toEqual({
      policies: {
        timeouts: { general: '5s' },
        retries: { retryForever: { policy: 'exponential', maxInterval: '15s', maxRetries: -1 } },
        circuitBreakers: { simpleCB: { maxRequests: 1, timeout: '30s', trip: 'consecutiveFailures >= 5' } },
      },
      targets: { apps: { api: { timeout: 'general', retry: 'retryForever' } }, components: { statestore: { outbound: { retry: 'retryForever', circuitBreaker: 'simpleCB' } } } },
    });
    expect(obj.scopes).toEqual(['api']);
    expect(validateManifest(obj)).toEqual([]);

    const bad = testChart();
    const c2 = new RedisStateStore(bad, 'statestore', { redisHost: 'r:6379', unscoped: true });
    new Resiliency(bad, 'r', { components: [{ component: c2, outbound: { retry: 'missing' } }], unscoped: true });
    expect(synthErrors(bad)).toContain('[test/r] spec.targets.components.statestore.outbound.retry: no retry policy is named "missing" (declared: none)');
  });

  test('targets given by name from JavaScript are refused, naming the field', () => {
    const chart = testChart();
    expect(() => new Resiliency(chart, 'a', { apps: [{ app: 'api' }], unscoped: true } as any)).toThrow('[test/a] apps[0].app: expected a DaprApp construct, got "api". Fix: pass the app construct itself');
    expect(() => new Resiliency(chart, 'b', { components: [{ component: 'statestore' }], unscoped: true } as any)).toThrow('[test/b] components[0].component: expected a Dapr component construct, got "statestore"');
  });
});

describe('McpServer', () => {
  test('headers from secrets, auth.secretStore in the transport; validates offline', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets: SecretResolver.SIDECAR });
    const token = new DeclaredSecret(chart, 'mcp-token', { store, keys: ['token'] });
    const mcp = new McpServer(chart, 'github-tools', {
      transport: McpTransport.streamableHttp({ url: 'https://mcp.example.com/mcp', headers: { Authorization: token.keyRef('token') }, timeout: Duration.seconds(20) }),
    });
    new DaprApp(chart, 'agent', { appId: 'agent', image: 'a:1', components: [mcp] });
    const obj = findObject(Testing.synth(chart), 'MCPServer', 'github-tools');
    expect(obj.spec).toEqual({
      endpoint: {
        streamableHTTP: {
          url: 'https://mcp.example.com/mcp',
          headers: [{ name: 'Authorization', secretKeyRef: { name: 'mcp-token', key: 'token' } }],
          auth: { secretStore: 'kubernetes-secrets' },
          timeout: '20s',
        },
      },
    });
    expect(obj.scopes).toEqual(['agent']);
    expect(validateManifest(obj)).toEqual([]);
    expect(() => new McpServer(chart, 'x', { transport: McpTransport.stdio({ command: 'npx', env: { GITHUB_TOKEN: 'canary' } }) })).toThrow(
      '[test/x] spec.endpoint.stdio.env[GITHUB_TOKEN]: "GITHUB_TOKEN" carries a credential',
    );
  });
});

describe('existing secrets', () => {
  test('DeclaredSecret.fromExisting: references are checked, nothing is delivered', () => {
    const chart = testChart();
    const shared = DeclaredSecret.fromExisting(chart, 'shared-db', { keys: ['url'], deliveredBy: 'platform team', externalConsumer: 'the reporting jobs' });
    expect(shared.delivery.kind).toBe('existing');
    const other = new DeclaredSecret(chart, 'other', { keys: ['k'], delivery: SecretDelivery.existing() });
    const endpoint = new HttpEndpoint(chart, 'e', { baseUrl: 'https://x', headers: { Authorization: other.keyRef('k') }, unscoped: true });
    expect(endpoint.secretKeyRefs.map(String)).toEqual(['other/k']);
    expect(() => shared.keyRef('password')).toThrow('secret "shared-db" declares no key "password" (declared: url)');
    const objects = Testing.synth(chart);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const out = mkdtempSync(join(tmpdir(), 'existing-'));
    synthesize([{ app: chart.node.root as any }], { outdir: out });
    expect(readdirSync(out).sort()).toEqual(['kustomization.yaml', 'test.k8s.yaml']);
    expect(readFileSync(join(out, 'test.k8s.yaml'), 'utf8')).not.toContain('kind: Secret');
  });
});
