import { App, Chart, Testing } from 'cdk8s';
import {
  DaprApp, DeclaredSecret, HashicorpVaultSecretStore, HttpEndpoint, KubernetesSecretStore, RedisStateStore, SecretDelivery,
} from '../../lib';
import { unusedSecretProblems } from '../../lib/graph/secret-usage';
import { planPulumiRender } from '../../lib/pulumi';
import { EsoProvider, ExternalSecretStore, VaultAuth } from '../../lib/secrets/external';
import { renderErrors } from '../support/chart';

/** A chart `shop` in namespace `shop`, in its own App. */
function shop(): { app: App; chart: Chart } {
  const app = new App();
  return { app, chart: new Chart(app, 'shop', { namespace: 'shop' }) };
}

/** What the Pulumi renderer's plan reports, or '' when it plans. */
function pulumiErrors(app: App): string {
  try {
    planPulumiRender(app);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const UNUSED_DB = '[shop/db] keys: secret "db" is declared but nothing in the program references it. Fix: pass secret.keyRef(\'password\') to a component, Dapr resource or secret store, set a container\'s env with secret.envValue(workload, \'password\'), grant an app the read with secret.grantRead(app), remove it, or set externalConsumer: \'<who reads it>\' if something outside this program reads it';

describe('unusedSecretProblems', () => {
  const secret = { secretName: 'db', keys: ['username', 'password'] };

  test('nothing when every key is used', () => {
    expect(unusedSecretProblems(secret, new Set(['username', 'password']))).toEqual([]);
  });

  test('one problem for the whole secret when no key is used', () => {
    expect(unusedSecretProblems(secret, new Set()).map((p) => p.field)).toEqual(['keys']);
  });

  test('one problem per unused key when some are used', () => {
    expect(unusedSecretProblems(secret, new Set(['password']))).toEqual([{
      field: 'keys[username]',
      problem: 'key "username" of secret "db" is declared but nothing in the program references it',
      fix: 'pass secret.keyRef(\'username\') to a component, Dapr resource or secret store, set a container\'s env with secret.envValue(workload, \'username\'), remove the key, or set externalConsumer: \'<who reads it>\' if something outside this program reads it',
    }]);
  });

  test('none when something outside the program consumes it', () => {
    expect(unusedSecretProblems({ ...secret, externalConsumer: 'ingress-nginx' }, new Set())).toEqual([]);
  });
});

describe('a declared secret nothing uses is refused by both renderers', () => {
  test('a secret no component, resource, store, token or read uses', () => {
    const { app, chart } = shop();
    new DeclaredSecret(chart, 'db', { keys: ['password'] });
    expect(renderErrors(app)).toContain(UNUSED_DB);
    expect(pulumiErrors(app)).toContain(UNUSED_DB);
  });

  test('a key nothing uses, while another key of the secret is referenced', () => {
    const { app, chart } = shop();
    const db = new DeclaredSecret(chart, 'db', { store: new KubernetesSecretStore(chart, 'kubernetes-secrets'), keys: ['username', 'password', 'host'] });
    new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', components: [new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') })] });
    for (const errors of [renderErrors(app), pulumiErrors(app)]) {
      expect(errors).toContain('[shop/db] keys[username]: key "username" of secret "db" is declared but nothing in the program references it. Fix: pass secret.keyRef(\'username\')');
      expect(errors).toContain('[shop/db] keys[host]: key "host" of secret "db" is declared but nothing in the program references it.');
      expect(errors).not.toContain('keys[password]');
      expect(errors).not.toContain('[shop/db] keys:');
    }
  });

  test('externalConsumer opts out, for secrets something outside the program reads', () => {
    const { app, chart } = shop();
    new DeclaredSecret(chart, 'shop-tls', { type: 'kubernetes.io/tls', keys: ['tls.crt', 'tls.key'], externalConsumer: 'ingress-nginx (TLS of shop.example.com)' });
    expect(renderErrors(app)).toBe('');
    expect(pulumiErrors(app)).toBe('');
  });

  test('an unused secret does not fail a bare chart.toJson(): the check belongs to the render of the whole App', () => {
    const { chart } = shop();
    new DeclaredSecret(chart, 'db', { keys: ['password'] });
    expect(Testing.synth(chart)).toEqual([]);
  });
});

describe('each kind of use counts', () => {
  const cases: Array<[string, (chart: Chart) => void]> = [
    ['a component field (keyRef)', (chart) => {
      const db = new DeclaredSecret(chart, 'db', { keys: ['password'] });
      new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', components: [new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') })] });
    }],
    ['a Secrets API read (grantRead), for every key', (chart) => {
      const db = new DeclaredSecret(chart, 'db', { keys: ['username', 'password'] });
      db.grantRead(new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1' }));
    }],
    ['a Dapr resource (an HTTPEndpoint header)', (chart) => {
      const db = new DeclaredSecret(chart, 'db', { keys: ['password'] });
      new HttpEndpoint(chart, 'api', { baseUrl: 'https://api.example.com', headers: { Authorization: db.keyRef('password') }, unscoped: true });
    }],
    ["a Dapr secret store's own credential", (chart) => {
      const db = new DeclaredSecret(chart, 'db', { keys: ['password'] });
      new HashicorpVaultSecretStore(chart, 'vault', { unscoped: true, vaultAddr: 'https://vault.example.com:8200', vaultToken: db.keyRef('password') });
    }],
    ["an External Secrets Operator store's provider credential", (chart) => {
      const db = new DeclaredSecret(chart, 'db', { keys: ['password'] });
      new ExternalSecretStore(chart, 'vault-backend', { provider: EsoProvider.vault({ server: 'https://vault.example.com:8200', auth: VaultAuth.token(db.keyRef('password')) }) });
    }],
    ["a container's env of the user's own workload (envValue)", (chart) => {
      const db = new DeclaredSecret(chart, 'db', { keys: ['password'] });
      const app = new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1' });
      app.deployment.containers[0].env.addVariable('DB_PASSWORD', db.envValue(app, 'password'));
    }],
    ["an app's Dapr API tokens (apiToken, appToken)", (chart) => {
      const apiToken = new DeclaredSecret(chart, 'db', { keys: ['token'] });
      const appToken = new DeclaredSecret(chart, 'app-token', { keys: ['token'] });
      new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', apiToken, appToken });
    }],
  ];

  test.each(cases)('%s', (_name, build) => {
    const { app, chart } = shop();
    build(chart);
    expect(renderErrors(app)).toBe('');
    expect(pulumiErrors(app)).toBe('');
  });

  test('a keyRef taken but passed to nothing is no use', () => {
    const { app, chart } = shop();
    new DeclaredSecret(chart, 'db', { keys: ['password'] }).keyRef('password');
    expect(renderErrors(app)).toContain(UNUSED_DB);
  });

  test('a store-managed secret (outside Kubernetes) is checked the same way', () => {
    const { app, chart } = shop();
    const token = new DeclaredSecret(chart, 'vault-token', { keys: ['token'] });
    const vault = new HashicorpVaultSecretStore(chart, 'vault', { unscoped: true, vaultAddr: 'https://vault.example.com:8200', vaultToken: token.keyRef('token') });
    new DeclaredSecret(chart, 'db', { name: 'team/db', store: vault, keys: ['password'], delivery: SecretDelivery.storeManaged() });
    expect(renderErrors(app)).toContain('[shop/db] keys: secret "team/db" is declared but nothing in the program references it.');
  });
});
