import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readSealedFile } from '../../lib/secrets/sealed/sealed-file';
import { SealingScope } from '../../lib/secrets/sealing';
import { writeProgram } from '../cli/support/seal-program';
import { randomValue } from '../secrets/sealing/support/keys';
import { unsealValue } from '../secrets/sealing/support/unseal';
import { controllerIn, ControllerOnDisk, tempDir } from '../secrets/sealed/support/sealed';
import { copyProject, REPO } from '../support/project-copy';

/**
 * The installed commands as a user's shell runs them, each in its own Node process (end-to-end set: `npm run
 * test:e2e`, also run by .ci/run): `bin/dapr-secure.js` (`env`, `scan`, `--help` into a closed pipe, three
 * parallel `seal`s) and the cdk8s CLI with the validation plugin. What each command does, with every option
 * and mistake, runs in-process through the CLI's `main()` in test/cli/ and test/gitops/.
 */
const BIN = path.join(REPO, 'bin', 'dapr-secure.js');

describe('bin/dapr-secure.js in the project\'s own checkout', () => {
  test('runs the lib/ sources the programs import, even when build/ exists (one copy of the library per process)', () => {
    const dir = copyProject();
    const poisoned = "throw new Error('the compiled copy was loaded');\n";
    for (const file of ['build/lib/cli/main.js', 'build/lib/gitops/cdk8s-validation.js']) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), poisoned);
    }
    const run = spawnSync(process.execPath, [path.join(dir, 'bin', 'dapr-secure.js'), 'env', '--stage', 'dev'], { cwd: dir, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('dev/create-secrets.sh reads:');
    const plugin = spawnSync(process.execPath, ['-e', `console.log(typeof require(${JSON.stringify(path.join(dir, 'bin', 'cdk8s-validation.js'))}).DaprSecureValidation)`], { cwd: dir, encoding: 'utf8' });
    expect({ status: plugin.status, stdout: plugin.stdout.trim() }).toEqual({ status: 0, stdout: 'function' });
  });

  test('a reader that closes the pipe early ends the command quietly (no EPIPE stack trace)', () => {
    // `true` exits before node has started, so every write of the command meets a closed pipe.
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --help | true`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
  });

  test('scan exits 1 on a leaky file and 0 on dist/, and the exit code reaches the shell', () => {
    const leaky = spawnSync(process.execPath, [BIN, 'scan', 'test/scanner/corpus/leaky/url-password.yaml', 'dist'], { cwd: REPO, encoding: 'utf8' });
    expect({ status: leaky.status, stderr: leaky.stderr }).toEqual({ status: 1, stderr: '' });
    expect(leaky.stdout).toContain('2 findings in 1 file of 7 scanned\n');
    const clean = spawnSync(process.execPath, [BIN, 'scan', 'dist'], { cwd: REPO, encoding: 'utf8' });
    expect({ status: clean.status, stderr: clean.stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('dapr-secure seal in parallel processes', () => {
  let controller: ControllerOnDisk;
  beforeAll(() => {
    controller = controllerIn(tempDir('controller-'));
  });

  test('parallel seals of the keys of two secrets into one file all land, each decrypting to its own value', async () => {
    // Three processes of the command, one per key of a small program (two of them the same secret, so two
    // writers update one entry). Each reports on file descriptor 3 when it has loaded the declarations; the
    // values are then released on all stdins at once, so every run reads the file and writes it at about
    // the same time.
    const dir = tempDir('seal-parallel-');
    const file = path.join(dir, 'secrets', 'sealed.json');
    writeProgram(dir, file, SealingScope.STRICT, controller.certFile);
    fs.writeFileSync(path.join(dir, 'probe.ts'), `import * as fs from 'fs';
import { buildApp } from './program';
export function build() {
  const app = buildApp();
  fs.writeSync(3, 'ready\\n');
  return app;
}
`);
    const keys = [['db', 'username'], ['db', 'password'], ['api', 'token']];
    const values = keys.map(() => randomValue());
    const children = keys.map(([secret, key], i) => {
      const child = spawn(process.execPath, [path.join(REPO, 'bin', 'dapr-secure.js'), 'seal', '--namespace', 'shop', '--secret', secret, '--key', key, '--app', 'probe.ts#build'],
        { cwd: dir, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d) => { out += d; });
      child.stderr!.on('data', (d) => { out += d; });
      child.stdin!.write(values[i]);
      const closed = new Promise<{ code: number | null; out: string }>((resolve) => child.on('close', (code) => resolve({ code, out })));
      // Ready, or ended without being ready (the close result then says why).
      const ready = new Promise<void>((resolve) => {
        (child.stdio[3] as NodeJS.ReadableStream).once('data', () => resolve());
        child.on('close', () => resolve());
      });
      return { child, ready, closed };
    });
    await Promise.all(children.map((c) => c.ready));
    children.forEach((c) => c.child.stdin!.end());
    const results = await Promise.all(children.map((c) => c.closed));

    expect(results).toEqual(keys.map(([secret, key]) => ({ code: 0, out: expect.stringContaining(`sealed key "${key}" of shop/${secret}`) })));
    const sealed = readSealedFile(file);
    keys.forEach(([secret, key], i) => {
      const entry = sealed.entries[`shop/${secret}`];
      expect(entry?.keys[key]).toBeDefined();
      expect(unsealValue(controller.privateKey, entry.keys[key].ciphertext, `shop/${secret}`).toString('utf8')).toBe(values[i]);
    });
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the cdk8s CLI with the validation plugin', () => {
  const BAD_COMPONENT = 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\n  namespace: shop\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n    - name: redisHost\n      value: redis:6379\n    - name: redisPassword\n      value: not-shown-anywhere\n';

  test('cdk8s synth with the plugin in cdk8s.yaml fails (exit 2) on a bad manifest and passes a good one', () => {
    const dir = tempDir('plugin-project-');
    const write = (yaml: string) => fs.writeFileSync(path.join(dir, 'write.js'),
      `const fs = require('fs'); const path = require('path'); fs.mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true }); fs.writeFileSync(path.join(process.env.CDK8S_OUTDIR, 'app.k8s.yaml'), ${JSON.stringify(yaml)});\n`);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: typescript\napp: node write.js\noutput: out\nvalidations:\n  - package: ${path.join(REPO, 'bin', 'cdk8s-validation.js')}\n    version: 0.1.0\n    class: DaprSecureValidation\n`);
    const cdk8s = () => spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', CDK8S_CHECK_UPGRADE: 'false' } });
    write(BAD_COMPONENT);
    const bad = cdk8s();
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain('dapr-secure/plain-sensitive-metadata');
    expect(bad.stdout + bad.stderr).not.toContain('not-shown-anywhere');
    write('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  mode: fast\n');
    const good = cdk8s();
    expect({ status: good.status, stderr: good.stderr }).toEqual({ status: 0, stderr: '' });
    expect(good.stdout).toContain('Validations ended succesfully');
  });
});
