import { ApiObject, App, Chart } from 'cdk8s';
import { DaprApp, DaprConfiguration, HttpVerb } from '../../lib';
import { collectProblems, COLLECT_PROBLEMS_ENV } from '../../lib/core/errors';
import { makeCanary } from '../../lib/scan';
import { renderApp } from '../../lib/synth/synthesize';

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
    // The refused grant is left out whole: access control stays off rather than open to a half-read policy.
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
