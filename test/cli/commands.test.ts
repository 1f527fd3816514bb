import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { main } from '../../lib/cli';
import { treeDiff } from '../../lib/cli/check';
import { scanOutput } from '../../lib/gitops/scan-output';
import { makeCanary } from '../../lib/scan';
import { tempDir } from '../secrets/sealed/support/sealed';
import { readTree, REPO } from '../support/project-copy';

const REFUSED = 'test/cli/support/refused-program.ts#refusedStages';

async function cli(args: string[], cwd = REPO): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end();
  const code = await main(args, { cwd, stdin, stdout: { write: (t: string) => { stdout += t; } }, stderr: { write: (t: string) => { stderr += t; } }, env: {} });
  expect(stdout + stderr).not.toMatch(/\x1b\[/); // no colour: these streams are not terminals
  return { code, stdout, stderr };
}

describe('dapr-secure commands', () => {
  test('--version, --help and --help of every command', async () => {
    const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `dapr-secure-constructs ${version}\n`, stderr: '' });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['synth', 'check', 'env', 'seal', 'scan']) expect(help.stdout).toContain(`\n  ${c} `);
    for (const c of ['synth', 'check', 'env', 'seal']) {
      const r = await cli([c, '--help']);
      expect({ c, code: r.code, stderr: r.stderr }).toEqual({ c, code: 0, stderr: '' });
      expect(r.stdout).toContain(`usage: npx dapr-secure ${c}`);
      expect(await cli(['help', c])).toEqual({ code: 0, stdout: r.stdout, stderr: '' });
    }
    expect((await cli(['help'])).stdout).toBe(help.stdout);
    expect((await cli([])).code).toBe(2);
  });

  test('usage mistakes exit 2 with the usage, without echoing what was typed', async () => {
    const unknown = await cli(['s3cr3t-typed-here']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toContain('s3cr3t');
    expect(unknown.stderr).toContain('commands: synth, check, env, seal, scan');
    const option = await cli(['synth', '--bogus']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('usage: npx dapr-secure synth');
    const stage = await cli(['synth', '--stage', 'qa', '--outdir', path.join(tempDir('cli-'), 'dist')]);
    expect(stage.code).toBe(2);
    expect(stage.stderr).toContain('unknown stage "qa"; known stages: dev, prod');
    expect((await cli(['scan'])).code).toBe(2);
  });

  test('synth --stage prod --outdir D writes only D/prod, the same bytes as the committed dist/prod', async () => {
    const out = path.join(tempDir('cli-synth-'), 'dist');
    const r = await cli(['synth', '--stage', 'prod', '--outdir', out]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`${path.join(out, 'prod', 'task-api.k8s.yaml')}\n`);
    expect(fs.readdirSync(out)).toEqual(['prod']);
    expect(readTree(path.join(out, 'prod'))).toEqual(readTree(path.join(REPO, 'dist', 'prod')));
  });

  test('env lists the variables of each stage\'s create-secrets.sh with secret and key, never a value', async () => {
    const r = await cli(['env']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stage dev (namespace task-api-dev): dev/create-secrets.sh reads:\n');
    expect(r.stdout).toMatch(/\n {2}REDIS_PASSWORD_PASSWORD +secret task-api-dev\/redis-password, key password\n/);
    expect(r.stdout.match(/^ {2}[A-Z_]+ /gm)).toHaveLength(6);
    expect(r.stdout).toContain('stage prod (namespace default): no secret is delivered out of band, so no create-secrets.sh is written\n');
    const script = fs.readFileSync(path.join(REPO, 'dist', 'dev', 'create-secrets.sh'), 'utf8');
    for (const v of r.stdout.match(/[A-Z][A-Z_]+_[A-Z_]+/g) ?? []) expect(script).toContain(`need ${v} `);
    expect((await cli(['env', '--stage', 'prod'])).stdout).not.toContain('stage dev');
  });

  test('check exits 0 on the committed dist/, 1 with a unified diff after a hand edit or a removed file', async () => {
    const clean = await cli(['check']);
    expect({ code: clean.code, stderr: clean.stderr }).toEqual({ code: 0, stderr: '' });
    expect(clean.stdout).toBe('ok: dist matches a fresh synth of app/stages.ts#taskApiStages (stages: dev, prod), and the scan found nothing\n');

    const copy = path.join(tempDir('cli-check-'), 'dist');
    fs.cpSync(path.join(REPO, 'dist'), copy, { recursive: true });
    const file = path.join(copy, 'prod', 'task-api.k8s.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('replicas: 2', 'replicas: 5'));
    fs.rmSync(path.join(copy, 'dev', 'ACCESS.md'));
    const drift = await cli(['check', '--outdir', copy]);
    expect(drift.code).toBe(1);
    const label = copy; // outside the working directory: shown absolute
    expect(drift.stdout).toContain(`${label} differs from a fresh synth in 2 file(s)`);
    expect(drift.stdout).toContain(`--- a/${label}/prod/task-api.k8s.yaml\tcommitted\n+++ b/${label}/prod/task-api.k8s.yaml\tsynthesized\n`);
    expect(drift.stdout).toContain('\n-  replicas: 5\n+  replicas: 2\n');
    expect(drift.stdout).toContain(`--- /dev/null\tmissing from the commit\n+++ b/${label}/dev/ACCESS.md\tsynthesized\n`);
    expect(drift.stdout).toContain('Fix: run `npm run synth`');
  });

  test('a refused program: every stage\'s problems with path, field and fix, exit 1, no stack trace unless --debug', async () => {
    const out = path.join(tempDir('cli-refused-'), 'dist');
    const r = await cli(['synth', '--app', REFUSED, '--outdir', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('synth failed;');
    expect(r.stderr).toContain('stage dev:\n  [shop] replicas: -1 is not a number of pods. Fix: use 1 or more\n');
    expect(r.stderr).toContain('stage prod:\n  [shop/local] spec.type: secretstores.local.file is a development-only secret store');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
    const debug = await cli(['synth', '--app', REFUSED, '--outdir', out, '--debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect((await cli(['check', '--app', REFUSED])).code).toBe(1);
  });
});

describe('check helpers', () => {
  test('treeDiff is empty for equal trees and a unified diff per differing file', () => {
    const a = tempDir('diff-a-');
    const b = tempDir('diff-b-');
    fs.writeFileSync(path.join(a, 'x.yaml'), 'a: 1\nb: 2\n');
    fs.writeFileSync(path.join(b, 'x.yaml'), 'a: 1\nb: 2\n');
    expect(treeDiff(a, b, 'dist')).toEqual([]);
    fs.writeFileSync(path.join(b, 'x.yaml'), 'a: 1\nb: 3\n');
    const [d] = treeDiff(a, b, 'dist');
    expect(d).toContain('--- a/dist/x.yaml\tcommitted\n+++ b/dist/x.yaml\tsynthesized\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3\n');
  });

  test('scanOutput finds a test canary in any encoding and what the scanner finds, with file:line:column; the committed dist/ is clean', async () => {
    expect(await scanOutput(path.join(REPO, 'dist'))).toEqual([]);
    const dir = tempDir('scan-out-');
    const canary = makeCanary('check');
    fs.writeFileSync(path.join(dir, 'a.k8s.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${Buffer.from(canary).toString('base64')}\n`);
    fs.writeFileSync(path.join(dir, 'b.k8s.yaml'), 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: s\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n    - name: redisPassword\n      value: hunter2-not-shown\n');
    const findings = await scanOutput(dir);
    expect(findings.some((f) => f.startsWith('a.k8s.yaml: a test canary (base64)'))).toBe(true);
    expect(findings.some((f) => f.startsWith('a.k8s.yaml:6:13: k8s-secret-data: Secret db data.password: ') && f.includes('Fix: deliver the Secret sealed'))).toBe(true);
    expect(findings.some((f) => f.startsWith('b.k8s.yaml:10:14: dapr-plain-sensitive-value: Component s spec.metadata[redisPassword].value: '))).toBe(true);
    expect(findings.join('\n')).not.toContain('hunter2');
  });
});
