import { DeclaredSecret, SecretKeyStyle, SecretResolver } from '../../../lib';
import { LocalEnvSecretStore } from '../../../lib/secrets/stores';
import { findObject, testChart } from '../../support/chart';
import { loadInApp, synthValid, thrown } from './support';

describe('LocalEnvSecretStore (development only)', () => {
  test('all props optional; a name/value store', () => {
    const chart = testChart();
    const store = new LocalEnvSecretStore(chart, 'env-secrets');
    expect(store.keyStyle).toBe(SecretKeyStyle.NAME_VALUE);
    expect(store.resolver).toBe(SecretResolver.SIDECAR);
    expect(store.kubernetesBacked).toBe(false);
    expect(store.component).toBe(store);
    loadInApp(chart, [store]);
    const obj = findObject(synthValid(chart), 'Component', 'env-secrets');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'env-secrets', namespace: 'default' },
      spec: { type: 'secretstores.local.env', version: 'v1', metadata: [] },
      scopes: ['app'],
    });
    expect(obj).toMatchSnapshot();
  });

  test('prefix is passed through; secrets have one key, their name', () => {
    const chart = testChart();
    const store = new LocalEnvSecretStore(chart, 'env-secrets', { prefix: 'APP_SECRET_' });
    expect(new DeclaredSecret(chart, 'api-key', { store }).keys).toEqual(['api-key']);
    loadInApp(chart, [store]);
    expect(findObject(synthValid(chart), 'Component', 'env-secrets').spec.metadata).toEqual([{ name: 'prefix', value: 'APP_SECRET_' }]);
  });

  test('a prefix daprd would never read from is refused', () => {
    expect(() => new LocalEnvSecretStore(testChart(), 'e', { prefix: 'dapr_' })).toThrow(
      '[test/e] prefix: daprd never reads variables starting with DAPR_, so prefix "dapr_" hides every secret. Fix: choose another prefix, such as \'APP_SECRET_\'',
    );
    expect(() => new LocalEnvSecretStore(testChart(), 'e', { prefix: '1X' })).toThrow(
      '[test/e] prefix: "1X" is not the start of an environment variable name',
    );
  });

  test('secret names are the variables daprd reads, after the prefix', () => {
    const chart = testChart();
    const plain = new LocalEnvSecretStore(chart, 'env-secrets');
    for (const name of ['REDIS_PASSWORD', 'redis_password', '_TOKEN', 'kafka.sasl-password']) {
      expect(plain.secretNameProblem(name)).toBeUndefined();
      expect(new DeclaredSecret(chart, `plain-${name}`, { store: plain, name }).keys).toEqual([name]);
    }
    expect(plain.variableFor('REDIS_PASSWORD')).toBe('REDIS_PASSWORD');
    const prefixed = new LocalEnvSecretStore(chart, 'prefixed', { prefix: 'APP_SECRET_' });
    expect(prefixed.variableFor('REDIS_PASSWORD')).toBe('APP_SECRET_REDIS_PASSWORD');
    // After a prefix the name may start with a digit, and DAPR_ is no longer at the start.
    for (const name of ['REDIS_PASSWORD', '1ST_TOKEN', 'DAPR_STYLE_NAME']) expect(prefixed.secretNameProblem(name)).toBeUndefined();
  });

  test('a name that is no variable name is refused where it is declared', () => {
    const chart = testChart();
    const plain = new LocalEnvSecretStore(chart, 'env-secrets');
    expect(thrown(() => new DeclaredSecret(chart, 'redis', { store: plain, name: 'redis:password' }))).toBe(
      '[test/redis] name: store "env-secrets" cannot hold a secret named "redis:password": daprd reads it from the environment variable "redis:password", which is not a variable name (letters, digits, "_", "." and "-", not starting with a digit). Fix: use a name such as "REDIS_PASSWORD"',
    );
    expect(thrown(() => new DeclaredSecret(chart, 'a', { store: plain, name: '1ST_TOKEN' }))).toContain('variable "1ST_TOKEN", which is not a variable name (letters, digits, "_", "." and "-", not starting with a digit). Fix: use a name such as "_1ST_TOKEN"');
    expect(thrown(() => new DeclaredSecret(chart, 'b', { store: plain, name: 'REDIS=PASSWORD' }))).toContain('Fix: use a name such as "REDIS_PASSWORD"');
    const prefixed = new LocalEnvSecretStore(chart, 'prefixed', { prefix: 'APP_SECRET_' });
    expect(thrown(() => new DeclaredSecret(chart, 'c', { store: prefixed, name: 'redis password' }))).toContain(
      'daprd reads it from the environment variable "APP_SECRET_redis password", which is not a variable name',
    );
    expect(thrown(() => new DeclaredSecret(chart, 'd', { store: prefixed, name: '' }))).toContain('cannot hold a secret named "": daprd reads it from the environment variable "APP_SECRET_", which is not a variable name');
  });

  test('a variable daprd refuses to read (APP_API_TOKEN, DAPR_*) is refused where it is declared', () => {
    const chart = testChart();
    const plain = new LocalEnvSecretStore(chart, 'env-secrets');
    expect(thrown(() => new DeclaredSecret(chart, 'token', { store: plain, name: 'DAPR_API_TOKEN' }))).toBe(
      '[test/token] name: store "env-secrets" cannot hold a secret named "DAPR_API_TOKEN": daprd never reads the variable "DAPR_API_TOKEN": it refuses APP_API_TOKEN and every variable starting with DAPR_. Fix: choose another name, such as "APP_SECRET_API_TOKEN"',
    );
    expect(thrown(() => new DeclaredSecret(chart, 'app', { store: plain, name: 'app_api_token' }))).toContain('daprd never reads the variable "app_api_token"');
    expect(thrown(() => new DeclaredSecret(chart, 'lower', { store: plain, name: 'dapr_http_port' }))).toContain('daprd never reads the variable "dapr_http_port"');
  });
});
