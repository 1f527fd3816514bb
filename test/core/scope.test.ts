import { App, Chart } from 'cdk8s';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, RedisStateStore } from '../../lib';
import { namespaceProblem, resolveNamespace } from '../../lib/core/scope';
import { renderErrors, synthErrors, testChart } from '../support/chart';

describe('namespaces', () => {
  test('an explicit namespace, the chart\'s, else default', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const bare = new Chart(app, 'bare');
    expect(resolveNamespace(chart, 'other')).toBe('other');
    expect(resolveNamespace(chart)).toBe('shop');
    expect(resolveNamespace(bare)).toBe('default');
    expect(namespaceProblem('shop')).toBeUndefined();
  });

  test('a chart namespace that is not a DNS-1123 label fails synth once, on the chart', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'UPPER' });
    const secret = new DeclaredSecret(chart, 'db', { keys: ['password'] });
    new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', secretReads: [secret] });
    const message = renderErrors(app);
    expect(message).toContain('[shop] namespace: "UPPER" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), so the API server refuses every object in it. Fix: use a namespace such as "upper"');
    expect(message.match(/namespace: "UPPER"/g)).toHaveLength(1);
  });

  test('a chart namespace with a space fails at synth with the path, not in the script generator', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'Bad NS' });
    new DeclaredSecret(chart, 'db', { keys: ['password'] });
    expect(renderErrors(app)).toContain('[shop] namespace: "Bad NS" is not a DNS-1123 label');
    expect(renderErrors(app)).toContain('Fix: use a namespace such as "bad-ns"');
  });

  test('a chart without constructs of this library is checked too', () => {
    const app = new App();
    new Chart(app, 'plain', { namespace: 'a_b' });
    expect(renderErrors(app)).toContain('[plain] namespace: "a_b" is not a DNS-1123 label');
  });

  test('an explicit namespace prop is checked on the construct that takes it', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { namespace: 'Store NS' });
    new DeclaredSecret(chart, 'db', { namespace: 'db.ns', keys: ['password'], store: KubernetesSecretStore.builtin(chart) });
    new RedisStateStore(chart, 'cache', { namespace: 'x'.repeat(64), redisHost: 'redis:6379' });
    new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', namespace: 'Cart', components: [store] });
    const message = synthErrors(chart);
    expect(message).toContain('[test/kubernetes-secrets] namespace: "Store NS" is not a DNS-1123 label');
    expect(message).toContain('[test/db] namespace: "db.ns" is not a DNS-1123 label');
    expect(message).toContain(`[test/cache] namespace: "${'x'.repeat(64)}" is not a DNS-1123 label`);
    expect(message).toContain('[test/cart] namespace: "Cart" is not a DNS-1123 label');
    // The app's own Configuration inherits the value and is not reported twice.
    expect(message).not.toContain('[test/cart/Configuration] namespace');
  });

  test('a namespace that is not a string is refused for JavaScript callers', () => {
    const chart = testChart();
    new DeclaredSecret(chart, 'db', { namespace: 42 as any, keys: ['password'] });
    expect(synthErrors(chart)).toContain('[test/db] namespace: expected a namespace name, got 42. Fix: use a namespace such as "42"');
  });
});
