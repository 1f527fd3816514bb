import * as fs from 'fs';
import * as path from 'path';
import {
  checkScope, emptySealedFile, isSealedValue, parseSealedFile, readSealedFile, SealedFile, serializeSealedFile, updateSealedFile, withSealedKey, writeSealedFile,
} from '../../../lib/secrets/sealed/sealed-file';
import { lockFileFor } from '../../../lib/secrets/sealed/file-lock';
import { SealingScope } from '../../../lib/secrets/sealing';
import { makeCanary, findLeaks } from '../../../lib/scan';
import { fakeCiphertext, fakeFingerprint, tempDir } from './support/sealed';
import { thrown } from '../../support/errors';

const key = (seed: string) => ({ certificateFingerprint: fakeFingerprint('c'), ciphertext: fakeCiphertext(seed) });

function sample(): SealedFile {
  return {
    version: 1,
    entries: {
      'shop/db': { scope: SealingScope.STRICT, keys: { username: key('u'), password: key('p') } },
      'default/api': { scope: SealingScope.NAMESPACE_WIDE, keys: { token: key('t') } },
    },
  };
}

describe('sealed file format', () => {
  test('serializes with entries and keys sorted, fixed field order, 2-space indent and a trailing newline', () => {
    const text = serializeSealedFile(sample());
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['version', 'entries']);
    expect(Object.keys(parsed.entries)).toEqual(['default/api', 'shop/db']);
    expect(Object.keys(parsed.entries['shop/db'])).toEqual(['scope', 'keys']);
    expect(Object.keys(parsed.entries['shop/db'].keys)).toEqual(['password', 'username']);
    expect(Object.keys(parsed.entries['shop/db'].keys.password)).toEqual(['certificateFingerprint', 'ciphertext']);
    expect(text).toContain('\n  "entries": {\n    "default/api": {\n      "scope": "namespace-wide",');
  });

  test('is deterministic: insertion order does not matter, and parse + serialize is the identity', () => {
    const a = sample();
    const b: SealedFile = { version: 1, entries: { 'default/api': a.entries['default/api'], 'shop/db': { scope: SealingScope.STRICT, keys: { password: key('p'), username: key('u') } } } };
    expect(serializeSealedFile(a)).toBe(serializeSealedFile(b));
    const text = serializeSealedFile(a);
    expect(serializeSealedFile(parseSealedFile(text))).toBe(text);
    expect(parseSealedFile(text)).toEqual(a);
  });

  test('withSealedKey adds and replaces keys without touching other entries', () => {
    const file = withSealedKey(sample(), { namespace: 'shop', name: 'db', key: 'password', scope: SealingScope.STRICT, certificateFingerprint: fakeFingerprint('new'), ciphertext: fakeCiphertext('new') });
    expect(file.entries['shop/db'].keys.password).toEqual({ certificateFingerprint: fakeFingerprint('new'), ciphertext: fakeCiphertext('new') });
    expect(file.entries['shop/db'].keys.username).toEqual(key('u'));
    expect(file.entries['default/api']).toEqual(sample().entries['default/api']);
    const added = withSealedKey(emptySealedFile(), { namespace: 'x', name: 'y', key: 'k', scope: SealingScope.CLUSTER_WIDE, certificateFingerprint: fakeFingerprint('a'), ciphertext: fakeCiphertext('a') });
    expect(added.entries['x/y'].scope).toBe('cluster-wide');
  });

  test('all keys of an entry share one scope; re-sealing the only key may change it', () => {
    expect(() => checkScope(sample(), { namespace: 'shop', name: 'db', key: 'password', scope: SealingScope.CLUSTER_WIDE })).toThrow(
      'entry "shop/db" holds keys sealed for scope "strict" (username), and all keys of a SealedSecret share one scope. Fix: seal with --scope strict, or delete the entry "shop/db" from the file and seal every key again with --scope cluster-wide',
    );
    const file = withSealedKey(sample(), { namespace: 'default', name: 'api', key: 'token', scope: SealingScope.STRICT, certificateFingerprint: fakeFingerprint('a'), ciphertext: fakeCiphertext('a') });
    expect(file.entries['default/api'].scope).toBe('strict');
  });

  test('a key named __proto__ is an ordinary key', () => {
    const file = withSealedKey(emptySealedFile(), { namespace: 'a', name: 'b', key: '__proto__', scope: SealingScope.STRICT, certificateFingerprint: fakeFingerprint('a'), ciphertext: fakeCiphertext('a') });
    const parsed = parseSealedFile(serializeSealedFile(file));
    expect(Object.keys(parsed.entries['a/b'].keys)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(parsed.entries['a/b'].keys)).toBe(Object.prototype);
  });

  test('isSealedValue accepts kubeseal-shaped base64 only', () => {
    expect(isSealedValue(fakeCiphertext('x'))).toBe(true);
    expect(isSealedValue('')).toBe(false);
    expect(isSealedValue('plain text')).toBe(false);
    expect(isSealedValue(Buffer.from('short').toString('base64'))).toBe(false);
    expect(isSealedValue(fakeCiphertext('x').replace(/=+$/, ''))).toBe(false);
    expect(isSealedValue(Buffer.alloc(546, 0x5a).toString('base64'))).toBe(false); // length prefix larger than the data
  });
});

