import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { formatDiagnostics, readProject, REPO, sharedCompilerHost } from '../support/typescript';

/**
 * The compiled package used as a library (end-to-end set: `npm run test:e2e`, also run by .ci/run). One
 * program emits lib/ as `npm run build` does (tsconfig.build.json: declarations, stripInternal) into a
 * consumer folder, whose node_modules holds that package and the project's dependencies; consumer programs
 * in JavaScript and TypeScript use it there. The project's type-check is test/library/typecheck.test.ts, and
 * the packed tarball in fresh projects is test/e2e/packed-package.e2e.ts.
 */

const hostFor = sharedCompilerHost();
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
  const build = readProject(path.join(REPO, 'tsconfig.build.json'));
  const { rootNames, options } = readProject(path.join(REPO, 'tsconfig.build.json'), {
    outDir: path.join(root, 'pkg', 'build'), rootDir: REPO, declaration: true, stripInternal: build.options.stripInternal, sourceMap: false,
  });
  const program = ts.createProgram({ rootNames, options, host: hostFor(options) });
  const emitted = program.emit();
  expect(formatDiagnostics(emitted.diagnostics)).toBe('');
  fs.writeFileSync(path.join(root, 'pkg', 'package.json'), fs.readFileSync(path.join(REPO, 'package.json')));
  fs.mkdirSync(path.join(root, 'node_modules'));
  for (const dep of fs.readdirSync(path.join(REPO, 'node_modules'))) {
    fs.symlinkSync(path.join(REPO, 'node_modules', dep), path.join(root, 'node_modules', dep));
  }
  fs.symlinkSync(path.join(root, 'pkg'), path.join(root, 'node_modules', 'dapr-secure-constructs'));
}, 120_000);

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
