/**
 * Test-only builder for self-signed X.509 certificates.
 *
 * Node can parse certificates (crypto.X509Certificate) but not create them, so
 * this writes the minimal DER by hand and signs the TBSCertificate with
 * crypto.sign. Keys stay in memory; nothing is written to disk.
 */
import { KeyObject, randomBytes, sign } from 'crypto';

/** Encodes a DER length. */
function derLength(length: number): Buffer {
  if (length < 0x80) {
    return Buffer.from([length]);
  }
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) {
    bytes.unshift(n % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one DER tag-length-value. */
function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

/** DER SEQUENCE. */
function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

/** DER SET. */
function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

/** DER INTEGER from non-negative big-endian bytes. */
function integer(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let content = bytes.subarray(i);
  if (content[0] & 0x80) content = Buffer.concat([Buffer.from([0]), content]);
  return tlv(0x02, content);
}

/** DER OBJECT IDENTIFIER from dotted notation. */
function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) {
      chunk.unshift((n & 0x7f) | 0x80);
    }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** DER NULL. */
const NULL = Buffer.from([0x05, 0x00]);

/** X.509 Time: UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) {
    return tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'));
  }
  return tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

/** Name with a single commonName RDN. */
function name(commonName: string): Buffer {
  return sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

/** Options for {@link createSelfSignedCertificate}. */
export interface SelfSignedCertificateOptions {
  /** Key pair; the certificate holds the public key and is signed by the private key. */
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  /** Subject and issuer common name. */
  readonly commonName?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

/**
 * Creates a self-signed X.509 v3 certificate (PEM) for an RSA or EC key pair,
 * signed with sha256WithRSAEncryption or ecdsa-with-SHA256.
 */
export function createSelfSignedCertificate(options: SelfSignedCertificateOptions): string {
  const keyType = options.privateKey.asymmetricKeyType;
  let signatureAlgorithm: Buffer;
  if (keyType === 'rsa') {
    signatureAlgorithm = sequence(oid('1.2.840.113549.1.1.11'), NULL);
  } else if (keyType === 'ec') {
    signatureAlgorithm = sequence(oid('1.2.840.10045.4.3.2'));
  } else {
    throw new Error(`unsupported key type ${keyType}`);
  }
  const subject = name(options.commonName ?? 'sealed-secret');
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 24 * 3600_000);
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive

  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // [0] EXPLICIT version v3
    integer(serial),
    signatureAlgorithm,
    subject, // issuer (self-signed)
    sequence(time(notBefore), time(notAfter)),
    subject,
    options.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, options.privateKey);
  const der = sequence(tbs, signatureAlgorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));

  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
