/**
 * A package-lock.json for a scratch project, made from the repository's own, so `npm install --offline`
 * installs it from the npm cache that `npm ci` filled.
 *
 * Without a lock npm resolves every range from the registry's full package documents, which `npm ci` never
 * fetches (it installs the tarballs its lock names); with one it only needs those tarballs. The scratch lock
 * holds what npm would install for the project's dependencies: the repository's tree entries reachable from
 * them, following `dependencies`, `optionalDependencies` and the peer dependencies not marked optional
 * (npm installs those, and leaves optional ones out), resolved as Node resolves them in that tree.
 * `npm install` then checks the lock against package.json and fails on anything missing.
 */

/** One entry of package-lock.json's `packages`. */
export interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly [field: string]: unknown;
}

/** A lockfileVersion 3 package-lock.json. */
export interface Lockfile {
  readonly name?: string;
  readonly version?: string;
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockEntry>;
  readonly [field: string]: unknown;
}

/** A dependency of the scratch project: its name there, and the repository tree entry it is installed from. */
export interface ScratchDependency {
  readonly name: string;
  /** The entry's path in the repository's lock, e.g. `node_modules/typescript-6` for an alias. */
  readonly from: string;
  readonly dev?: boolean;
}

/** The entry one folder up that Node would find `name` at from `from` (`''` is the project root). */
export function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up < 0 ? '' : base.slice(0, up);
  }
}

/** The dependencies npm installs for an entry: regular, optional, and peers not marked optional. */
export function installedDependencies(entry: LockEntry): { required: string[]; optional: string[] } {
  const optionalPeers = Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n);
  return {
    required: [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers.includes(n))],
    optional: Object.keys(entry.optionalDependencies ?? {}),
  };
}

/**
 * The scratch project's lock: its package.json fields `name` and `version`, `deps` taken from the
 * repository's tree, and `extra` entries (the packed tarball) whose dependencies resolve against the
 * repository root like the repository's own package does.
 */
export function scratchLock(repo: Lockfile, project: { name: string; version: string }, deps: readonly ScratchDependency[], extra: Record<string, LockEntry & { dev?: boolean }>): Lockfile {
  const source = { ...repo.packages };
  const out: Record<string, LockEntry> = {};
  // Each entry keeps its path in the repository's tree, but for the project's own dependencies (which may be
  // aliases there, such as typescript-6), which sit at node_modules/<name>.
  const queue: Array<{ at: string; from: string }> = [];
  // The repository's lock leaves out registry URLs (omit-lockfile-registry-resolved); without one npm asks
  // the registry's package document where the tarball is. With it, the cached tarball is found directly.
  const copy = (at: string, { name: alias, dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...entry }: LockEntry): LockEntry => ({
    ...entry,
    resolved: entry.resolved ?? registryTarball(typeof alias === 'string' ? alias : packageName(at), entry.version!),
  });

  for (const d of deps) {
    const entry = source[d.from];
    if (!entry) throw new Error(`${d.from} is not in the repository's package-lock.json`);
    out[`node_modules/${d.name}`] = copy(d.from, entry);
    queue.push({ at: `node_modules/${d.name}`, from: d.from });
  }
  for (const [name, entry] of Object.entries(extra)) {
    out[`node_modules/${name}`] = { ...entry };
    source[`node_modules/${name}`] = entry;
    queue.push({ at: `node_modules/${name}`, from: `node_modules/${name}` });
  }
  while (queue.length > 0) {
    const { at, from } = queue.shift()!;
    const { required, optional } = installedDependencies(out[at]);
    for (const [name, isOptional] of [...required.map((n) => [n, false] as const), ...optional.map((n) => [n, true] as const)]) {
      const found = resolveIn(source, from, name);
      if (!found) {
        if (isOptional) continue;
        throw new Error(`${at} needs ${name}, which the repository's package-lock.json does not hold`);
      }
      // Taken by another version (one of the project's own dependencies): nest it under the dependant.
      const taken = out[found] !== undefined && out[found].version !== source[found].version;
      const target = taken ? `${at}/node_modules/${name}` : found;
      if (out[target]) continue;
      out[target] = copy(found, source[found]);
      queue.push({ at: target, from: found });
    }
  }

  const root: LockEntry = {
    name: project.name,
    version: project.version,
    dependencies: Object.fromEntries([...deps.filter((d) => !d.dev).map((d) => [d.name, out[`node_modules/${d.name}`].version!]),
      ...Object.entries(extra).filter(([, e]) => !e.dev).map(([n, e]) => [n, e.resolved!])]),
    devDependencies: Object.fromEntries(deps.filter((d) => d.dev).map((d) => [d.name, out[`node_modules/${d.name}`].version!])),
  };
  const sorted = Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
  return { name: project.name, version: project.version, lockfileVersion: 3, requires: true, packages: { '': root, ...sorted } };
}

/** The package name of a tree path (`node_modules/a/node_modules/@s/b` is `@s/b`). */
export function packageName(treePath: string): string {
  return treePath.slice(treePath.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** The npm registry's tarball URL of `name@version`. */
export function registryTarball(name: string, version: string): string {
  return `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`;
}
