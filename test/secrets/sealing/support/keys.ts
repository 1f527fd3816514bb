/**
 * Test-only key material, generated at runtime and kept in memory.
 */
import { generateKeyPairSync, KeyObject } from 'crypto';
import { randomBytesSeeded } from '../../../support/random';
import { createSelfSignedCertificate } from './x509';

/** An in-memory controller key pair and its self-signed certificate. */
export interface TestController {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** A fresh RSA-2048 controller key pair with a certificate valid from now - 1 day to `notAfter`. */
export function rsaController(notAfter: Date = new Date(Date.now() + 365 * DAY_MS)): TestController {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificatePem = createSelfSignedCertificate({
    publicKey,
    privateKey,
    commonName: 'sealed-secret',
    notBefore: new Date(Math.min(Date.now(), notAfter.getTime()) - DAY_MS),
    notAfter,
  });
  return { publicKey, privateKey, certificatePem };
}

/** A fresh P-256 key pair with a certificate, for negative tests. */
export function ecController(): TestController {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { publicKey, privateKey, certificatePem: createSelfSignedCertificate({ publicKey, privateKey }) };
}

/** A random value (from the run's seed) that cannot be mistaken for a real credential. */
export function randomValue(bytes = 24): string {
  return `test-${randomBytesSeeded(bytes).toString('hex')}`;
}
