import { formatBaseline, inlineAllow, parseBaseline, parseScanConfig, ScanConfigError } from '../../lib/scanner';
import { allowedBy } from '../../lib/scanner/config';

describe('scanner configuration', () => {
  test('inlineAllow: rules, reason, and only after the value', () => {
    expect(inlineAllow('  a: x  # dapr-secure:allow', 6)).toEqual({ rules: 'all', reason: 'inline comment' });
    expect(inlineAllow('  a: x # dapr-secure:allow url-password, private-key -- a fixture -- really', 6)).toEqual({ rules: ['url-password', 'private-key'], reason: 'a fixture -- really' });
    expect(inlineAllow('  a: "x # dapr-secure:allow"', 27)).toBeUndefined(); // inside the value
    expect(inlineAllow('  a: x # dapr-secure:allow url-pasword', 6)).toBeUndefined(); // a typo silences nothing
    expect(inlineAllow('  a: x # dapr-secure:allowed', 6)).toBeUndefined();
  });

  test('parseScanConfig checks every entry and names the file, the entry and the fix', () => {
    const config = parseScanConfig('allow:\n  - rule: url-password\n    files: "docs/**"\n    reason: examples\nignore: ["charts/**"]\n', 'c.yaml');
    expect(config).toEqual({ allow: [{ rule: 'url-password', files: 'docs/**', reason: 'examples' }], ignore: ['charts/**'] });
    expect(allowedBy(config, { rule: 'url-password', file: 'docs/a/b.yaml', object: 'ConfigMap x', field: 'data.url' })).toBe(config.allow![0]);
    expect(allowedBy(config, { rule: 'url-password', file: 'src/b.yaml', object: 'ConfigMap x', field: 'data.url' })).toBeUndefined();
    expect(allowedBy(config, { rule: 'private-key', file: 'docs/b.yaml', object: 'ConfigMap x', field: 'data.url' })).toBeUndefined();
    const bad: Array<[string, string]> = [
      ['allow:\n  - rule: url-password\n    reason: r\n', 'c.yaml: allow[0] matches every finding of url-password. Fix: narrow it with files, object or field'],
      ['allow:\n  - files: x\n    reason: r\n    why: y\n', 'c.yaml: allow[0] has an unknown key "why"'],
      ['allow:\n  - files: x\n    reason: ""\n', 'c.yaml: allow[0].reason must be a non-empty string'],
      ['allowed: []\n', 'c.yaml: unknown key "allowed"'],
      ['ignore: "charts"\n', 'c.yaml: `ignore` must be a list of file globs'],
      ['allow: [\n', 'c.yaml is not valid YAML'],
    ];
    for (const [text, message] of bad) {
      expect(() => parseScanConfig(text, 'c.yaml')).toThrow(ScanConfigError);
      expect(() => parseScanConfig(text, 'c.yaml')).toThrow(message);
    }
  });

  test('formatBaseline is sorted and deduplicated, and parseBaseline reads it back', () => {
    const f = (file: string, fingerprint: string) => ({ fingerprint, rule: 'url-password', file, object: 'ConfigMap x', field: 'data.url' });
    const text = formatBaseline([f('b.yaml', 'bb'), f('a.yaml', 'aa'), f('b.yaml', 'bb')]);
    expect(JSON.parse(text).findings.map((x: any) => x.fingerprint)).toEqual(['aa', 'bb']);
    expect(formatBaseline([f('a.yaml', 'aa'), f('b.yaml', 'bb')])).toBe(text);
    expect(parseBaseline(text, 'b.json')).toEqual(new Set(['aa', 'bb']));
    expect(() => parseBaseline('[]', 'b.json')).toThrow('b.json is not a version 1 baseline');
    expect(() => parseBaseline('nope', 'b.json')).toThrow('b.json is not a baseline (not JSON)');
  });
});
