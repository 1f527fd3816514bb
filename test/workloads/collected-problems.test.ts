import { ApiObject, App, Chart } from 'cdk8s';
import { DaprApp, DaprConfiguration, DeclaredSecret, HttpVerb, KubernetesSecretStore } from '../../lib';
import { collectProblems, COLLECT_PROBLEMS_ENV } from '../../lib/core/errors';
import { makeCanary } from '../../lib/scan';
import { renderApp } from '../../lib/synth/synthesize';
import { fields, recordedBy } from '../support/collected';

const CANARY = makeCanary('collected-app-env');

/** Every mistake `build` makes, in the order the constructors find them, as synth reports them. */
const MISTAKES: readonly RegExp[] = [
  /^\[shop\/orders\] appId: "Orders" is not a DNS-1123 label of at most 58 characters .*\. Fix: use lowercase letters, digits and "-", such as "orders"$/,
  /^\[shop\/orders\] env\["LOG LEVEL"\]: "LOG LEVEL" is not an environment variable name Kubernetes accepts .*\. Fix: rename it, such as "LOG_LEVEL"$/,
  /^\[shop\/orders\] env\.DB_PASSWORD: "DB_PASSWORD" looks like a credential, .*\(value not shown\)\. Fix: declare a DeclaredSecret, /,
  /^\[shop\/orders\] resources\.cpuRequest: "1\.5\.0" is not a CPU quantity in whole millicores\. Fix: use millicores /,
  /^\[shop\/orders\/Configuration\] tracing\.samplingRate: "2" is not a sampling rate: .*\. Fix: set samplingRate to "0" \(off\) up to "1" /,
  /^\[shop\/orders\] logLevel: "verbose" is not one of "debug", "info", "warn", "error"\. Fix: use LogLevel\.DEBUG, /,
  /^\[shop\/orders\] replicas: expected a whole number of at least 0, got -1\. Fix: pass a number such as replicas: 1$/,
  /^\[shop\/orders\] allowAppPortFrom\[1\]: expected a DaprApp or \{ podLabels, namespace \}, got "gateway"\. Fix: pass another DaprApp, /,
  /^\[shop\/orders\/Configuration\] allowInvocationFrom\(gateway\)\.operations\[0\]\.httpVerbs\[0\]: "FETCH" is not an HTTP verb daprd matches\. Fix: use one of /,
  /^\[shop\/shared\] tracing\.samplingRate: "all" is not a sampling rate: .*\. Fix: /,
  /^\[shop\/shared\] tracing\.stdout: expected true or false, got "yes"\. Fix: /,
];

/** A program with several mistakes in two apps' props, a grant and a Configuration; everything else is valid. */
function build(): App {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const gateway = new DaprApp(chart, 'gateway', { appId: 'gateway', image: 'gateway:1.0.0', appPort: 8080 });
  const orders = new DaprApp(chart, 'orders', {
    appId: 'Orders',
    image: 'orders:1.0.0',
    appPort: 3000,
    replicas: -1,
    logLevel: 'verbose' as any,
    resources: { cpuRequest: '1.5.0' },
    env: { 'LOG LEVEL': 'debug', DB_PASSWORD: CANARY, MODE: 'fast' },
    tracing: { samplingRate: '2', zipkinEndpoint: 'http://zipkin.monitoring:9411/api/v2/spans' },
    allowAppPortFrom: [gateway, 'gateway' as any],
  });
  orders.allowInvocationFrom(gateway, { operations: [{ name: '/orders', httpVerbs: ['FETCH' as HttpVerb] }] });
  new DaprConfiguration(chart, 'shared', { tracing: { samplingRate: 'all', stdout: 'yes' as any } });
  return app;
}

/** The error `fn` throws; fails when it throws none. */
function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('nothing was thrown');
}

describe('DaprApp and DaprConfiguration, built with problems collected', () => {
  test('the program builds; every mistake is recorded with path, field, problem and fix, and synth lists them all', () => {
    const recorded: Error[] = [];
    const app = collectProblems(build, recorded);
    const messages = recorded.map((e) => e.message);
    expect(messages).toHaveLength(MISTAKES.length);
    MISTAKES.forEach((m, i) => expect(messages[i]).toMatch(m));

    const error = thrownBy(() => renderApp(app));
    expect(error.message).toMatch(/^Validation failed with the following errors:\n/);
    for (const m of messages) expect(error.message).toContain(`\n  ${m}`);
    // The refused values were left out, so no second problem follows from any of them.
    expect(error.message.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(messages.length);
    expect(error.message).not.toContain(CANARY);
    expect(process.env[COLLECT_PROBLEMS_ENV]).toBeUndefined();
  });

  test('refused values are not in the objects the constructors built', () => {
    const app = collectProblems(build);
    const chart = app.node.findChild('shop') as Chart;
    const orders = chart.node.findChild('orders') as DaprApp;
    const deployment = ApiObject.of(orders.deployment).toJson();
    expect(JSON.stringify(deployment)).not.toContain(CANARY);
    expect(deployment.spec.replicas).toBe(1);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.env).toEqual([{ name: 'MODE', value: 'fast' }]);
    expect(container.resources.requests).toEqual({ memory: '128Mi' });
    expect(deployment.spec.template.metadata.annotations['dapr.io/log-level']).toBeUndefined();
    expect(orders.configuration.configurationName).toBe('orders-config');

    const config = orders.configuration.apiObject.toJson();
    expect(config.spec.tracing).toEqual({ zipkin: { endpointAddress: 'http://zipkin.monitoring:9411/api/v2/spans' } });
    // The refused grant is left out whole and turns nothing on, as when it throws.
    expect(config.spec.accessControl).toBeUndefined();

    const policy = (orders.node.findChild('NetworkPolicy') as ApiObject).toJson();
    expect(policy.spec.ingress[1].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }]);

    const shared = (chart.node.findChild('shared') as DaprConfiguration).apiObject.toJson();
    expect(shared.spec.tracing).toEqual({});
  });

  test('without collectProblems, the first mistake throws, with the message synth lists first', () => {
    const recorded: Error[] = [];
    collectProblems(build, recorded);
    const error = thrownBy(build);
    expect(error.message).toMatch(MISTAKES[0]);
    expect(error.message).toBe(recorded[0].message);
  });
});

