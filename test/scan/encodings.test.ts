import { randomBytes } from 'crypto';
import * as YAML from 'yaml';
import { encodingsOf, makeCanary } from '../../lib/scan';

/**
 * The text of one form. `base64@0` is left out as a duplicate of `base64`
 * when the value's length in bytes is a multiple of 3 (no padding), so fall
 * back to the full form then.
 */
function form(value: string, encoding: string): string {
  const forms = encodingsOf(value);
  const found =
    forms.find((f) => f.encoding === encoding) ?? forms.find((f) => f.encoding === encoding.replace(/@0\b/, ''));
  if (!found) {
    throw new Error(`no ${encoding} form`);
  }
  return found.text;
}

const b64 = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('base64');

describe('encodingsOf', () => {
  const canary = makeCanary('enc');

  test('starts with the raw value', () => {
    expect(encodingsOf(canary)[0]).toEqual({ encoding: 'raw', text: canary });
  });

  test('JSON form is JSON.stringify without the quotes', () => {
    expect(form(canary, 'json')).toBe(JSON.stringify(canary).slice(1, -1));
    expect(JSON.parse(`"${form(canary, 'json')}"`)).toBe(canary);
  });

  test('JSON form is also the YAML double-quoted form', () => {
    const doubleQuoted = YAML.stringify(canary, { defaultStringType: 'QUOTE_DOUBLE', lineWidth: 0 });
    expect(doubleQuoted).toBe(`"${form(canary, 'json')}"\n`);
    expect(YAML.parse(doubleQuoted)).toBe(canary);
  });

  test('Go and Python JSON escaping variants decode to the value', () => {
    const goStyle = form(canary, 'json-html-safe');
    expect(goStyle).toContain('\\u0026');
    expect(goStyle).toContain('\\u003e');
    expect(JSON.parse(`"${goStyle}"`)).toBe(canary);

    const pythonStyle = form(canary, 'json-ascii');
    expect(pythonStyle).toContain('\\u00e9');
    expect(pythonStyle).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(`"${pythonStyle}"`)).toBe(canary);
  });

  test('double JSON form is a JSON document inside a JSON string', () => {
    const outer = JSON.stringify({ annotation: JSON.stringify({ password: canary }) });
    expect(outer).toContain(form(canary, 'json-double'));
  });

  test('URL forms', () => {
    expect(form(canary, 'url')).toBe(encodeURIComponent(canary));
    const formEncoded = form(canary, 'form-urlencoded');
    expect(formEncoded).toContain('+');
    expect(formEncoded).not.toContain(' ');
    expect(new URLSearchParams(`p=${formEncoded}`).get('p')).toBe(canary);
  });

  test('base64, base64url and hex decode to the value', () => {
    expect(Buffer.from(form(canary, 'base64'), 'base64').toString('utf8')).toBe(canary);
    expect(form(canary, 'base64url')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(form(canary, 'base64url'), 'base64url').toString('utf8')).toBe(canary);
    expect(Buffer.from(form(canary, 'hex'), 'hex').toString('utf8')).toBe(canary);
  });

  test.each([0, 1, 2])('base64@%i is in base64 of any buffer with the value at an offset congruent to it', (offset) => {
    const aligned = form(canary, `base64@${offset}`);
    const alignedUrl = form(canary, `base64url@${offset}`);
    for (let prefixLength = offset; prefixLength < offset + 12; prefixLength += 3) {
      for (let suffixLength = 0; suffixLength < 4; suffixLength++) {
        for (let trial = 0; trial < 5; trial++) {
          const buffer = Buffer.concat([randomBytes(prefixLength), Buffer.from(canary, 'utf8'), randomBytes(suffixLength)]);
          expect(buffer.toString('base64')).toContain(aligned);
          expect(buffer.toString('base64url')).toContain(alignedUrl);
        }
      }
    }
  });

  test('base64 alignment variants are as long as they can be', () => {
    const n = Buffer.byteLength(canary, 'utf8');
    for (const offset of [0, 1, 2]) {
      const expected = Math.floor((8 * (offset + n)) / 6) - Math.ceil((8 * offset) / 6);
      expect(form(canary, `base64@${offset}`)).toHaveLength(expected);
    }
  });

  test('base64 of other text forms is included (JSON document in a Secret)', () => {
    const secretData = b64(JSON.stringify({ password: canary }));
    expect(encodingsOf(canary).some((f) => f.encoding.endsWith('(json)') && secretData.includes(f.text))).toBe(true);
  });

  test('base64 inside base64 is included (.dockerconfigjson)', () => {
    const dockerConfig = JSON.stringify({ auths: { 'registry.example': { auth: b64(`robot:${canary}`) } } });
    const secretData = b64(dockerConfig);
    const hits = encodingsOf(canary).filter((f) => secretData.includes(f.text));
    expect(hits.map((h) => h.encoding)).toEqual([expect.stringMatching(/^base64@[012]\(base64@[012]\)$/)]);
  });

  test('forms are unique, non-empty and never name the value', () => {
    const forms = encodingsOf(canary);
    expect(new Set(forms.map((f) => f.encoding)).size).toBe(forms.length);
    expect(new Set(forms.map((f) => f.text)).size).toBe(forms.length);
    for (const f of forms) {
      expect(f.text.length).toBeGreaterThan(0);
      expect(f.encoding).toMatch(/^[a-z0-9@()-]+$/);
    }
  });

  test('base64@0 is only left out when it equals the full base64 form', () => {
    for (const value of ['0123456789abcdef', '0123456789abcdefg', '0123456789abcdefgh']) {
      const forms = new Map(encodingsOf(value).map((f) => [f.encoding, f.text]));
      const unpadded = Buffer.byteLength(value) % 3 === 0;
      expect(forms.has('base64@0')).toBe(!unpadded);
      expect(forms.get('base64')).toContain(form(value, 'base64@0'));
    }
  });

  test('a value without special characters has fewer distinct forms', () => {
    const plain = encodingsOf('abcdefghijklmnopqrstuvwxyz012345');
    expect(plain[0]).toEqual({ encoding: 'raw', text: 'abcdefghijklmnopqrstuvwxyz012345' });
    expect(plain.map((f) => f.encoding)).not.toContain('json');
    expect(plain.map((f) => f.encoding)).not.toContain('url');
    expect(plain.map((f) => f.encoding)).toContain('base64@1');
  });
});
