import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { findLeaks, makeCanary, scanTree } from '../../lib/scan';
import { rsaController, TestController } from '../secrets/sealing/support/keys';
import { unsealValue } from '../secrets/sealing/support/unseal';
import { Lockfile, ScratchDependency, scratchLock } from './support/offline-lock';

/**
 * The package as a new user gets it (end-to-end set: `npm run test:e2e`, also run by .ci/run): `npm pack`
 * in a copy of the repository (prepack builds build/ with tsc), then a fresh project beside it that installs
 * the tarball and what the README's "Use it in your own project" section installs, with no network
 * (`npm install --offline`, from the npm cache `npm ci` filled; see support/offline-lock.ts), once with
 * TypeScript 5.9 and once with TypeScript 6. There a small program written against the README type-checks
 * with the README's tsconfig.json, `npx dapr-secure seal` seals a key against it, and `npx cdk8s synth`
 * writes a SealedSecret that decrypts to that value.
 */

const REPO = path.resolve(__dirname, '..', '..');
const repoLock: Lockfile = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));
const repoPackage = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

/** What packing needs from the repository (the rest of the project is not read by `npm pack`). */
const PACKED_FROM = ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'lib', 'bin'];

function run(cwd: string, command: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The output of a command that must succeed, or an error carrying both of its streams. */
function ok(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The README's tsconfig.json for a project of its own (CommonJS output, Node 16+ module resolution). */
const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'] },
  include: ['*.ts'],
};

/** The program, as the README's section writes it: the app in app.ts, synthesized by main.ts. */
const APP_TS = `import { App, Chart } from 'cdk8s';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, RedisStateStore, SecretDelivery } from 'dapr-secure-constructs';

export function buildApp(): App {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
  const redis = new DeclaredSecret(chart, 'redis-password', {
    store,
    keys: ['password'],
    delivery: SecretDelivery.sealed({ sealedFile: 'secrets/sealed.json', certificate: 'secrets/sealing-cert.pem' }),
  });
  const statestore = new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: redis.keyRef('password') });
  new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1.0.0', components: [statestore] });
  return app;
}
`;
const MAIN_TS = `import { synthesize } from 'dapr-secure-constructs';
import { buildApp } from './app';

synthesize(buildApp(), { outdir: 'dist' });
`;
const CDK8S_YAML = `language: typescript
app: npx tsx main.ts
output: dist
validations:
  - package: ./node_modules/dapr-secure-constructs/bin/cdk8s-validation.js
    version: ${repoPackage.version}
    class: DaprSecureValidation
`;

let root: string;
let packed: { filename: string; files: Array<{ path: string }>; integrity: string };
let controller: TestController;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'packed-'));
  const source = path.join(root, 'source');
  fs.mkdirSync(source);
  for (const entry of PACKED_FROM) fs.cpSync(path.join(REPO, entry), path.join(source, entry), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(source, 'node_modules'));
  [packed] = JSON.parse(ok(run(source, 'npm', ['pack', '--json', '--pack-destination', root]), 'npm pack'));
  controller = rsaController();
}, 300_000);

/**
 * A fresh project under the run's folder with the README's files and install: the packed tarball, cdk8s,
 * cdk8s-plus-28 and constructs, and as devDependencies TypeScript (the repository tree's `typescriptEntry`),
 * @types/node and cdk8s-cli, plus `more` dependencies; installed with `npm install --offline`.
 */
function newProject(name: string, typescriptEntry: string, more: string[] = []): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'secrets'), { recursive: true });
  const project = { name: 'my-dapr-app', version: '1.0.0' };
  // The README's install commands, with the versions this repository's lock pins (the cache holds those).
  const deps: ScratchDependency[] = [
    ...['cdk8s', 'cdk8s-plus-28', 'constructs', ...more].map((n) => ({ name: n, from: `node_modules/${n}` })),
    { name: 'typescript', from: typescriptEntry, dev: true },
    { name: '@types/node', from: 'node_modules/@types/node', dev: true },
    { name: 'cdk8s-cli', from: 'node_modules/cdk8s-cli', dev: true },
  ];
  const lock = scratchLock(repoLock, project, deps, {
    'dapr-secure-constructs': {
      version: repoPackage.version,
      resolved: `file:../${packed.filename}`,
      integrity: packed.integrity,
      license: repoPackage.license,
      dependencies: repoPackage.dependencies,
      peerDependencies: repoPackage.peerDependencies,
      peerDependenciesMeta: repoPackage.peerDependenciesMeta,
      bin: repoPackage.bin,
      engines: repoPackage.engines,
    },
  });
  const spec = (d: { name: string }) => lock.packages[`node_modules/${d.name}`].version!;
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({
    ...project,
    private: true,
    'dapr-secure': { app: 'app.ts#buildApp' },
    dependencies: { 'dapr-secure-constructs': `file:../${packed.filename}`, ...Object.fromEntries(deps.filter((d) => !d.dev).map((d) => [d.name, spec(d)])) },
    devDependencies: Object.fromEntries(deps.filter((d) => d.dev).map((d) => [d.name, spec(d)])),
  }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'app.ts'), APP_TS);
  fs.writeFileSync(path.join(dir, 'main.ts'), MAIN_TS);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), CDK8S_YAML);
  fs.writeFileSync(path.join(dir, 'secrets', 'sealing-cert.pem'), controller.certificatePem);
  ok(run(dir, 'npm', ['install', '--offline']), 'npm install --offline');
  return dir;
}

