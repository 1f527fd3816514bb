import { DeclaredSecret, SecretKeyStyle, SecretResolver } from '../../../lib';
import { LocalFileSecretStore } from '../../../lib/secrets/stores';
import { findObject, testChart } from '../../support/chart';
import { loadInApp, synthValid, thrown } from './support';

describe('LocalFileSecretStore (development only)', () => {
  test('a JSON file in the sidecar; single values by default', () => {
    const chart = testChart();
    const store = new LocalFileSecretStore(chart, 'local-secrets', { secretsFile: '/mnt/secrets/secrets.json' });
    expect(store.keyStyle).toBe(SecretKeyStyle.NAME_VALUE);
    expect(store.resolver).toBe(SecretResolver.SIDECAR);
    expect(store.kubernetesBacked).toBe(false);
    expect(store.component).toBe(store);
    expect(new DeclaredSecret(chart, 'api-key', { store }).keys).toEqual(['api-key']);
    loadInApp(chart, [store]);
    const obj = findObject(synthValid(chart), 'Component', 'local-secrets');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'local-secrets', namespace: 'default' },
      spec: { type: 'secretstores.local.file', version: 'v1', metadata: [{ name: 'secretsFile', value: '/mnt/secrets/secrets.json' }] },
      scopes: ['app'],
    });
    expect(obj).toMatchSnapshot();
  });

  test('multiValued makes a multi-key store; nestedSeparator is passed through', () => {
    const chart = testChart();
    const store = new LocalFileSecretStore(chart, 'local-secrets', { secretsFile: '/mnt/secrets/secrets.json', nestedSeparator: '.', multiValued: true });
    expect(store.keyStyle).toBe(SecretKeyStyle.MULTI_KEY);
    expect(new DeclaredSecret(chart, 'db', { store, keys: ['username', 'password'] }).keys).toEqual(['username', 'password']);
    loadInApp(chart, [store]);
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

  test('multiValued must be a boolean (for JavaScript callers)', () => {
    expect(() => new LocalFileSecretStore(testChart(), 'f', { secretsFile: '/s.json', multiValued: 'true' as any })).toThrow(
      '[test/f] multiValued: expected a boolean, got "true". Fix: pass true or false',
    );
  });

  test('secret names are property paths of the file, joined with nestedSeparator', () => {
    const chart = testChart();
    const flat = new LocalFileSecretStore(chart, 'local-secrets', { secretsFile: '/mnt/secrets/secrets.json' });
    expect(flat.nestedSeparator).toBe(':');
    const names = ['redis:password', 'kafka:sasl:password', 'REDIS_PASSWORD', 'hosts:0', 'Redis Password', 'prod/task-api/redis'];
    names.forEach((name, i) => {
      expect(flat.secretNameProblem(name)).toBeUndefined();
      expect(new DeclaredSecret(chart, `flat-${i}`, { store: flat, name }).keys).toEqual([name]);
    });
    const dotted = new LocalFileSecretStore(chart, 'dotted', { secretsFile: '/mnt/secrets/secrets.json', nestedSeparator: '.' });
    expect(new DeclaredSecret(chart, 'dotted-redis', { store: dotted, name: 'redis.password' }).secretName).toBe('redis.password');
    // multiValued: a secret is a top-level property, its keys the flattened nested properties.
    const multi = new LocalFileSecretStore(chart, 'multi', { secretsFile: '/mnt/secrets/secrets.json', multiValued: true });
    expect(new DeclaredSecret(chart, 'multi-redis', { store: multi, name: 'redis', keys: ['password', 'tls:ca'] }).keys).toEqual(['password', 'tls:ca']);
  });

  test('an empty name, or one with a control character, is refused where it is declared', () => {
    const chart = testChart();
    const flat = new LocalFileSecretStore(chart, 'local-secrets', { secretsFile: '/mnt/secrets/secrets.json' });
    expect(thrown(() => new DeclaredSecret(chart, 'a', { store: flat, name: '' }))).toBe(
      '[test/a] name: store "local-secrets" cannot hold a secret named "": a secret name is a property of the secrets file and must be non-empty, without control characters. Fix: use the property\'s path, such as "redis:password"',
    );
    const multi = new LocalFileSecretStore(chart, 'multi', { secretsFile: '/mnt/secrets/secrets.json', multiValued: true });
    expect(thrown(() => new DeclaredSecret(chart, 'b', { store: multi, name: 'redis\n', keys: ['password'] }))).toBe(
      '[test/b] name: store "multi" cannot hold a secret named "redis\\n": a secret name is a property of the secrets file and must be non-empty, without control characters. Fix: use the top-level property\'s name, such as "redis"',
    );
  });

  test('a flattened name with an empty part between separators is refused where it is declared', () => {
    const chart = testChart();
    const flat = new LocalFileSecretStore(chart, 'local-secrets', { secretsFile: '/mnt/secrets/secrets.json' });
    expect(thrown(() => new DeclaredSecret(chart, 'a', { store: flat, name: 'redis::password' }))).toBe(
      '[test/a] name: store "local-secrets" cannot hold a secret named "redis::password": daprd joins nested property names with nestedSeparator ":", so this name has an empty property name in it. Fix: use the property\'s path, such as "redis:password"',
    );
    const dotted = new LocalFileSecretStore(chart, 'dotted', { secretsFile: '/mnt/secrets/secrets.json', nestedSeparator: '.' });
    expect(thrown(() => new DeclaredSecret(chart, 'b', { store: dotted, name: '.redis.password' }))).toContain('with nestedSeparator ".", so this name has an empty property name in it. Fix: use the property\'s path, such as "redis.password"');
    // A top-level property of a multiValued file may hold the separator: there is nothing to flatten.
    const multi = new LocalFileSecretStore(chart, 'multi', { secretsFile: '/mnt/secrets/secrets.json', multiValued: true });
    expect(new DeclaredSecret(chart, 'c', { store: multi, name: 'legacy::redis', keys: ['password'] }).secretName).toBe('legacy::redis');
  });
});
