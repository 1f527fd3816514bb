import { constants, createCipheriv, KeyObject, publicEncrypt, randomBytes } from 'crypto';
import { SealingCertificate } from './certificate';

/** AES-256 session key length in bytes (`sessionKeyBytes` in kubeseal). */
const SESSION_KEY_BYTES = 32;

/** AES-GCM nonce length in bytes; kubeseal uses an all-zero nonce. */
const GCM_NONCE_BYTES = 12;

/**
 * Seals one value exactly as kubeseal does (`HybridEncrypt` in sealed-secrets
 * `pkg/crypto`), returning the standard base64 text for a SealedSecret's
 * `spec.encryptedData`.
 *
 * A fresh 32-byte session key encrypts the value with AES-256-GCM (zero
 * nonce, no AAD, tag appended) and is itself wrapped with RSA-OAEP (SHA-256,
 * MGF1-SHA-256) under `label`. The bytes are
 * `uint16be(len(rsa)) || rsa || aes-ciphertext || tag`.
 *
 * The plaintext never appears in an error message.
 *
 * @param cert the parsed controller certificate, or its RSA public key
 * @param plaintext the value to seal; strings are encoded as UTF-8
 * @param label the scope label, from {@link sealingLabel}
 */
export function sealValue(cert: SealingCertificate | KeyObject, plaintext: Buffer | string, label: string): string {
  const key = sealingKey(cert);
  if (typeof label !== 'string') {
    throw new Error('sealing label must be a string: compute it with sealingLabel(scope, namespace, name)');
  }
  if (typeof plaintext !== 'string' && !Buffer.isBuffer(plaintext)) {
    throw new Error('value to seal must be a string or a Buffer');
  }
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;

  const sessionKey = randomBytes(SESSION_KEY_BYTES);
  try {
    const wrappedKey = publicEncrypt(
      {
        key,
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha256',
        oaepLabel: Buffer.from(label, 'utf8'),
      },
      sessionKey,
    );
    if (wrappedKey.length > 0xffff) {
      throw new Error('sealing key is too large: the rsa ciphertext length must fit in 16 bits');
    }

    const cipher = createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(GCM_NONCE_BYTES));
    const sealed = Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);

    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(wrappedKey.length, 0);
    return Buffer.concat([prefix, wrappedKey, sealed]).toString('base64');
  } finally {
    sessionKey.fill(0);
  }
}

/** Returns the RSA public key to seal with, rejecting anything else. */
function sealingKey(cert: SealingCertificate | KeyObject): KeyObject {
  const key = cert instanceof KeyObject ? cert : cert?.publicKey;
  if (!(key instanceof KeyObject)) {
    throw new Error('sealing needs a certificate from parseSealingCertificate() or an rsa public KeyObject');
  }
  if (key.type !== 'public') {
    throw new Error(`sealing needs a public key, but got a ${key.type} key: pass the controller certificate, never a private key`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(`sealing needs an rsa public key, but got a key of type ${key.asymmetricKeyType ?? 'unknown'}: use the sealed secrets controller certificate`);
  }
  return key;
}