describe('parseSealedFile errors', () => {
  test('invalid JSON names the position and never quotes the text', () => {
    const canary = makeCanary('pasted');
    const e = thrown(() => parseSealedFile(`{\n  "version": 1,\n  "entries": ${canary}\n}`, 'secrets/sealed.json'));
    expect(e.message).toMatch(/^secrets\/sealed\.json: is not valid JSON/);
    expect(e.message).toContain('Fix: restore the file from version control');
    expect(findLeaks(e.message, { canary })).toEqual([]);
  });

  test('lists every problem with its JSON path and never echoes a value', () => {
    const canary = makeCanary('plaintext');
    const text = JSON.stringify({
      version: 2,
      extra: true,
      entries: {
        'Bad Namespace/db': { scope: 'strict', keys: { password: key('p') } },
        'shop/db': { scope: 'everywhere', keys: { 'bad key!': key('k'), password: { certificateFingerprint: 'ABC', ciphertext: canary, note: 'x' } } },
        'shop/empty': { scope: 'strict', keys: {} },
        'shop/list': [],
      },
    });
    const e = thrown(() => parseSealedFile(text, 'sealed.json'));
    expect(e.message).toBe([
      'sealed.json is not a valid sealed file:',
      '  - $.extra: unknown field (allowed: version, entries)',
      '  - $.version: must be 1, got 2; this version of dapr-secure-constructs reads version 1',
      '  - $.entries["Bad Namespace/db"]: the entry id must be "<namespace>/<name>" with a DNS-1123 namespace and Secret name',
      '  - $.entries["shop/db"].scope: must be one of "strict", "namespace-wide", "cluster-wide"',
      '  - $.entries["shop/db"].keys["bad key!"]: is not a valid Secret data key (letters, digits, "-", "_" and ".")',
      '  - $.entries["shop/db"].keys["password"].note: unknown field (allowed: certificateFingerprint, ciphertext)',
      '  - $.entries["shop/db"].keys["password"].certificateFingerprint: must be the lowercase hex SHA-256 of the sealing certificate (64 characters)',
      '  - $.entries["shop/db"].keys["password"].ciphertext: must be a kubeseal ciphertext (standard base64 of a 2-byte length, an RSA-wrapped session key and AES-GCM data); the value is not shown',
      '  - $.entries["shop/empty"].keys: has no keys; remove the entry instead',
      '  - $.entries["shop/list"]: must be an object, got array',
      'Fix: restore the file from version control, or fix the entry and re-run `npx dapr-secure seal` for it',
    ].join('\n'));
    expect(findLeaks(e.message, { canary })).toEqual([]);
  });

  test('a root that is not an object, and missing fields', () => {
    expect(() => parseSealedFile('[]', 'f')).toThrow('f: $: must be an object with "version" and "entries", got array.');
    expect(() => parseSealedFile('{}', 'f')).toThrow('f is not a valid sealed file:\n  - $.version: is required (1)\n  - $.entries: is required\n');
  });
});

