import { installedDependencies, LockEntry, Lockfile, packageName, registryTarball, resolveIn, scratchLock } from './offline-lock';

/** A repository tree: a hoisted `b`, a nested older `b` under `c`, an alias, an optional peer. */
const REPO: Lockfile = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'repo', dependencies: { a: '1.0.0' } },
    'node_modules/a': { version: '1.0.0', dependencies: { b: '^2.0.0', c: '^1.0.0' }, peerDependencies: { p: '^1.0.0', q: '^1.0.0' }, peerDependenciesMeta: { q: { optional: true } } },
    'node_modules/b': { version: '2.1.0', dev: true },
    'node_modules/c': { version: '1.0.0', dependencies: { b: '^1.0.0' }, optionalDependencies: { gone: '^1.0.0' } },
    'node_modules/c/node_modules/b': { version: '1.5.0' },
    'node_modules/p': { version: '1.2.0' },
    'node_modules/q': { version: '1.0.0' },
    'node_modules/@s/t': { version: '3.0.0', dependencies: { b: '^2.0.0' } },
    'node_modules/t-next': { name: '@s/t', version: '4.0.0' },
  },
};

describe('resolveIn', () => {
  test('finds a package in the nearest node_modules up the tree, as Node does', () => {
    expect(resolveIn(REPO.packages, 'node_modules/c', 'b')).toBe('node_modules/c/node_modules/b');
    expect(resolveIn(REPO.packages, 'node_modules/a', 'b')).toBe('node_modules/b');
    expect(resolveIn(REPO.packages, 'node_modules/c/node_modules/b', 'p')).toBe('node_modules/p');
    expect(resolveIn(REPO.packages, '', '@s/t')).toBe('node_modules/@s/t');
    expect(resolveIn(REPO.packages, 'node_modules/a', 'missing')).toBeUndefined();
  });
});

describe('installedDependencies', () => {
  test('dependencies and peers npm installs are required; optional peers are left out; optional dependencies may be missing', () => {
    expect(installedDependencies(REPO.packages['node_modules/a'])).toEqual({ required: ['b', 'c', 'p'], optional: [] });
    expect(installedDependencies(REPO.packages['node_modules/c'])).toEqual({ required: ['b'], optional: ['gone'] });
  });
});

describe('names and URLs', () => {
  test('the package name of a tree path, and its registry tarball (scoped names keep the scope in the path only)', () => {
    expect(packageName('node_modules/c/node_modules/b')).toBe('b');
    expect(packageName('node_modules/@s/t')).toBe('@s/t');
    expect(registryTarball('@s/t', '3.0.0')).toBe('https://registry.npmjs.org/@s/t/-/t-3.0.0.tgz');
    expect(registryTarball('b', '2.1.0')).toBe('https://registry.npmjs.org/b/-/b-2.1.0.tgz');
  });
});

describe('scratchLock', () => {
  const extra: Record<string, LockEntry> = { pkg: { version: '0.1.0', resolved: 'file:../pkg-0.1.0.tgz', integrity: 'sha512-x', dependencies: { a: '1.0.0' } } };

  test('holds what the dependencies reach, at their paths, with registry URLs and without the repository\'s flags', () => {
    const lock = scratchLock(REPO, { name: 'user', version: '1.0.0' }, [], extra);
    expect(Object.keys(lock.packages)).toEqual(['', 'node_modules/a', 'node_modules/b', 'node_modules/c', 'node_modules/c/node_modules/b', 'node_modules/p', 'node_modules/pkg']);
    expect(lock.packages['node_modules/b']).toEqual({ version: '2.1.0', resolved: 'https://registry.npmjs.org/b/-/b-2.1.0.tgz' });
    expect(lock.packages['node_modules/pkg']).toEqual(extra.pkg);
    expect(lock.packages['']).toEqual({ name: 'user', version: '1.0.0', dependencies: { pkg: 'file:../pkg-0.1.0.tgz' }, devDependencies: {} });
    expect(lock).toMatchObject({ name: 'user', version: '1.0.0', lockfileVersion: 3 });
  });

  test('an alias is installed under the name asked for; a dependency it displaces is nested under its dependant', () => {
    const lock = scratchLock(REPO, { name: 'user', version: '1.0.0' }, [{ name: 'b', from: 'node_modules/c/node_modules/b', dev: true }, { name: '@s/t', from: 'node_modules/t-next' }], extra);
    expect(lock.packages['node_modules/b'].version).toBe('1.5.0');
    expect(lock.packages['node_modules/a/node_modules/b'].version).toBe('2.1.0');
    expect(lock.packages['node_modules/@s/t']).toEqual({ version: '4.0.0', resolved: 'https://registry.npmjs.org/@s/t/-/t-4.0.0.tgz' });
    expect(lock.packages['']).toMatchObject({ dependencies: { '@s/t': '4.0.0', pkg: 'file:../pkg-0.1.0.tgz' }, devDependencies: { b: '1.5.0' } });
  });

  test('a required dependency the repository does not hold is an error naming both', () => {
    expect(() => scratchLock(REPO, { name: 'user', version: '1.0.0' }, [], { pkg: { version: '0.1.0', dependencies: { absent: '^1.0.0' } } }))
      .toThrow('node_modules/pkg needs absent, which the repository\'s package-lock.json does not hold');
  });
});
