import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { DeclaredSecret, OutOfBandDelivery, renderApp, SecretDelivery } from '../../lib';
import { synthErrors, testChart } from '../support/chart';
import { runCreateSecretsScript } from '../support/fake-kubectl';

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
    new DeclaredSecret(chart, 'b-secret', { keys: ['token'], externalConsumer: 'a batch job' });
    new DeclaredSecret(chart, 'a-secret', { keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { password: 'SHOP_DB_PASSWORD' } }), externalConsumer: 'a batch job' });
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

  test('the script applies the secret\'s type and labels', () => {
    const app = new App();
    const chart = new Chart(app, 'demo', { namespace: 'shop' });
    new DeclaredSecret(chart, 'db', { keys: ['username', 'password'], type: 'kubernetes.io/basic-auth', labels: { 'app.kubernetes.io/part-of': 'shop' }, externalConsumer: 'a batch job' });
    const script = renderApp(app).find((f) => f.path === 'create-secrets.sh')!.content;
    const run = runCreateSecretsScript(script, { DB_USERNAME: 'u', DB_PASSWORD: 'p' });
    expect(run.stderr).toBe('');
    const [secret] = parseAllDocuments(run.applied).map((d) => d.toJS()).filter(Boolean);
    expect(secret.type).toBe('kubernetes.io/basic-auth');
    expect(secret.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'shop' });
  });

  test('a label key that Kubernetes refuses is rejected', () => {
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], labels: { 'tier-': 'web' } })).toThrow(
      '[test/db] labels[tier-]: "tier-" is not a label key: its name is not 1 to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit. Fix: use a key such as "app.kubernetes.io/part-of"',
    );
  });

  test('a label value that Kubernetes refuses is rejected', () => {
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], labels: { tier: 'web tier' } })).toThrow(
      '[test/db] labels[tier]: "web tier" is not a label value: it is not empty or 1 to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit. Fix: use a value such as "task-api"',
    );
  });

  test('a type the script cannot pass to kubectl is rejected', () => {
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], type: 'my$type' })).toThrow(
      '[test/db] type: "my$type" is not a Secret type the create-secrets script can pass to kubectl. Fix: use a type such as "Opaque" or "kubernetes.io/basic-auth" (letters, digits, "-", "_", "." and "/")',
    );
  });

  test('two keys of one secret given the same variable are rejected', () => {
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['k', 'j'], delivery: SecretDelivery.outOfBand({ envVars: { k: 'SAME', j: 'SAME' } }) })).toThrow(
      '[test/db] delivery.envVars.j: the create-secrets script would read SAME for both key "k" and key "j", so both would get one value. Fix: give each key its own variable with SecretDelivery.outOfBand({ envVars: { \'j\': \'OTHER_NAME\' } })',
    );
  });

  test('two keys of one secret that derive the same variable are rejected', () => {
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['pass.word', 'pass-word'] })).toThrow(
      '[test/db] keys[pass-word]: the create-secrets script would read DB_PASS_WORD for both key "pass.word" and key "pass-word", so both would get one value. Fix: give each key its own variable with SecretDelivery.outOfBand({ envVars: { \'pass-word\': \'OTHER_NAME\' } })',
    );
  });

  test('two secrets given the same variable are rejected', () => {
    const chart = testChart();
    new DeclaredSecret(chart, 'a', { keys: ['k'], delivery: SecretDelivery.outOfBand({ envVars: { k: 'SAME' } }) });
    new DeclaredSecret(chart, 'b', { keys: ['j'], delivery: SecretDelivery.outOfBand({ envVars: { j: 'SAME' } }) });
    expect(synthErrors(chart)).toContain(
      '[test/b] keys[j]: the create-secrets script would read SAME for both this key and key "k" of test/a. Fix: give one of them its own variable with SecretDelivery.outOfBand({ envVars: { \'j\': \'OTHER_NAME\' } })',
    );
  });

  test('two secrets in different charts of one app that would read the same variable are rejected', () => {
    const app = new App();
    new DeclaredSecret(new Chart(app, 'one', { namespace: 'a' }), 'db', { keys: ['password'] });
    new DeclaredSecret(new Chart(app, 'two', { namespace: 'b' }), 'db', { keys: ['password'] });
    expect(() => renderApp(app)).toThrow('[two/db] keys[password]: the create-secrets script would read DB_PASSWORD for both this key and key "password" of one/db');
  });

  test.each([
    ['KUBECTL', 'the create-secrets script uses it itself', 'DB_PASSWORD'],
    ['PATH', 'bash reads or sets it', 'DB_PASSWORD'],
    ['IFS', 'bash reads or sets it', 'DB_PASSWORD'],
    ['HOME', 'bash reads or sets it', 'DB_PASSWORD'],
    ['BASH_ENV', 'bash reads or sets it', 'DB_PASSWORD'],
    ['LD_PRELOAD', 'the dynamic loader or the C library reads it', 'DB_PASSWORD'],
    ['DAPR_API_TOKEN', "Dapr's CLI, SDKs and sidecar read it", 'DB_PASSWORD'],
  ])('a reserved variable given in envVars is rejected: %s', (env, reason, suggestion) => {
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { password: env } }) })).toThrow(
      `[test/db] delivery.envVars.password: the create-secrets script would read key "password" from ${env}, a name reserved because ${reason}. Fix: give the key another variable with SecretDelivery.outOfBand({ envVars: { 'password': '${suggestion}' } })`,
    );
  });

  test('a reserved variable derived from the secret and key is rejected', () => {
    expect(() => new DeclaredSecret(testChart(), 'dapr', { keys: ['api-token'] })).toThrow(
      '[test/dapr] keys[api-token]: the create-secrets script would read key "api-token" from DAPR_API_TOKEN, a name reserved because Dapr\'s CLI, SDKs and sidecar read it. Fix: give the key another variable with SecretDelivery.outOfBand({ envVars: { \'api-token\': \'SECRET_DAPR_API_TOKEN\' } })',
    );
  });

  test('a reserved variable given in envVars whose derived name is reserved too gets a free suggestion', () => {
    expect(() => new DeclaredSecret(testChart(), 'ld', { keys: ['preload'], delivery: SecretDelivery.outOfBand({ envVars: { preload: 'PATH' } }) })).toThrow(
      "Fix: give the key another variable with SecretDelivery.outOfBand({ envVars: { 'preload': 'SECRET_LD_PRELOAD' } })",
    );
  });
});
