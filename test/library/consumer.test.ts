import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { formatDiagnostics, readProject, REPO, sharedCompilerHost } from '../support/typescript';

/**
 * The project's one type-check, and the compiled package used as a library.
 *
 * Jest compiles each file without type-checking (tsconfig.json sets isolatedModules), so this file runs
 * what `tsc --noEmit -p .` runs, over every file tsconfig.json includes (lib, app, main.ts, pulumi, scripts
 * and the tests), and what Pulumi's host would check pulumi/ with (pulumi/tsconfig.json). The same program
 * emits lib/ as `npm run build` does (tsconfig.build.json: declarations, stripInternal) into a consumer
 * folder, whose node_modules holds that package and the project's dependencies. The packed tarball in a
 * fresh project, with the TypeScript versions a user may have, is test/e2e/packed-package.e2e.ts (npm run test:e2e).
 */

const hostFor = sharedCompilerHost();
let project: ts.Program;
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
  const build = readProject(path.join(REPO, 'tsconfig.build.json'));
  const { rootNames, options } = readProject(path.join(REPO, 'tsconfig.json'), {
    noEmit: false, outDir: path.join(root, 'pkg', 'build'), rootDir: REPO, declaration: true, stripInternal: build.options.stripInternal, sourceMap: false,
  });
  project = ts.createProgram({ rootNames, options, host: hostFor(options) });
  const lib = path.join(REPO, 'lib') + path.sep;
  for (const file of project.getSourceFiles()) {
    if (file.fileName.startsWith(lib.split(path.sep).join('/')) || path.resolve(file.fileName).startsWith(lib)) project.emit(file);
  }
  fs.writeFileSync(path.join(root, 'pkg', 'package.json'), fs.readFileSync(path.join(REPO, 'package.json')));
  fs.mkdirSync(path.join(root, 'node_modules'));
  for (const dep of fs.readdirSync(path.join(REPO, 'node_modules'))) {
    fs.symlinkSync(path.join(REPO, 'node_modules', dep), path.join(root, 'node_modules', dep));
  }
  fs.symlinkSync(path.join(root, 'pkg'), path.join(root, 'node_modules', 'dapr-secure-constructs'));
}, 120_000);

describe('the project type-checks', () => {
  test('every file tsconfig.json includes, as `tsc --noEmit -p .` checks it', () => {
    expect(project.getRootFileNames().some((f) => f.endsWith('test/library/consumer.test.ts'))).toBe(true);
    expect(formatDiagnostics(ts.getPreEmitDiagnostics(project))).toBe('');
  });

  // The files pulumi/ imports (app/, lib/) were checked above with the same options but for `types`, so
  // only pulumi/'s own files are checked again here, without Jest's globals.
  test('pulumi/, with the options of pulumi/tsconfig.json, which Pulumi\'s host compiles the program with', () => {
    const { rootNames, options } = readProject(path.join(REPO, 'pulumi', 'tsconfig.json'));
    expect(rootNames.map((f) => path.relative(REPO, f))).toContain(path.join('pulumi', 'index.ts'));
    const { options: projectOptions } = readProject(path.join(REPO, 'tsconfig.json'));
    expect({ ...options, configFilePath: undefined, types: undefined }).toEqual({ ...projectOptions, configFilePath: undefined, types: undefined });
    expect(options.types).toEqual(['node']);
    const pulumi = ts.createProgram({ rootNames, options, host: hostFor(options) });
    const own = rootNames.map((f) => pulumi.getSourceFile(f)!);
    expect(formatDiagnostics(own.flatMap((f) => ts.getPreEmitDiagnostics(pulumi, f)))).toBe('');
  });

  test('a type error is reported, in the project\'s files and in pulumi/\'s own (positive controls)', () => {
    const options = { ...project.getCompilerOptions(), noEmit: true, rootDir: undefined, outDir: undefined };
    const bad = path.join(root, 'bad.ts');
    fs.writeFileSync(bad, `import { RedisStateStore } from ${JSON.stringify(path.join(REPO, 'lib'))};\nexport const n: number = 'not a number';\nexport type T = RedisStateStore;\n`);
    const program = ts.createProgram({ rootNames: [bad], options, host: hostFor(options) });
    expect(formatDiagnostics(ts.getPreEmitDiagnostics(program, program.getSourceFile(bad)), root)).toMatch(/^bad\.ts\(2,14\): error TS2322: Type 'string' is not assignable to type 'number'\./);

    // pulumi/'s check has no Jest globals, and reports what it finds.
    const { options: pulumiOptions } = readProject(path.join(REPO, 'pulumi', 'tsconfig.json'));
    const usesJest = path.join(root, 'uses-jest.ts');
    fs.writeFileSync(usesJest, 'export const e: typeof expect = undefined as any;\n');
    const pulumi = ts.createProgram({ rootNames: [usesJest], options: pulumiOptions, host: hostFor(pulumiOptions) });
    expect(formatDiagnostics(ts.getPreEmitDiagnostics(pulumi, pulumi.getSourceFile(usesJest)), root)).toMatch(/^uses-jest\.ts\(1,24\): error TS2304: Cannot find name 'expect'\./);
  });
});

