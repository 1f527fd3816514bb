import { DeclaredSecret, SecretKeyStyle, SecretResolver } from '../../../lib';
import { LocalFileSecretStore } from '../../../lib/secrets/stores';
import { findObject, testChart } from '../../support/chart';
import { synthValid } from './support';

describe('LocalFileSecretStore (development only)', () => {
  test('a JSON file in the sidecar; single values by default', () => {
    const chart = testChart();
    const store = new LocalFileSecretStore(chart, 'local-secrets', { secretsFile: '/mnt/secrets/secrets.json' });
    expect(store.keyStyle).toBe(SecretKeyStyle.NAME_VALUE);
    expect(store.resolver).toBe(SecretResolver.SIDECAR);
    expect(store.kubernetesBacked).toBe(false);
    expect(store.isComponent).toBe(true);
    expect(new DeclaredSecret(chart, 'api-key', { store }).keys).toEqual(['api-key']);
    const obj = findObject(synthValid(chart), 'Component', 'local-secrets');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'local-secrets', namespace: 'default' },
      spec: { type: 'secretstores.local.file', version: 'v1', metadata: [{ name: 'secretsFile', value: '/mnt/secrets/secrets.json' }] },
    });
    expect(obj).toMatchSnapshot();
  });

  test('multiValued makes a multi-key store; nestedSeparator is passed through', () => {
    const chart = testChart();
    const store = new LocalFileSecretStore(chart, 'local-secrets', { secretsFile: '/mnt/secrets/secrets.json', nestedSeparator: '.', multiValued: true });
    expect(store.keyStyle).toBe(SecretKeyStyle.MULTI_KEY);
    expect(new DeclaredSecret(chart, 'db', { store, keys: ['username', 'password'] }).keys).toEqual(['username', 'password']);
    expect(findObject(synthValid(chart), 'Component', 'local-secrets').spec.metadata).toEqual([
      { name: 'secretsFile', value: '/mnt/secrets/secrets.json' },
      { name: 'nestedSeparator', value: '.' },
      { name: 'multiValued', value: 'true' },
    ]);
  });

  test('secretsFile must be an absolute path; nestedSeparator must not be empty', () => {
    expect(() => new LocalFileSecretStore(testChart(), 'f', { secretsFile: 'secrets.json' })).toThrow(
      '[test/f] secretsFile: "secrets.json" is not an absolute path. Fix: give the file\'s path inside the daprd container, such as \'/mnt/secrets/secrets.json\'',
    );
    expect(() => new LocalFileSecretStore(testChart(), 'f', { secretsFile: '/s.json', nestedSeparator: '' })).toThrow(
      '[test/f] nestedSeparator: expected a non-empty string, got "". Fix: pass a separator such as \':\' or leave nestedSeparator out',
    );
  });
});
