import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { encodingsOf, formatFindings, makeCanary, scanFiles, scanTree } from '../../lib/scan';

describe('scanFiles / scanTree', () => {
  const canary = makeCanary('redis-password');
  const other = makeCanary('unused');
  const canaries = { 'redis-password': canary, unused: other };
  const text = (encoding: string) => encodingsOf(canary).find((f) => f.encoding === encoding)?.text ?? '';

  let root: string;
  let clean: string;
  const write = (rel: string, content: string | Buffer) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };

  // Byte offsets of what was planted, by relative path.
  const planted: Record<string, { encoding: string; index: number }> = {};

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dsc-scan-'));
    clean = fs.mkdtempSync(path.join(os.tmpdir(), 'dsc-scan-clean-'));

    write('dist/app.k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n');
    write('dist/empty', '');

    const yamlPrefix = 'apiVersion: v1\nkind: Secret\ndata:\n  password: ';
    write('dist/nested/deep/secret.yaml', `${yamlPrefix}${text('base64')}\n`);
    planted['dist/nested/deep/secret.yaml'] = { encoding: 'base64', index: Buffer.byteLength(yamlPrefix) };

    const jsonPrefix = '{"metadata":{"annotations":{"x":"é ';
    write('dist/nested/last-applied.json', `${jsonPrefix}${text('json')}"}}}`);
    planted['dist/nested/last-applied.json'] = { encoding: 'json', index: Buffer.byteLength(jsonPrefix) };

    const binaryPrefix = Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x80]), randomBytes(61)]);
    write('logs/core.bin', Buffer.concat([binaryPrefix, Buffer.from(canary, 'utf8'), Buffer.from([0xc3, 0x28, 0x00])]));
    planted['logs/core.bin'] = { encoding: 'raw', index: binaryPrefix.length };

    write('logs/latin1.log', Buffer.concat([Buffer.from('pw='), Buffer.from(canary, 'latin1')]));
    planted['logs/latin1.log'] = { encoding: 'raw[latin1]', index: 3 };

    write('logs/windows.log', Buffer.concat([Buffer.from('\ufeffpw=', 'utf16le'), Buffer.from(canary, 'utf16le')]));
    planted['logs/windows.log'] = { encoding: 'raw[utf16le]', index: 8 };

    const urlPrefix = 'redis://default:';
    write('a/b/c/d/e/conn.txt', `${urlPrefix}${text('url')}@redis:6379`);
    planted['a/b/c/d/e/conn.txt'] = { encoding: 'url', index: urlPrefix.length };

    fs.symlinkSync(path.join(root, 'logs'), path.join(root, 'loop')); // directory link: not followed
  });

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(clean, { recursive: true, force: true });
  });

  test('finds every planted canary in nested and binary files, with byte offsets', () => {
    const leaks = scanFiles(root, canaries);
    const byFile = Object.fromEntries(leaks.map((l) => [path.relative(root, l.file), { encoding: l.encoding, index: l.index }]));
    expect(byFile).toEqual(planted);
    expect(leaks).toHaveLength(Object.keys(planted).length);
    for (const leak of leaks) {
      expect(leak.canary).toBe('redis-password');
      expect(path.isAbsolute(leak.file)).toBe(true);
      expect(leak.file.startsWith(root)).toBe(true);
    }
    // The byte offset really is where the planted bytes start.
    const core = leaks.find((l) => l.file.endsWith('core.bin'));
    expect(fs.readFileSync(path.join(root, 'logs/core.bin')).subarray(core?.index).subarray(0, Buffer.byteLength(canary)).toString('utf8')).toBe(canary);
  });

  test('scanTree reports paths relative to the directory', () => {
    const leaks = scanTree(root, canaries);
    expect(leaks.map((l) => l.file).sort()).toEqual(Object.keys(planted).sort());
    expect(leaks.find((l) => l.file === 'dist/nested/deep/secret.yaml')).toEqual({
      file: 'dist/nested/deep/secret.yaml',
      canary: 'redis-password',
      ...planted['dist/nested/deep/secret.yaml'],
    });
  });

  test('accepts a list of files and directories', () => {
    const leaks = scanFiles([path.join(root, 'dist/app.k8s.yaml'), path.join(root, 'a'), path.join(root, 'logs/core.bin')], canaries);
    expect(leaks.map((l) => path.relative(root, l.file))).toEqual(['a/b/c/d/e/conn.txt', 'logs/core.bin']);
    expect(scanFiles([], canaries)).toEqual([]);
  });

  test('a clean tree gives no leaks', () => {
    fs.mkdirSync(path.join(clean, 'x/y'), { recursive: true });
    fs.writeFileSync(path.join(clean, 'x/y/manifest.yaml'), 'kind: Secret\nstringData: {}\n');
    fs.writeFileSync(path.join(clean, 'blob.bin'), randomBytes(4096));
    expect(scanTree(clean, canaries)).toEqual([]);
    expect(scanFiles(path.join(root, 'dist/app.k8s.yaml'), canaries)).toEqual([]);
  });

  test('a missing path is an error, not a clean result', () => {
    expect(() => scanFiles(path.join(root, 'does-not-exist'), canaries)).toThrow(/ENOENT/);
    expect(() => scanTree(path.join(root, 'does-not-exist'), canaries)).toThrow(/ENOENT/);
    expect(() => scanTree(path.join(root, 'dist/app.k8s.yaml'), canaries)).toThrow(/not a directory/);
  });

  test('results and messages never contain the canary', () => {
    const leaks = scanFiles(root, canaries);
    const serialized = JSON.stringify(leaks) + formatFindings(leaks);
    expect(serialized).not.toContain(canary.slice(-32));
    for (const f of encodingsOf(canary)) {
      expect(serialized.includes(f.text)).toBe(false);
    }
    expect(formatFindings(scanTree(root, canaries))).toContain('canary "redis-password" found as url in a/b/c/d/e/conn.txt at byte 16');
  });
});
