/**
 * Test-only key material, generated at runtime and kept in memory (the pool's private keys sit in the
 * run's temporary root, which global-teardown.js removes).
 */
import { generateKeyPairSync, KeyObject, createPrivateKey, createPublicKey } from 'crypto';
import * as fs from 'fs';
import { randomBytesSeeded } from '../../../support/random';
import { createSelfSignedCertificate } from './x509';

/** An in-memory controller key pair and its self-signed certificate. */
export interface TestController {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
}

const DAY_MS = 24 * 3600 * 1000;

let pool: string[] | undefined;
let drawn = 0;

/**
 * An RSA-2048 key pair no earlier call in this test file returned. The first few come from the pool that
 * global-setup.js generates once per run (RSA key generation is the slow part of a controller); after
 * those, and without the pool, a fresh pair is generated.
 */
function rsaKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  const file = process.env.DAPR_SECURE_TEST_RSA_POOL;
  pool ??= file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as string[] : [];
  const pem = pool[drawn++];
  if (pem === undefined) return generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** An RSA-2048 controller key pair, distinct from the others of this test file, with a certificate valid from now - 1 day to `notAfter`. */
export function rsaController(notAfter: Date = new Date(Date.now() + 365 * DAY_MS)): TestController {
  const { publicKey, privateKey } = rsaKeyPair();
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
