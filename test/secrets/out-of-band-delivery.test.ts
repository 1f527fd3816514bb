import { App, Chart } from 'cdk8s';
import { DeclaredSecret, OutOfBandDelivery, renderApp, SecretDelivery } from '../../lib';
import { synthErrors, testChart } from '../support/chart';

describe('OutOfBandDelivery', () => {
  test('derives one environment variable per key', () => {
    const chart = testChart();
    const s = new DeclaredSecret(chart, 'api-credentials', { keys: ['api-key', 'api-secret'] });
    const d = s.delivery as OutOfBandDelivery;
    expect(d.envVarFor(s, 'api-key')).toBe('API_CREDENTIALS_API_KEY');
    expect(d.envVarFor(s, 'api-secret')).toBe('API_CREDENTIALS_API_SECRET');
  });

  test('writes create-secrets.sh at synth, with every secret of the app and no manifest object', () => {
    const app = new App();
    const chart = new Chart(app, 'demo', { namespace: 'shop' });
    new DeclaredSecret(chart, 'b-secret', { keys: ['token'] });
    new DeclaredSecret(chart, 'a-secret', { keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { password: 'SHOP_DB_PASSWORD' } }) });
    const files = renderApp(app);
    expect(files.map((f) => f.path)).toEqual(['create-secrets.sh', 'kustomization.yaml']);
    const script = files[0];
    expect(script.mode).toBe(0o755);
    expect(script.content).toContain('need SHOP_DB_PASSWORD shop/a-secret password');
    expect(script.content).toContain('need B_SECRET_TOKEN shop/b-secret token');
    expect(script.content.indexOf('create secret generic a-secret')).toBeLessThan(script.content.indexOf('create secret generic b-secret'));
  });

  test('two keys that would read the same variable are rejected', () => {
    const chart = testChart();
    new DeclaredSecret(chart, 'api', { keys: ['key-id'] });
    new DeclaredSecret(chart, 'api-key', { keys: ['id'] });
    expect(synthErrors(chart)).toContain(
      '[test/api-key] keys[id]: the create-secrets script would read API_KEY_ID for both this key and key "key-id" of test/api. Fix: give one of them its own variable with SecretDelivery.outOfBand({ envVars: { \'id\': \'OTHER_NAME\' } })',
    );
  });

  test('the same name in two namespaces needs its own variables', () => {
    const chart = testChart();
    new DeclaredSecret(chart, 'db', { keys: ['password'] });
    new DeclaredSecret(chart, 'prod-db', { name: 'db', namespace: 'prod', keys: ['password'] });
    expect(synthErrors(chart)).toContain('[test/prod-db] keys[password]: the create-secrets script would read DB_PASSWORD for both this key and key "password" of test/db');
  });

  test('envVars may only name declared keys, with shell-safe names', () => {
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { pass: 'X' } }) }))
      .toThrow('[test/db] delivery.envVars.pass: secret "db" declares no key "pass". Fix: name only declared keys (password)');
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { password: 'DB-PASS' } }) }))
      .toThrow('[test/db] delivery.envVars.password: "DB-PASS" is not a shell variable name');
  });
});
