import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { main } from '../../lib/cli';
import { RULES, scanManifests, scanPaths } from '../../lib/scanner';

const REPO = path.resolve(__dirname, '..', '..');
const LEAKY = path.join(__dirname, 'corpus', 'leaky');
const CLEAN = path.join(__dirname, 'corpus', 'clean');

/** `# expect: rule` on the line of a leak, `# expect(+n): rule` n lines above it (a block scalar's header). */
function expectedLeaks(text: string): Array<{ line: number; rule: string }> {
  const out: Array<{ line: number; rule: string }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /# expect(?:\(\+(\d+)\))?: ([a-z0-9-]+)/.exec(line);
    if (m) out.push({ line: i + 1 + Number(m[1] ?? 0), rule: m[2] });
  });
  return out;
}

/** JSON has no comments: its leaks are listed here. */
const JSON_LEAKS: Readonly<Record<string, Array<{ line: number; rule: string }>>> = {
  'secret.json': [{ line: 6, rule: 'k8s-secret-string-data' }],
};

/** Every planted value of a corpus file: the `corpus-...` values and the token-format ones. */
function plantedValues(text: string): string[] {
  return [...new Set(text.match(/corpus-[a-z]+(?:-[a-z]+)*-[A-Za-z0-9]{4,}|ghp_[A-Za-z0-9]{36}|xoxb-[A-Za-z0-9-]{20,}|Y29ycHVz[A-Za-z0-9+/=]+|Q29ycHVz[A-Za-z0-9+/=]+/g) ?? [])];
}

function leakyFiles(): string[] {
  return fs.readdirSync(LEAKY).sort();
}

function byLine(a: { line: number; rule: string }, b: { line: number; rule: string }): number {
  return a.line - b.line || a.rule.localeCompare(b.rule);
}

async function cli(args: string[], stdinText = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const code = await main(args, { cwd: REPO, stdin, stdout: { write: (t: string) => { stdout += t; } }, stderr: { write: (t: string) => { stderr += t; } }, env: {} });
  return { code, stdout, stderr };
}

describe('the leaky corpus', () => {
  test('has a manifest for every rule', () => {
    const rules = new Set(leakyFiles().flatMap((f) => expectedLeaks(fs.readFileSync(path.join(LEAKY, f), 'utf8')).map((e) => e.rule)));
    expect([...rules].sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test('the CRLF manifest really has CRLF line ends', () => {
    expect(fs.readFileSync(path.join(LEAKY, 'crlf.yaml'), 'latin1')).toMatch(/^apiVersion: v1\r\nkind: Secret\r\n/);
  });

  test.each(leakyFiles())('%s: every planted leak is found at its line, and no output holds a value', async (file) => {
    const text = fs.readFileSync(path.join(LEAKY, file), 'utf8');
    const expected = JSON_LEAKS[file] ?? expectedLeaks(text);
    expect(expected.length).toBeGreaterThan(0);
    const result = await scanManifests(text, { file });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => ({ line: f.line!, rule: f.rule })).sort(byLine)).toEqual([...expected].sort(byLine));
    const values = plantedValues(text);
    expect(values.length).toBeGreaterThan(0);
    const output = JSON.stringify(result);
    for (const v of values) expect({ file, leaked: output.includes(v) }).toEqual({ file, leaked: false });
  });

  test('scan <folder> exits 1 and reports every planted leak as file:line:column with no full value', async () => {
    const r = await cli(['scan', 'test/scanner/corpus/leaky']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    for (const file of leakyFiles()) {
      const text = fs.readFileSync(path.join(LEAKY, file), 'utf8');
      for (const e of JSON_LEAKS[file] ?? expectedLeaks(text)) {
        expect(r.stdout).toMatch(new RegExp(`^test/scanner/corpus/leaky/${file.replace('.', '\\.')}:${e.line}:\\d+: ${e.rule}: `, 'm'));
      }
      for (const v of plantedValues(text)) expect(r.stdout.includes(v)).toBe(false);
    }
    const total = leakyFiles().reduce((n, f) => n + (JSON_LEAKS[f] ?? expectedLeaks(fs.readFileSync(path.join(LEAKY, f), 'utf8'))).length, 0);
    expect(r.stdout).toContain(`\n${total} findings in ${leakyFiles().length} files of ${leakyFiles().length} scanned\n`);
  });
});

describe('clean manifests pass', () => {
  test.each(fs.readdirSync(CLEAN).sort())('%s', async (file) => {
    const result = await scanManifests(fs.readFileSync(path.join(CLEAN, file), 'utf8'), { file });
    expect({ findings: result.findings, errors: result.errors }).toEqual({ findings: [], errors: [] });
  });

  test('every file of the committed dist/ (sealed, out-of-band and external deliveries) and secrets/', async () => {
    const result = await scanPaths(['dist', 'secrets'], { cwd: REPO });
    expect(result.scanned).toBeGreaterThanOrEqual(6);
    expect({ findings: result.findings, errors: result.errors }).toEqual({ findings: [], errors: [] });
  });

  test('a file named twice (or inside a folder also named) is scanned once', async () => {
    const r = await scanPaths(['test/scanner/corpus/leaky', 'test/scanner/corpus/leaky/url-password.yaml', './test/scanner/corpus/leaky/url-password.yaml'], { cwd: REPO });
    expect(r.scanned).toBe(leakyFiles().length);
  });

  test('`scan dist/` exits 0', async () => {
    const r = await cli(['scan', 'dist/']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^no credentials found in \d+ files\n$/);
  });
});
