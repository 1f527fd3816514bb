import { constants, createPublicKey, generateKeyPairSync, privateDecrypt, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseSealingCertificate, SealingCertificate, SealingScope, sealingLabel, sealValue } from '../../../lib/secrets/sealing';
import { randomValue, rsaController, TestController } from './support/keys';
import { splitSealed, unsealValue, unsealValueWebCrypto } from './support/unseal';
import { thrown } from '../../support/errors';

const NAMESPACE = 'payments';
const NAME = 'db-credentials';
const SCOPES = [SealingScope.STRICT, SealingScope.NAMESPACE_WIDE, SealingScope.CLUSTER_WIDE];

describe('sealValue', () => {
  let controller: TestController;
  let cert: SealingCertificate;

  beforeAll(() => {
    controller = rsaController();
    cert = parseSealingCertificate(controller.certificatePem);
  });

  describe.each(SCOPES)('round trip, %s scope', (scope) => {
    const label = () => sealingLabel(scope, NAMESPACE, NAME);

    test.each([
      ['an empty value', ''],
      ['an ascii value', 'generated-at-runtime'],
      ['a multi-byte utf-8 value', 'pässwörd-日本語-🔐-Ωμέγα'],
    ])('%s', (_what, value) => {
      const sealed = sealValue(cert, value, label());
      expect(unsealValue(controller.privateKey, sealed, label()).toString('utf8')).toBe(value);
      expect(unsealValue(controller.privateKey, sealed, label())).toEqual(Buffer.from(value, 'utf8'));
    });

    test('a random value, as string and as Buffer', () => {
      const value = randomValue();
      const fromString = sealValue(cert, value, label());
      const fromBuffer = sealValue(cert, Buffer.from(value, 'utf8'), label());
      expect(unsealValue(controller.privateKey, fromString, label()).toString('utf8')).toBe(value);
      expect(unsealValue(controller.privateKey, fromBuffer, label()).toString('utf8')).toBe(value);
    });

    test('arbitrary binary bytes (not valid utf-8), 64 KiB', () => {
      const value = randomBytes(64 * 1024);
      expect(unsealValue(controller.privateKey, sealValue(cert, value, label()), label())).toEqual(value);
    });

    test('decrypts through WebCrypto as well (independent code path)', async () => {
      const value = `ünïcode-${randomValue()}`;
      const sealed = sealValue(cert, value, label());
      expect((await unsealValueWebCrypto(controller.privateKey, sealed, label())).toString('utf8')).toBe(value);
    });
  });

  test('accepts the public KeyObject instead of the parsed certificate', () => {
    const value = randomValue();
    const label = sealingLabel(SealingScope.STRICT, NAMESPACE, NAME);
    const sealed = sealValue(controller.publicKey, value, label);
    expect(unsealValue(controller.privateKey, sealed, label).toString('utf8')).toBe(value);
  });

  test('the cluster-wide label is the empty OAEP label (same as no label)', () => {
    const sealed = sealValue(cert, randomValue(), sealingLabel(SealingScope.CLUSTER_WIDE));
    const sessionKey = privateDecrypt(
      { key: controller.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      splitSealed(sealed).rsaCiphertext,
    );
    expect(sessionKey.length).toBe(32);
  });

  describe('is bound to its scope label', () => {
    const value = 'bound-value';
    const strict = sealingLabel(SealingScope.STRICT, NAMESPACE, NAME);
    const cases: Array<[string, string, string]> = [
      ['strict, other namespace', strict, sealingLabel(SealingScope.STRICT, 'other-ns', NAME)],
      ['strict, other name', strict, sealingLabel(SealingScope.STRICT, NAMESPACE, 'other-name')],
      ['strict, read as namespace-wide', strict, sealingLabel(SealingScope.NAMESPACE_WIDE, NAMESPACE)],
      ['strict, read as cluster-wide', strict, sealingLabel(SealingScope.CLUSTER_WIDE)],
      ['namespace-wide, other namespace', sealingLabel(SealingScope.NAMESPACE_WIDE, NAMESPACE), sealingLabel(SealingScope.NAMESPACE_WIDE, 'other-ns')],
      ['namespace-wide, read as strict', sealingLabel(SealingScope.NAMESPACE_WIDE, NAMESPACE), strict],
      ['namespace-wide, read as cluster-wide', sealingLabel(SealingScope.NAMESPACE_WIDE, NAMESPACE), sealingLabel(SealingScope.CLUSTER_WIDE)],
      ['cluster-wide, read as strict', sealingLabel(SealingScope.CLUSTER_WIDE), strict],
      ['cluster-wide, read as namespace-wide', sealingLabel(SealingScope.CLUSTER_WIDE), sealingLabel(SealingScope.NAMESPACE_WIDE, NAMESPACE)],
    ];

    test.each(cases)('%s fails', async (_what, sealLabel, openLabel) => {
      const sealed = sealValue(cert, value, sealLabel);
      expect(unsealValue(controller.privateKey, sealed, sealLabel).toString('utf8')).toBe(value);
      expect(() => unsealValue(controller.privateKey, sealed, openLabel)).toThrow();
      await expect(unsealValueWebCrypto(controller.privateKey, sealed, openLabel)).rejects.toThrow();
    });

    test('another controller key fails', () => {
      const other = rsaController();
      const sealed = sealValue(cert, value, strict);
      expect(() => unsealValue(other.privateKey, sealed, strict)).toThrow();
    });
  });

  test('uses a fresh session key for every seal', () => {
    const label = sealingLabel(SealingScope.STRICT, NAMESPACE, NAME);
    const value = randomValue();
    const sealed = Array.from({ length: 5 }, () => sealValue(cert, value, label));
    expect(new Set(sealed).size).toBe(5);
    // A different session key changes the AES part too, not just the (randomized) RSA-OAEP part.
    const aesParts = sealed.map((s) => Buffer.concat([splitSealed(s).aesCiphertext, splitSealed(s).tag]).toString('hex'));
    expect(new Set(aesParts).size).toBe(5);
    for (const s of sealed) {
      expect(unsealValue(controller.privateKey, s, label).toString('utf8')).toBe(value);
    }
  });

  test('has the kubeseal byte layout and standard padded base64', () => {
    const label = sealingLabel(SealingScope.STRICT, NAMESPACE, NAME);
    const modulusBytes = controller.publicKey.asymmetricKeyDetails!.modulusLength! / 8;
    expect(modulusBytes).toBe(256);
    for (const length of [0, 1, 2, 3, 31, 100]) {
      const value = randomBytes(length);
      const sealed = sealValue(cert, value, label);
      expect(sealed).toMatch(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
      const bytes = Buffer.from(sealed, 'base64');
      expect(bytes.toString('base64')).toBe(sealed);
      expect(bytes.readUInt16BE(0)).toBe(modulusBytes);
      expect(bytes.length).toBe(2 + modulusBytes + length + 16);
      const parts = splitSealed(sealed);
      expect(parts.aesCiphertext.length).toBe(length);
      expect(parts.tag.length).toBe(16);
    }
  });

  test('length prefix follows the key size (4096-bit, the controller default)', () => {
    // Only the public half is needed for the layout (and generating a 4096-bit pair takes seconds); the
    // round trip through a private key is the same code for every key size, and is tested above with 2048.
    const big = createPublicKey(fs.readFileSync(path.join(__dirname, 'support', 'rsa-4096.pub.pem'), 'utf8'));
    expect(big.asymmetricKeyDetails!.modulusLength).toBe(4096);
    const sealed = sealValue(big, 'x', 'ns');
    expect(splitSealed(sealed).rsaLength).toBe(512);
    expect(Buffer.from(sealed, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x02, 0x00]));
    expect(Buffer.from(sealed, 'base64').length).toBe(2 + 512 + 1 + 16);
  });

  test('the tag authenticates the value', () => {
    const label = sealingLabel(SealingScope.STRICT, NAMESPACE, NAME);
    const bytes = Buffer.from(sealValue(cert, randomValue(), label), 'base64');
    bytes[bytes.length - 20] ^= 0x01; // flip a bit in the AES ciphertext
    expect(() => unsealValue(controller.privateKey, bytes.toString('base64'), label)).toThrow();
  });

  describe('rejects', () => {
    test('a private key', () => {
      expect(() => sealValue(controller.privateKey, 'x', '')).toThrow(/needs a public key, but got a private key/);
    });

    test('a non-rsa key', () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      expect(() => sealValue(ec.publicKey, 'x', '')).toThrow(/needs an rsa public key, but got a key of type ec/);
    });

    test('something that is not a key', () => {
      expect(() => sealValue({} as SealingCertificate, 'x', '')).toThrow(/parseSealingCertificate/);
      expect(() => sealValue(undefined as unknown as SealingCertificate, 'x', '')).toThrow(/parseSealingCertificate/);
    });

    test('a non-string label', () => {
      expect(() => sealValue(cert, 'x', undefined as unknown as string)).toThrow(/label must be a string.*sealingLabel/);
    });

    test('a plaintext that is neither string nor Buffer', () => {
      expect(() => sealValue(cert, 42 as unknown as string, '')).toThrow(/string or a Buffer/);
    });

    test('without putting the plaintext in the message', () => {
      const value = randomValue();
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const errors = [
        thrown(() => sealValue(ec.publicKey, value, '')),
        thrown(() => sealValue(controller.privateKey, value, '')),
        thrown(() => sealValue(cert, value, 7 as unknown as string)),
      ];
      for (const err of errors) {
        expect(err.message).not.toContain(value);
        expect(err.stack ?? '').not.toContain(value);
      }
    });
  });
});