/** The names of the packages `npm ls` finds installed (it lists optional peers it left out as empty entries). */
function installedPackages(dir: string): string[] {
  const installed: string[] = [];
  const walk = (deps: Record<string, { version?: string; dependencies?: Record<string, any> }> = {}) => {
    for (const [name, d] of Object.entries(deps)) {
      if (d.version) installed.push(name);
      walk(d.dependencies);
    }
  };
  walk(JSON.parse(ok(run(dir, 'npm', ['ls', '--all', '--json']), 'npm ls')).dependencies);
  return installed;
}

test('npm pack ships the compiled library with its declarations, both commands and the README, and no tests, app or dist/', () => {
  const files = packed.files.map((f) => f.path);
  for (const f of ['package.json', 'README.md', 'bin/dapr-secure.js', 'bin/cdk8s-validation.js', 'build/lib/index.js', 'build/lib/index.d.ts',
    'build/lib/pulumi/index.js', 'build/lib/pulumi/index.d.ts', 'build/lib/cli/main.js', 'build/lib/gitops/cdk8s-validation.js']) {
    expect(files).toContain(f);
  }
  expect(files.filter((f) => /^(test|app|dist|pulumi|scripts|secrets|docs)\/|^main\.ts$|^build\/(?!lib\/)/.test(f))).toEqual([]);
  expect(fs.readFileSync(path.join(root, 'source', 'build', 'lib', 'index.d.ts'), 'utf8')).not.toContain('@internal');
});

describe.each([
  ['5.9', 'node_modules/typescript'],
  ['6', 'node_modules/typescript-6'],
])('a new project with TypeScript %s', (label, typescriptEntry) => {
  let dir: string;

  beforeAll(() => {
    dir = newProject(`ts-${label}`, typescriptEntry);
  }, 300_000);

  test('installs offline from the tarball, with the TypeScript asked for and no @pulumi package', () => {
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'typescript', 'package.json'), 'utf8')).version).toMatch(new RegExp(`^${label.replace('.', '\\.')}\\.`));
    expect(fs.existsSync(path.join(dir, 'node_modules', 'dapr-secure-constructs', 'build', 'lib', 'index.js'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'node_modules', '@pulumi'))).toBe(false);
    const installed = installedPackages(dir);
    expect(installed).toContain('cdk8s-plus-28');
    expect(installed.filter((n) => n.startsWith('@pulumi/'))).toEqual([]);
  });

  test('the program type-checks with the README\'s tsconfig.json, and a string for a sensitive field does not', () => {
    expect(ok(run(dir, 'npx', ['tsc', '--noEmit']), 'tsc --noEmit')).toBe('');
    fs.writeFileSync(path.join(dir, 'bad.ts'), APP_TS.replace("redis.keyRef('password')", "'plain-password'"));
    try {
      const bad = run(dir, 'npx', ['tsc', '--noEmit']);
      expect(bad.status).toBe(2);
      expect(bad.stdout).toMatch(/^bad\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'SecretKeyRef'/);
    } finally {
      fs.rmSync(path.join(dir, 'bad.ts'));
    }
  });

  test('npx dapr-secure seal seals a value from stdin against the program, and npx cdk8s synth writes a SealedSecret that decrypts to it', () => {
    const canary = makeCanary(`ts${label.replace('.', '')}-redis-password`);
    const seal = run(dir, 'npx', ['dapr-secure', 'seal', '--namespace', 'shop', '--secret', 'redis-password', '--key', 'password'], { input: canary });
    expect({ status: seal.status, stderr: seal.stderr }).toEqual({ status: 0, stderr: '' });
    expect(seal.stdout).toMatch(/^sealed key "password" of shop\/redis-password \(scope strict, certificate sha256:[0-9a-f]{16}…\) into secrets\/sealed\.json\n$/);

    const synth = run(dir, 'npx', ['cdk8s', 'synth']);
    expect(synth.status).toBe(0);
    expect(synth.stdout).toContain('Validations ended succesfully');
    expect(synth.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
    const objects = parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    const sealed = objects.find((o) => o.kind === 'SealedSecret' && o.metadata.name === 'redis-password');
    expect(unsealValue(controller.privateKey, sealed.spec.encryptedData.password, 'shop/redis-password').toString('utf8') === canary).toBe(true);
    const statestore = objects.find((o) => o.kind === 'Component' && o.metadata.name === 'statestore');
    expect(statestore.spec.metadata).toContainEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis-password', key: 'password' } });

    expect(findLeaks([seal.stdout, seal.stderr, synth.stdout, synth.stderr].join('\n'), { canary })).toEqual([]);
    expect(scanTree(path.join(dir, 'dist'), { canary })).toEqual([]);
    expect(scanTree(path.join(dir, 'secrets'), { canary })).toEqual([]);
  });
});

describe('a new project that asks for the Pulumi renderer', () => {
  test('installs @pulumi/pulumi and @pulumi/kubernetes beside it, and dapr-secure-constructs/pulumi loads and type-checks', () => {
    const dir = newProject('pulumi', 'node_modules/typescript', ['@pulumi/pulumi', '@pulumi/kubernetes']);
    expect(installedPackages(dir)).toEqual(expect.arrayContaining(['@pulumi/pulumi', '@pulumi/kubernetes']));
    fs.writeFileSync(path.join(dir, 'index.ts'), `import { renderToPulumi } from 'dapr-secure-constructs/pulumi';
import { buildApp } from './app';

export const rendering = renderToPulumi(buildApp());
`);
    expect(ok(run(dir, 'npx', ['tsc', '--noEmit']), 'tsc --noEmit')).toBe('');
    expect(ok(run(dir, 'node', ['-e', "process.stdout.write(typeof require('dapr-secure-constructs/pulumi').renderToPulumi)"]), 'require')).toBe('function');
  });
});
