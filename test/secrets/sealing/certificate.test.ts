import { createHash, createPublicKey, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseSealingCertificate } from '../../../lib/secrets/sealing';
import { ecController, rsaController, TestController } from './support/keys';
import { thrown } from '../../support/errors';

/** DER bytes of the first PEM block. */
function pemBody(pem: string): Buffer {
  const b64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return Buffer.from(b64, 'base64');
}

describe('test certificate helper', () => {
  test('produces a self-signed certificate that verifies with its own key', () => {
    const c = rsaController();
    const x = new X509Certificate(c.certificatePem);
    expect(x.verify(c.publicKey)).toBe(true);
    expect(x.checkPrivateKey(c.privateKey)).toBe(true);
    expect(x.checkIssued(x)).toBe(true);
    expect(x.verify(rsaController().publicKey)).toBe(false);
  });
});

describe('parseSealingCertificate', () => {
  const notAfter = new Date('2049-06-07T08:09:10Z');
  let controller: TestController;

  beforeAll(() => {
    controller = rsaController(notAfter);
  });

  test('returns the rsa public key, sha256 fingerprint of the DER and expiry', () => {
    const cert = parseSealingCertificate(controller.certificatePem, new Date('2030-01-01T00:00:00Z'));

    expect(cert.publicKey.type).toBe('public');
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect(cert.publicKey.export({ type: 'spki', format: 'der' })).toEqual(controller.publicKey.export({ type: 'spki', format: 'der' }));
    expect(cert.fingerprint).toBe(createHash('sha256').update(pemBody(controller.certificatePem)).digest('hex'));
    expect(cert.fingerprint).toBe(new X509Certificate(controller.certificatePem).fingerprint256.replace(/:/g, '').toLowerCase());
    expect(cert.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(cert.notAfter.toISOString()).toBe('2049-06-07T08:09:10.000Z');
    expect(cert.expired).toBe(false);
  });

  test('reads GeneralizedTime expiry dates (2050 and later)', () => {
    const c = rsaController(new Date('2061-02-03T04:05:06Z'));
    expect(parseSealingCertificate(c.certificatePem).notAfter.toISOString()).toBe('2061-02-03T04:05:06.000Z');
  });

  test('compares expiry against the given time', () => {
    expect(parseSealingCertificate(controller.certificatePem, new Date('2049-06-07T08:09:09Z')).expired).toBe(false);
    expect(parseSealingCertificate(controller.certificatePem, new Date('2049-06-07T08:09:11Z')).expired).toBe(true);
  });

  test('an expired certificate is reported, not thrown', () => {
    const expired = rsaController(new Date(Date.now() - 7 * 24 * 3600 * 1000));
    const cert = parseSealingCertificate(expired.certificatePem);
    expect(cert.expired).toBe(true);
    expect(cert.notAfter.getTime()).toBeLessThan(Date.now());
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
  });

  test('defaults `now` to the current time', () => {
    expect(parseSealingCertificate(controller.certificatePem).expired).toBe(false);
  });

  test('uses the first certificate of a bundle, like kubeseal', () => {
    const other = rsaController();
    const cert = parseSealingCertificate(controller.certificatePem + other.certificatePem);
    expect(cert.fingerprint).toBe(parseSealingCertificate(controller.certificatePem).fingerprint);
  });

  test('accepts CRLF line endings and surrounding text', () => {
    const crlf = `subject=CN = sealed-secret\r\n${controller.certificatePem.replace(/\n/g, '\r\n')}`;
    expect(parseSealingCertificate(crlf).fingerprint).toBe(parseSealingCertificate(controller.certificatePem).fingerprint);
  });

  test('rejects an EC certificate and names the fix', () => {
    const err = thrown(() => parseSealingCertificate(ecController().certificatePem));
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^sealing certificate key type is ec, but sealed secrets needs an rsa key/);
    expect(err.message).toMatch(/kubeseal --fetch-cert/);
  });

  test.each([
    ['empty text', ''],
    ['garbage', 'this is not a certificate'],
    ['a public key pem', createPublicKey(fs.readFileSync(path.join(__dirname, 'support', 'rsa-4096.pub.pem'), 'utf8')).export({ type: 'spki', format: 'pem' }) as string],
  ])('rejects %s as not a pem certificate', (_what, input) => {
    expect(() => parseSealingCertificate(input)).toThrow(/^sealing certificate is not a pem certificate .*kubeseal --fetch-cert/);
  });

  test('rejects a corrupt certificate block', () => {
    const corrupt = '-----BEGIN CERTIFICATE-----\nTUlJQm9ndXM=\n-----END CERTIFICATE-----\n';
    expect(() => parseSealingCertificate(corrupt)).toThrow(/not a valid pem certificate.*could not be parsed.*kubeseal --fetch-cert/);
  });

  test('rejects a non-string', () => {
    expect(() => parseSealingCertificate(undefined as unknown as string)).toThrow(/must be a pem string/);
  });

  test('rejects input holding a private key, without echoing it', () => {
    const { privateKey } = rsaController();
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const keyBody = keyPem.split('\n')[1];
    for (const input of [keyPem, controller.certificatePem + keyPem]) {
      const err = thrown(() => parseSealingCertificate(input));
      expect(err.message).toMatch(/contains a private key/);
      expect(err.message).not.toContain(keyBody);
    }
  });
});
