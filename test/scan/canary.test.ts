import { CANARY_PREFIX, encodingsOf, makeCanary, MIN_CANARY_LENGTH } from '../../lib/scan';
import { seedCanaries } from '../../lib/scan/canary';

describe('makeCanary', () => {
  test('returns a fresh value every time', () => {
    const values = new Set(Array.from({ length: 100 }, () => makeCanary('db-password')));
    expect(values.size).toBe(100);
  });

  test('is made of the fixed prefix, the label and 128 random bits', () => {
    const value = makeCanary('db-password');
    expect(value.startsWith(CANARY_PREFIX)).toBe(true);
    expect(value.slice(CANARY_PREFIX.length)).toMatch(/^db-password:[0-9a-f]{32}$/);
    expect(value.length).toBeGreaterThanOrEqual(MIN_CANARY_LENGTH);
  });

  test('seeded, the same seed draws the same values in the same order; another seed or no seed others', () => {
    const draw = (seed: string | undefined) => {
      seedCanaries(seed);
      return [makeCanary('a'), makeCanary('a'), makeCanary('b')];
    };
    try {
      const first = draw('seed-1');
      expect(draw('seed-1')).toEqual(first);
      expect(new Set(first).size).toBe(3);
      expect(first[0].slice(CANARY_PREFIX.length)).toMatch(/^a:[0-9a-f]{32}$/);
      expect(draw('seed-2').filter((v) => first.includes(v))).toEqual([]);
      expect(draw(undefined).filter((v) => first.includes(v))).toEqual([]);
    } finally {
      seedCanaries(undefined);
    }
  });

  test('contains characters that every encoding changes', () => {
    const value = makeCanary('x');
    for (const char of ['/', '+', '"', '&', '=', '%', ' ', 'é', '\\']) {
      expect(value).toContain(char);
    }
  });

  test('raw, JSON, URL, form, base64, base64url and hex forms all differ', () => {
    for (let i = 0; i < 20; i++) {
      const forms = new Map(encodingsOf(makeCanary(`c${i}`)).map((f) => [f.encoding, f.text]));
      const names = ['raw', 'json', 'url', 'form-urlencoded', 'base64', 'base64url', 'hex'];
      const texts = names.map((name) => forms.get(name));
      expect(texts.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
      expect(new Set(texts).size).toBe(names.length);
      // The prefix guarantees `+` or `/` in every base64 alignment, so the
      // base64url alignment variants are always separate forms.
      // (`base64@0` is the full `base64` form when there is no padding.)
      for (const offset of ['@0', '@1', '@2']) {
        const std = forms.get(`base64${offset}`) ?? forms.get('base64');
        const url = forms.get(`base64url${offset}`) ?? forms.get('base64url');
        expect(url).toBeDefined();
        expect(url?.replace(/=+$/, '')).not.toEqual(std?.replace(/=+$/, ''));
      }
    }
  });

  test('does not look like a real credential', () => {
    const realCredentialPatterns = [
      /AKIA[0-9A-Z]{16}/, // AWS access key id
      /gh[pousr]_[A-Za-z0-9]{36}/, // GitHub token
      /xox[abprs]-/, // Slack token
      /sk_(live|test)_/, // Stripe key
      /AIza[0-9A-Za-z_-]{35}/, // Google API key
      /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./, // JWT
      /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    ];
    for (let i = 0; i < 20; i++) {
      const value = makeCanary('token');
      for (const pattern of realCredentialPatterns) {
        expect(pattern.test(value)).toBe(false);
      }
      expect(value).toMatch(/^dsc-canary:/);
    }
  });

  test('rejects labels that are empty, too long or contain special characters', () => {
    for (const label of ['', ' ', 'a b', 'a/b', 'é', '-x', 'x'.repeat(64)]) {
      expect(() => makeCanary(label)).toThrow(/Invalid canary label/);
    }
    expect(() => makeCanary('x'.repeat(63))).not.toThrow();
    expect(() => makeCanary('Redis_password.v2')).not.toThrow();
  });
});