describe('reading and writing', () => {
  test('a missing file is an error unless allowed, then it reads as empty', () => {
    const file = path.join(tempDir(), 'sealed.json');
    expect(() => readSealedFile(file)).toThrow(`cannot read sealed file ${file}: ENOENT`);
    expect(readSealedFile(file, { allowMissing: true })).toEqual(emptySealedFile());
  });

  test('writeSealedFile creates the folder, writes the serialization and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'secrets', 'sealed.json');
    writeSealedFile(file, sample());
    expect(fs.readFileSync(file, 'utf8')).toBe(serializeSealedFile(sample()));
    expect(fs.readdirSync(path.dirname(file))).toEqual(['sealed.json']);
    expect(readSealedFile(file)).toEqual(sample());
  });

  test.each([
    ['while writing (disk full half way)', 'writeSync'],
    ['while flushing', 'fsyncSync'],
    ['while renaming', 'renameSync'],
  ] as const)('a failure %s leaves the previous file intact and removes the temporary file', (_when, step) => {
    const dir = tempDir();
    const file = path.join(dir, 'sealed.json');
    writeSealedFile(file, sample());
    const before = fs.readFileSync(file, 'utf8');
    const next = withSealedKey(sample(), { namespace: 'shop', name: 'db', key: 'password', scope: SealingScope.STRICT, certificateFingerprint: fakeFingerprint('n'), ciphertext: fakeCiphertext('n') });
    // The fs module object itself (`import * as` gives a read-only view of it).
    const nodeFs: typeof fs = require('fs');
    const real = nodeFs[step] as (...args: any[]) => any;
    const spy = jest.spyOn(nodeFs, step).mockImplementation(((...args: any[]) => {
      if (step === 'writeSync') {
        // write the first half, then fail like a full disk
        const [fd, buffer] = args as [number, Buffer];
        real(fd, buffer, 0, Math.floor(buffer.length / 2));
      }
      throw Object.assign(new Error(`simulated ${step} failure`), { code: 'ENOSPC' });
    }) as any);
    try {
      expect(() => writeSealedFile(file, next)).toThrow(`simulated ${step} failure`);
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['sealed.json']);
    writeSealedFile(file, next);
    expect(readSealedFile(file)).toEqual(next);
  });
});

describe('updateSealedFile', () => {
  const update = (seed: string) => (current: SealedFile) => withSealedKey(current, {
    namespace: 'shop', name: 'db', key: seed, scope: SealingScope.STRICT, certificateFingerprint: fakeFingerprint(seed), ciphertext: fakeCiphertext(seed),
  });

  test('applies the change to the file as it is on disk (missing reads as empty), writes it and releases the lock', () => {
    const file = path.join(tempDir(), 'secrets', 'sealed.json');
    const first = updateSealedFile(file, update('a'));
    expect(Object.keys(first.entries['shop/db'].keys)).toEqual(['a']);
    updateSealedFile(file, update('b'));
    expect(Object.keys(readSealedFile(file).entries['shop/db'].keys).sort()).toEqual(['a', 'b']);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['sealed.json']);
  });

  test('while the lock is held it neither reads nor writes, and fails naming the lock file', () => {
    const file = path.join(tempDir(), 'sealed.json');
    writeSealedFile(file, sample());
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(lockFileFor(file), '');
    const change = jest.fn(update('c'));
    expect(() => updateSealedFile(file, change, { timeoutMs: 30 })).toThrow(`the lock file ${file}.lock still exists after waiting 0.03 s`);
    expect(change).not.toHaveBeenCalled();
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('a change that throws leaves the file as it was and releases the lock', () => {
    const file = path.join(tempDir(), 'sealed.json');
    writeSealedFile(file, sample());
    const before = fs.readFileSync(file, 'utf8');
    expect(() => updateSealedFile(file, () => { throw new Error('scope conflict'); })).toThrow('scope conflict');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['sealed.json']);
  });
});
