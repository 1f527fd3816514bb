import '@microsoft/jest-sarif';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import type * as Sarif from 'sarif';
import { main } from '../../lib/cli';
import { RULES } from '../../lib/scanner';
import { tempDir } from '../secrets/sealed/support/sealed';
import { randomBytesSeeded } from '../support/random';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** From @microsoft/jest-sarif: validates against the SARIF 2.1.0 schema it ships. */
      toBeValidSarifLog(): R;
    }
  }
}

const REPO = path.resolve(__dirname, '..', '..');

async function cli(args: string[], cwd: string, stdinText = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const code = await main(args, { cwd, stdin, stdout: { write: (t: string) => { stdout += t; } }, stderr: { write: (t: string) => { stderr += t; } }, env: {} });
  expect(stdout + stderr).not.toMatch(/\x1b\[/);
  return { code, stdout, stderr };
}

/** A fresh test value that looks like no real credential. */
function value(label: string): string {
  return `scan-test-${label}-${randomBytesSeeded(9).toString('hex')}`;
}

function secret(name: string, v: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\nstringData:\n  password: ${v}\n`;
}

describe('dapr-secure scan', () => {
  test('--help lists every rule; usage mistakes exit 2 without echoing values', async () => {
    const help = await cli(['scan', '--help'], REPO);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: npx dapr-secure scan');
    for (const r of RULES) expect(help.stdout).toContain(`\n  ${r.id} `);
    const none = await cli(['scan'], REPO);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name the files or folders to scan');
    expect((await cli(['scan', 'dist', '--format', 'xml'], REPO)).stderr).toContain('--format "xml" is not a format');
    const typed = await cli(['scan', 'dist', '--password=hunter-typed'], REPO);
    expect(typed.code).toBe(2);
    expect(typed.stderr).not.toContain('hunter-typed');
    const missing = await cli(['scan', 'no/such/folder'], REPO);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or folder: no/such/folder');
  });

  test('- reads standard input (kustomize build | scan -) and reports <stdin>:line:column', async () => {
    const v = value('stdin');
    const r = await cli(['scan', '-'], REPO, `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n${secret('piped', v)}`);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:11:13: k8s-secret-string-data: Secret piped stringData\.password: /m);
    expect(r.stdout).toContain('1 finding in 1 file of 1 scanned\n');
    expect(r.stdout).not.toContain(v);
    const clean = await cli(['scan', '-'], REPO, fs.readFileSync(path.join(REPO, 'dist', 'prod', 'task-api.k8s.yaml'), 'utf8'));
    expect(clean).toEqual({ code: 0, stdout: 'no credentials found in 1 file\n', stderr: '' });
  });

  test('a file that is not valid YAML is reported with its line and exits 2; the other files are still scanned', async () => {
    const dir = tempDir('scan-broken-');
    const v = value('broken');
    fs.writeFileSync(path.join(dir, 'a-broken.yaml'), `apiVersion: v1\nkind: Secret\nstringData:\n  password: [${v}\n`);
    fs.writeFileSync(path.join(dir, 'b-leaky.yaml'), secret('b', value('b')));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest, not scanned');
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^a-broken\.yaml:\d+:\d+: error: .*the file is not valid YAML, so it was not scanned$/m);
    expect(r.stdout).toMatch(/^b-leaky\.yaml:6:13: k8s-secret-string-data: /m);
    expect(r.stdout).toContain('1 finding in 1 file of 1 scanned; 1 file could not be parsed and was not scanned\n');
    expect(r.stdout).not.toContain(v);
  });

  test('--format json lists findings with fingerprints and previews, never a value', async () => {
    const dir = tempDir('scan-json-');
    const v = value('json');
    fs.writeFileSync(path.join(dir, 'app.yaml'), secret('db', v));
    const r = await cli(['scan', 'app.yaml', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ version: 1, scanned: 1, suppressed: [], errors: [] });
    expect(report.findings).toEqual([expect.objectContaining({
      rule: 'k8s-secret-string-data', file: 'app.yaml', line: 6, column: 13, object: 'Secret db', field: 'stringData.password',
      preview: `"${v.slice(0, 2)}•••" (${v.length} characters)`, fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    })]);
    expect(r.stdout).not.toContain(v);
  });

  test('--format sarif is valid SARIF 2.1.0 with a rule per id, regions, fingerprints and suppressions', async () => {
    const dir = tempDir('scan-sarif-');
    const values = [value('a'), value('b'), value('c')];
    fs.mkdirSync(path.join(dir, 'k8s'));
    fs.writeFileSync(path.join(dir, 'k8s', 'app.yaml'), [
      secret('db', values[0]),
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:',
      `  url: redis://:${values[1]}@redis:6379`,
      `  reviewed: postgres://u:${values[2]}@db/x  # dapr-secure:allow url-password -- a test fixture`,
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'k8s', 'broken.yaml'), 'a: [\n');
    const r = await cli(['scan', 'k8s', '--format', 'sarif', '--output', 'out.sarif'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('2 findings in 1 file of 1 scanned (1 finding suppressed: 1 inline, 0 by the config file, 0 in the baseline)');
    const text = fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8');
    for (const v of values) expect(text).not.toContain(v);
    const log: Sarif.Log = JSON.parse(text);
    expect(log).toBeValidSarifLog();
    expect({ ...log, runs: [{ ...log.runs[0], results: [{ ruleId: 'x', message: {}, level: 'fatal' }] }] }).not.toBeValidSarifLog(); // the validator bites
    const run = log.runs[0];
    expect(run.tool.driver.rules!.map((x) => x.id)).toEqual(RULES.map((x) => x.id));
    expect(run.results!.map((x) => [x.ruleId, x.locations![0].physicalLocation!.artifactLocation!.uri, x.locations![0].physicalLocation!.region!.startLine, x.suppressions?.[0].kind])).toEqual([
      ['k8s-secret-string-data', 'k8s/app.yaml', 6, undefined],
      ['url-password', 'k8s/app.yaml', 14, undefined],
      ['url-password', 'k8s/app.yaml', 15, 'inSource'],
    ]);
    for (const x of run.results!) expect(run.tool.driver.rules![x.ruleIndex!].id).toBe(x.ruleId);
    expect(run.results![0].partialFingerprints!['daprSecureFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(run.invocations![0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'k8s/broken.yaml' } } }] }] });
    const again = await cli(['scan', 'k8s', '--format', 'sarif'], dir);
    expect(again.stdout).toBe(text); // deterministic: same input, same bytes
  });

  test('inline comments silence a reviewed finding on its line or the line above; a wrong rule or a quoted marker does not', async () => {
    const dir = tempDir('scan-inline-');
    const vs = [value('same'), value('above'), value('other'), value('quoted')];
    fs.writeFileSync(path.join(dir, 'a.yaml'), [
      'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: s', 'stringData:',
      `  same: ${vs[0]}  # dapr-secure:allow k8s-secret-string-data -- rotated test value`,
      '  # dapr-secure:allow -- reviewed',
      `  above: ${vs[1]}`,
      `  other: ${vs[2]}  # dapr-secure:allow url-password`,
      `  quoted: "${vs[3]} # dapr-secure:allow"`,
      '',
    ].join('\n'));
    const r = await cli(['scan', 'a.yaml', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: any) => f.field)).toEqual(['stringData.other', 'stringData.quoted']);
    expect(report.suppressed.map((f: any) => [f.field, f.suppressed])).toEqual([
      ['stringData.same', { by: 'inline', reason: 'rotated test value' }],
      ['stringData.above', { by: 'inline', reason: 'reviewed' }],
    ]);
  });

  test('the config file silences reviewed findings (a reason is required) and ignores files', async () => {
    const dir = tempDir('scan-config-');
    fs.mkdirSync(path.join(dir, 'examples'));
    fs.mkdirSync(path.join(dir, 'charts'));
    fs.writeFileSync(path.join(dir, 'examples', 'demo.yaml'), secret('demo', value('demo')));
    fs.writeFileSync(path.join(dir, 'charts', 'template.yaml'), 'password: {{ .Values.password }}\n  bad: [\n');
    fs.writeFileSync(path.join(dir, 'app.yaml'), secret('app', value('app')));
    fs.writeFileSync(path.join(dir, '.dapr-secure-scan.yaml'), 'allow:\n  - rule: k8s-secret-string-data\n    files: "examples/**"\n    reason: demo values for the docs\nignore:\n  - "charts/**"\n');
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^app\.yaml:6:13: k8s-secret-string-data: /m);
    expect(r.stdout).not.toContain('examples/demo.yaml:');
    expect(r.stdout).not.toContain('charts/');
    expect(r.stdout).toContain('1 finding in 1 file of 3 scanned (1 finding suppressed: 0 inline, 1 by the config file, 0 in the baseline)');

    fs.writeFileSync(path.join(dir, 'strict.yaml'), 'allow:\n  - rule: k8s-secret-string-data\n    files: "examples/**"\n');
    const noReason = await cli(['scan', '.', '--config', 'strict.yaml'], dir);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('strict.yaml: allow[0] has no reason. Fix: say why');
    fs.writeFileSync(path.join(dir, 'typo.yaml'), 'allow:\n  - rule: k8s-secret\n    files: "x"\n    reason: r\n');
    expect((await cli(['scan', '.', '--config', 'typo.yaml'], dir)).stderr).toContain('allow[0].rule "k8s-secret" is not a rule');
    expect((await cli(['scan', '.', '--config', 'none.yaml'], dir)).stderr).toContain('the config file none.yaml does not exist');
  });

  test('a baseline accepts existing findings by fingerprint (no value in it), survives moved lines and fails on new ones', async () => {
    const dir = tempDir('scan-baseline-');
    const old = value('old');
    fs.writeFileSync(path.join(dir, 'app.yaml'), secret('legacy', old));
    const write = await cli(['scan', 'app.yaml', '--write-baseline', 'baseline.json'], dir);
    expect(write).toEqual({ code: 0, stdout: expect.stringContaining('wrote baseline.json: 1 finding(s) accepted'), stderr: '' });
    const baseline = fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8');
    expect(baseline).not.toContain(old);
    expect(JSON.parse(baseline)).toEqual({ version: 1, findings: [{ fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), rule: 'k8s-secret-string-data', file: 'app.yaml', object: 'Secret legacy', field: 'stringData.password' }] });

    fs.writeFileSync(path.join(dir, 'app.yaml'), `# moved down\n\n${secret('legacy', old)}`);
    const accepted = await cli(['scan', 'app.yaml', '--baseline', 'baseline.json'], dir);
    expect(accepted).toEqual({ code: 0, stdout: 'no credentials found in 1 file (1 finding suppressed: 0 inline, 0 by the config file, 1 in the baseline)\n', stderr: '' });

    fs.appendFileSync(path.join(dir, 'app.yaml'), `---\n${secret('fresh', value('new'))}`);
    const fresh = await cli(['scan', 'app.yaml', '--baseline', 'baseline.json'], dir);
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toMatch(/^app\.yaml:15:13: k8s-secret-string-data: Secret fresh stringData\.password: /m);
    expect(fresh.stdout).not.toContain('Secret legacy');

    fs.writeFileSync(path.join(dir, 'bad.json'), '{"findings": []}');
    expect((await cli(['scan', 'app.yaml', '--baseline', 'bad.json'], dir)).stderr).toContain('bad.json is not a version 1 baseline');
  });
});