describe('DaprApp props and grants, built with problems collected', () => {
  const deploymentOf = (chart: Chart, id: string) => ApiObject.of((chart.node.findChild(id) as DaprApp).deployment).toJson();

  test('tokens, label, annotations and switches: each refused value is left out and never shown', () => {
    const { messages, chart } = recordedBy((c) => {
      const store = new KubernetesSecretStore(c, 'kubernetes-secrets');
      const wrongKey = new DeclaredSecret(c, 'api', { store, keys: ['password'] });
      new DaprApp(c, 'cart', {
        appId: 'cart',
        image: 'cart:1.0.0',
        labels: { 'app.kubernetes.io/name': 'basket', team: 'shop' },
        apiToken: CANARY as any,
        appToken: wrongKey,
        annotations: { 'dapr.io/env': `LOG=debug,DB_PASSWORD=${CANARY}`, 'dapr.io/enable-metrics': 'false', 'dapr.io/app-id': 'other' },
        mountServiceAccountToken: 'yes' as any,
        networkPolicy: 'on' as any,
      });
    });
    expect(fields(messages)).toEqual([
      'labels[app.kubernetes.io/name]', 'apiToken', 'appToken', 'annotations[dapr.io/env]', 'annotations[dapr.io/app-id]', 'mountServiceAccountToken', 'networkPolicy',
    ]);
    expect(messages.join('\n')).not.toContain(CANARY);
    const deployment = deploymentOf(chart, 'cart');
    expect(JSON.stringify(deployment)).not.toContain(CANARY);
    expect(deployment.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'cart', team: 'shop' });
    const annotations = deployment.spec.template.metadata.annotations;
    expect([annotations['dapr.io/app-id'], annotations['dapr.io/env'], annotations['dapr.io/api-token-secret'], annotations['dapr.io/app-token-secret']]).toEqual(['cart', undefined, undefined, undefined]);
    expect(deployment.spec.template.spec.containers[0].env).toBeUndefined();
    // A refused networkPolicy switch keeps the default: the NetworkPolicy is written.
    expect(chart.node.findChild('cart').node.tryFindChild('NetworkPolicy')).toBeDefined();
  });

  test('network peers: each refused peer or call is recorded and left out, and a refused appPort is reported once', () => {
    const { messages, chart } = recordedBy((c) => {
      const gateway = new DaprApp(c, 'gateway', { appId: 'gateway', image: 'gateway:1.0.0' });
      const cart = new DaprApp(c, 'cart', {
        appId: 'cart',
        image: 'cart:1.0.0',
        appPort: 8080,
        allowAppPortFrom: gateway as any,
        allowMetricsFrom: [gateway as any, { namespace: 'monitoring' }],
      });
      cart.allowAppPortFrom(42 as any, { namespace: 'edge' });
      new DaprApp(c, 'noport', { appId: 'noport', image: 'noport:1', allowAppPortFrom: [gateway] });
      new DaprApp(c, 'badport', { appId: 'badport', image: 'badport:1', appPort: 70000, allowAppPortFrom: [gateway] });
      new DaprApp(c, 'open', { appId: 'open', image: 'open:1', appPort: 80, networkPolicy: false, allowAppPortFrom: [gateway], allowMetricsFrom: [{ namespace: 'monitoring' }] });
    });
    expect(messages.map((m) => m.split(':')[0])).toEqual([
      '[shop/cart] allowAppPortFrom', '[shop/cart] allowMetricsFrom[0]', '[shop/cart] allowAppPortFrom[0]',
      '[shop/noport] allowAppPortFrom', '[shop/badport] appPort', '[shop/open] allowAppPortFrom', '[shop/open] allowMetricsFrom',
    ]);
    const policy = (chart.node.findChild('cart').node.findChild('NetworkPolicy') as ApiObject).toJson();
    expect(policy.spec.ingress.slice(1).map((r: any) => [r.ports[0].port, r.from.map((f: any) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])])).toEqual([
      [8080, ['edge']],
      [9090, ['monitoring']],
    ]);
    expect(chart.node.findChild('badport').node.tryFindChild('Service')).toBeUndefined();
  });

  test('an app ID that is not a string still stops the constructor', () => {
    expect(() => recordedBy((c) => new DaprApp(c, 'x', { appId: 7 as any, image: 'x:1' }))).toThrow('[shop/x] appId: 7 is not a DNS-1123 label');
  });
});
