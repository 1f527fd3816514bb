/**
 * Test-only decryption of kubeseal's format, written from the spec
 * (sealed-secrets `pkg/crypto` HybridDecrypt), independently of the sealer:
 *
 *   uint16be(len(rsa)) || rsa-oaep(sha256, label)(sessionKey) || aes-256-gcm(zero nonce)(value) || tag
 */
import { constants, createDecipheriv, KeyObject, privateDecrypt, webcrypto } from 'crypto';

/** The pieces of one sealed value. */
export interface SealedParts {
  /** Value of the 2-byte big-endian length prefix. */
  readonly rsaLength: number;
  /** The RSA-OAEP wrapped session key. */
  readonly rsaCiphertext: Buffer;
  /** AES-GCM ciphertext without the tag. */
  readonly aesCiphertext: Buffer;
  /** The 16-byte GCM tag. */
  readonly tag: Buffer;
}

/** Decodes strict, padded, standard base64 (what Go's base64.StdEncoding accepts). */
export function decodeStdBase64(text: string): Buffer {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new Error('not standard padded base64');
  }
  return Buffer.from(text, 'base64');
}

/** Splits a base64 sealed value into its parts, checking the lengths. */
export function splitSealed(sealedBase64: string): SealedParts {
  const bytes = decodeStdBase64(sealedBase64);
  if (bytes.length < 2) throw new Error('sealed value too short');
  const rsaLength = bytes.readUInt16BE(0);
  if (bytes.length < 2 + rsaLength + 16) throw new Error('sealed value too short');
  const rsaCiphertext = bytes.subarray(2, 2 + rsaLength);
  const aes = bytes.subarray(2 + rsaLength);
  return {
    rsaLength,
    rsaCiphertext,
    aesCiphertext: aes.subarray(0, aes.length - 16),
    tag: aes.subarray(aes.length - 16),
  };
}

/** Decrypts a base64 sealed value with the controller's private key and the scope label. */
export function unsealValue(privateKey: KeyObject, sealedBase64: string, label: string): Buffer {
  const parts = splitSealed(sealedBase64);
  const sessionKey = privateDecrypt(
    {
      key: privateKey,
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
      oaepLabel: Buffer.from(label, 'utf8'),
    },
    parts.rsaCiphertext,
  );
  if (sessionKey.length !== 32) throw new Error(`session key is ${sessionKey.length} bytes, expected 32`);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(parts.tag);
  return Buffer.concat([decipher.update(parts.aesCiphertext), decipher.final()]);
}

/**
 * The same decryption through WebCrypto (crypto.webcrypto.subtle), a second,
 * independent code path: the sealer uses Node's publicEncrypt/createCipheriv.
 */
export async function unsealValueWebCrypto(privateKey: KeyObject, sealedBase64: string, label: string): Promise<Buffer> {
  const parts = splitSealed(sealedBase64);
  const subtle = webcrypto.subtle;
  const rsaKey = await subtle.importKey(
    'pkcs8',
    privateKey.export({ type: 'pkcs8', format: 'der' }),
    { name: 'RSA-OAEP', hash: 'SHA-256' },
    false,
    ['decrypt'],
  );
  const sessionKey = await subtle.decrypt({ name: 'RSA-OAEP', label: new TextEncoder().encode(label) }, rsaKey, parts.rsaCiphertext);
  const aesKey = await subtle.importKey('raw', sessionKey, { name: 'AES-GCM' }, false, ['decrypt']);
  const plaintext = await subtle.decrypt(
    { name: 'AES-GCM', iv: new Uint8Array(12), tagLength: 128 },
    aesKey,
    Buffer.concat([parts.aesCiphertext, parts.tag]),
  );
  return Buffer.from(plaintext);
}
