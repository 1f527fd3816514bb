import { DeclaredSecret, SecretKeyStyle, SecretResolver } from '../../../lib';
import { LocalEnvSecretStore } from '../../../lib/secrets/stores';
import { findObject, testChart } from '../../support/chart';
import { synthValid } from './support';

describe('LocalEnvSecretStore (development only)', () => {
  test('all props optional; a name/value store', () => {
    const chart = testChart();
    const store = new LocalEnvSecretStore(chart, 'env-secrets');
    expect(store.keyStyle).toBe(SecretKeyStyle.NAME_VALUE);
    expect(store.resolver).toBe(SecretResolver.SIDECAR);
    expect(store.kubernetesBacked).toBe(false);
    expect(store.isComponent).toBe(true);
    const obj = findObject(synthValid(chart), 'Component', 'env-secrets');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'env-secrets', namespace: 'default' },
      spec: { type: 'secretstores.local.env', version: 'v1', metadata: [] },
    });
    expect(obj).toMatchSnapshot();
  });

  test('prefix is passed through; secrets have one key, their name', () => {
    const chart = testChart();
    const store = new LocalEnvSecretStore(chart, 'env-secrets', { prefix: 'APP_SECRET_' });
    expect(new DeclaredSecret(chart, 'api-key', { store }).keys).toEqual(['api-key']);
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
});