describe('used as a library', () => {
  test('the compiled package synthesizes a consumer program in plain JavaScript', () => {
    const dir = fs.mkdtempSync(path.join(root, 'js-'));
    fs.writeFileSync(path.join(dir, 'program.js'), `
      const { App, Chart } = require('cdk8s');
      const lib = require('dapr-secure-constructs');
      const app = new App();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const db = new lib.DeclaredSecret(chart, 'db', { keys: ['password'] });
      const cache = new lib.RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
      new lib.DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', components: [cache] });
      try {
        // In a scratch App: a constructor that throws leaves its half-built construct in the tree.
        new lib.RedisStateStore(new Chart(new App(), 'shop', { namespace: 'shop' }), 'bad', { redisHost: 'redis:6379', redisPassword: 'plain' });
      } catch (e) { console.log('refused: ' + e.message.split(':')[0]); }
      lib.synthesize(app, { outdir: 'out' });
      console.log('pulumi renderer: ' + typeof require('dapr-secure-constructs/pulumi').renderToPulumi);
    `);
    const result = spawnSync(process.execPath, ['program.js'], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(['refused: [shop/bad] spec.metadata[redisPassword]', 'pulumi renderer: function']);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['create-secrets.sh', 'kustomization.yaml', 'shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(dir, 'out', 'shop.k8s.yaml'), 'utf8')).toContain('secretKeyRef:\n        key: password\n        name: db');
  });

  test('the package ships no internal declarations (stripInternal) and no test or app files', () => {
    const build = path.join(root, 'pkg', 'build');
    expect(fs.readdirSync(build)).toEqual(['lib']);
    expect(fs.existsSync(path.join(build, 'lib', 'index.d.ts'))).toBe(true);
    expect(fs.readFileSync(path.join(build, 'lib', 'index.d.ts'), 'utf8')).not.toContain('@internal');
  });

  // `pulumi new typescript` projects resolve modules with "node" (which ignores package.json exports); newer ones use node16.
  // The target is the project's, so the declarations already parsed for the project's program are reused.
  test.each(['node', 'node16'])('a TypeScript Pulumi program type-checks against the package with moduleResolution %s, and a string for a sensitive field does not', (moduleResolution) => {
    const dir = fs.mkdtempSync(path.join(root, `ts-${moduleResolution}-`));
    const module = moduleResolution === 'node' ? 'commonjs' : 'node16';
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module, moduleResolution, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ['node'] },
      files: ['index.ts', 'bad.ts'],
    }));
    const program = `
      import { App, Chart } from 'cdk8s';
      import { DaprApp, DeclaredSecret, KubernetesSecretStore, RedisStateStore, SecretDelivery } from 'dapr-secure-constructs';
      import { renderToPulumi, PulumiRendering } from 'dapr-secure-constructs/pulumi';
      const app = new App();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
      const db = new DeclaredSecret(chart, 'db', { store, keys: ['password'], delivery: SecretDelivery.pulumiConfig() });
      const statestore = new RedisStateStore(chart, 'statestore', { redisHost: 'redis:6379', redisPassword: REF });
      new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', components: [statestore] });
      const rendering: PulumiRendering = renderToPulumi(app, { providerArgs: { context: 'prod' } });
      export const keys = rendering.configKeys;
    `;
    fs.writeFileSync(path.join(dir, 'index.ts'), program.replace('REF', "db.keyRef('password')"));
    fs.writeFileSync(path.join(dir, 'bad.ts'), program.replace('REF', "'plain-password'"));
    const consumer = readProject(path.join(dir, 'tsconfig.json'));
    const checked = ts.createProgram({ ...consumer, host: hostFor(consumer.options) });
    const errors = formatDiagnostics(ts.getPreEmitDiagnostics(checked), dir).split('\n').filter((l) => /error TS/.test(l));
    expect(errors.map((l) => l.replace(/\(\d+,\d+\)/, ''))).toEqual([expect.stringMatching(/^bad\.ts: error TS2322: Type 'string' is not assignable to type 'SecretKeyRef'/)]);
  });
});
