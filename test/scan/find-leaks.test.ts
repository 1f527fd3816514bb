import * as YAML from 'yaml';
import { encodingsOf, findLeaks, formatFindings, Leak, makeCanary, MIN_CANARY_LENGTH } from '../../lib/scan';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Fails if any leak or message contains the canary in any form. */
function expectNoValueIn(leaks: readonly Leak[], canary: string) {
  const serialized = JSON.stringify(leaks) + '\n' + formatFindings(leaks);
  for (const f of encodingsOf(canary)) {
    expect(serialized.includes(f.text)).toBe(false);
  }
  expect(serialized.includes(canary.slice(-32))).toBe(false); // the random part
}

describe('findLeaks', () => {
  const canary = makeCanary('db-password');
  const other = makeCanary('api-token');
  const canaries = { 'db-password': canary, 'api-token': other };

  const plantedValue = makeCanary('planted');
  test.each(encodingsOf(plantedValue).map((f) => [f.encoding, f.text]))(
    'finds the %s form planted in surrounding text',
    (encoding, planted) => {
      const before = `apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ndata:\n  password: "${'x'.repeat(planted.length % 7)}`;
      const leaks = findLeaks(`${before}${planted}" # end\n`, { planted: plantedValue });
      expect(leaks).toEqual([{ canary: 'planted', encoding, index: before.length }]);
    },
  );

  test('reports every occurrence with its index', () => {
    const text = `a=${canary} b=${b64(canary)} c=${canary}`;
    expect(findLeaks(text, canaries)).toEqual([
      { canary: 'db-password', encoding: 'raw', index: 2 },
      { canary: 'db-password', encoding: 'base64', index: text.indexOf(b64(canary)) },
      { canary: 'db-password', encoding: 'raw', index: text.lastIndexOf(canary) },
    ]);
  });

  test('reports only the canaries that are present', () => {
    const leaks = findLeaks(`token: ${encodeURIComponent(other)}`, canaries);
    expect(leaks).toEqual([{ canary: 'api-token', encoding: 'url', index: 7 }]);
  });

  describe('base64 of a larger buffer', () => {
    test.each([
      ['user:', 'base64@2'], // 5 bytes before the canary
      ['{"password":"', 'base64@1'], // 13 bytes
      ['', 'base64@0'],
      ['x', 'base64@1'],
      ['xy', 'base64@2'],
      ['xyz', 'base64@0'],
    ])('finds the canary after %j as %s', (prefix, encoding) => {
      const blob = b64(`${prefix}${canary}"}`);
      const leaks = findLeaks(`auth: ${blob}\n`, canaries);
      expect(leaks).toHaveLength(1);
      expect(leaks[0]).toMatchObject({ canary: 'db-password', encoding });
      expect(blob).toContain(encodingsOf(canary).find((f) => f.encoding === encoding)?.text);
    });

    test('finds it at every byte offset and with every suffix', () => {
      for (let prefix = 0; prefix < 9; prefix++) {
        for (let suffix = 0; suffix < 4; suffix++) {
          const blob = b64('p'.repeat(prefix) + canary + 's'.repeat(suffix));
          const leaks = findLeaks(blob, canaries);
          expect(leaks.map((l) => l.canary)).toEqual(['db-password']);
          expect(leaks[0].encoding).toMatch(prefix % 3 === 0 ? /^base64(@0)?$/ : new RegExp(`^base64@${prefix % 3}$`));
        }
      }
    });

    test('finds a basic-auth header and a JWT-style base64url payload', () => {
      // 'admin:' is 6 bytes, so the canary is aligned and ends the buffer.
      const header = `Authorization: Basic ${b64(`admin:${canary}`)}`;
      expect(findLeaks(header, canaries)).toEqual([
        { canary: 'db-password', encoding: expect.stringMatching(/^base64(@0)?$/), index: 'Authorization: Basic YWRtaW46'.length },
      ]);
      const payload = b64url(JSON.stringify({ sub: 'svc', pwd: canary }));
      const leaks = findLeaks(`eyJhbGciOiJub25lIn0.${payload}.`, canaries);
      expect(leaks).toEqual([expect.objectContaining({ canary: 'db-password', encoding: expect.stringMatching(/^base64url@[012]\(json\)$/) })]);
    });

    test('finds a JSON document with the canary, base64-encoded as a Secret value', () => {
      // '{"password":"' is 13 bytes: offset 1.
      const data = b64(JSON.stringify({ password: canary }));
      expect(findLeaks(`config.json: ${data}`, canaries)).toEqual([
        expect.objectContaining({ canary: 'db-password', encoding: 'base64@1(json)' }),
      ]);
    });
  });

  describe('line breaks', () => {
    test('finds a canary folded by a YAML emitter (plain and double-quoted)', () => {
      const found = new Set<string>();
      for (let filler = 20; filler < 70; filler++) {
        const long = 'a'.repeat(filler) + ' ' + canary + ' tail';
        const plain = YAML.stringify({ metadata: { annotations: { note: long } } });
        const quoted = YAML.stringify({ note: long }, { defaultStringType: 'QUOTE_DOUBLE' });
        for (const [doc, base] of [[plain, 'raw'], [quoted, 'json']]) {
          const leaks = findLeaks(doc, canaries);
          expect(leaks).toEqual([expect.objectContaining({ canary: 'db-password', encoding: expect.stringMatching(new RegExp(`^${base}(\\+folded)?$`)) })]);
          found.add(leaks[0].encoding);
          if (leaks[0].encoding.endsWith('+folded')) {
            expect(doc).not.toContain(encodingsOf(canary).find((f) => f.encoding === base)?.text);
          }
        }
      }
      // The emitter folded the canary's own space for some filler lengths.
      expect([...found].sort()).toEqual(['json', 'json+folded', 'raw', 'raw+folded']);
    });

    test('finds line-wrapped base64 (76 columns, indented)', () => {
      const blob = b64('prefix-'.repeat(12) + canary + '-suffix'.repeat(12));
      const wrapped = blob.replace(/(.{76})/g, '$1\n    ');
      expect(wrapped).toContain('\n');
      const leaks = findLeaks(`cert: |\n    ${wrapped}\n`, canaries);
      expect(leaks).toEqual([expect.objectContaining({ canary: 'db-password', encoding: expect.stringMatching(/^base64@[012]\+wrapped$/) })]);
    });

    test('the index of a folded occurrence points at its start', () => {
      const text = `k: >\n  ${canary.replace(' ', '\n  ')}\n`;
      const leaks = findLeaks(text, canaries);
      expect(leaks).toEqual([{ canary: 'db-password', encoding: 'raw+folded', index: 7 }]);
    });
  });

  describe('clean text', () => {
    test('gives no leaks', () => {
      expect(findLeaks('', canaries)).toEqual([]);
      expect(findLeaks('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n', canaries)).toEqual([]);
    });

    test('near misses are not leaks', () => {
      const random = canary.slice(-32);
      // Change a character in the middle of the random part. (Changing only
      // the last bits of the last byte would still match an aligned base64
      // form, which by construction leaves those bits out.)
      const at = canary.length - 10;
      const flipped = canary.slice(0, at) + (canary[at] === '0' ? '1' : '0') + canary.slice(at + 1);
      const truncated = canary.slice(0, -1);
      // Not joined by bare line breaks: the +wrapped view removes them, and a truncated canary followed by a
      // part starting with its missing character would complete it (1 run in 16).
      const text = [flipped, truncated, random, b64(flipped), encodeURIComponent(truncated), makeCanary('db-password')].join('\n#\n');
      expect(findLeaks(text, canaries)).toEqual([]);
    });
  });

  describe('never reveals a canary', () => {
    test('in leaks or formatted messages', () => {
      const text = encodingsOf(canary).map((f) => f.text).join(' | ');
      const leaks = findLeaks(text, canaries);
      expect(new Set(leaks.map((l) => l.encoding))).toEqual(new Set(encodingsOf(canary).map((f) => f.encoding)));
      expectNoValueIn(leaks, canary);
      for (const leak of leaks) {
        expect(Object.keys(leak).sort()).toEqual(['canary', 'encoding', 'index']);
      }
      expect(formatFindings(leaks).split('\n')[0]).toBe(`canary "db-password" found as raw at index 0`);
    });

    test('in errors for invalid canaries', () => {
      const short = 'short-secret';
      expect(short.length).toBeLessThan(MIN_CANARY_LENGTH);
      let message = '';
      try {
        findLeaks('x', { weak: short });
      } catch (e) {
        message = String(e);
      }
      expect(message).toMatch(/Canary "weak" is too short/);
      expect(message).not.toContain(short);

      expect(() => findLeaks('x', { [canary]: canary })).toThrow(/does not contain its value/);
      try {
        findLeaks('x', { [canary]: canary });
      } catch (e) {
        expect(String(e)).not.toContain(canary);
      }
    });
  });
});
