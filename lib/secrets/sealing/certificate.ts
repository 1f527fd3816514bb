import { createHash, KeyObject, X509Certificate } from 'crypto';

/**
 * A parsed Sealed Secrets controller certificate (`kubeseal --fetch-cert`).
 */
export interface SealingCertificate {
  /** The controller's RSA public key, used to wrap each session key. */
  readonly publicKey: KeyObject;

  /** Lowercase hex SHA-256 of the certificate's DER encoding. */
  readonly fingerprint: string;

  /** End of the certificate's validity period. */
  readonly notAfter: Date;

  /**
   * Whether `notAfter` is before the time given to
   * {@link parseSealingCertificate}. This is reported rather than thrown so
   * callers can warn; note that kubeseal itself refuses an expired certificate.
   */
  readonly expired: boolean;
}

/** The first PEM certificate block in a string (kubeseal also uses the first). */
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;

/** OpenSSL's `validTo` format, e.g. `Jan  1 00:00:00 2030 GMT`. */
const OPENSSL_TIME = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4,}) GMT$/;

/** Month abbreviations in OpenSSL's time format. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Where a valid certificate comes from, appended to parse errors. */
const FETCH_HINT = 'fetch the controller certificate with `kubeseal --fetch-cert`';

/**
 * Parses the Sealed Secrets controller certificate used for sealing.
 *
 * Throws if `pem` holds no PEM certificate, or if the certificate's key is not
 * an RSA key. An expired certificate is not an error: it is returned with
 * `expired: true`. The input is never echoed in an error message.
 *
 * @param pem the PEM text; the first certificate in it is used
 * @param now the time to check expiry against (default: the current time)
 */
export function parseSealingCertificate(pem: string, now: Date = new Date()): SealingCertificate {
  if (typeof pem !== 'string') {
    throw new Error(`sealing certificate must be a pem string: ${FETCH_HINT}`);
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new Error(`sealing certificate input contains a private key: never pass private keys here; ${FETCH_HINT}`);
  }
  const block = PEM_CERTIFICATE.exec(pem);
  if (!block) {
    throw new Error(`sealing certificate is not a pem certificate (no "-----BEGIN CERTIFICATE-----" block): ${FETCH_HINT}`);
  }

  let cert: X509Certificate;
  try {
    cert = new X509Certificate(block[0]);
  } catch {
    throw new Error(`sealing certificate is not a valid pem certificate (the certificate block could not be parsed): ${FETCH_HINT}`);
  }

  const publicKey = cert.publicKey;
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`sealing certificate key type is ${publicKey.asymmetricKeyType ?? 'unknown'}, but sealed secrets needs an rsa key: ${FETCH_HINT}`);
  }

  const notAfter = parseOpenSslTime(cert.validTo);
  return {
    publicKey,
    fingerprint: createHash('sha256').update(cert.raw).digest('hex'),
    notAfter,
    expired: now.getTime() > notAfter.getTime(),
  };
}

/** Parses OpenSSL's `validTo` text as UTC, without relying on `Date.parse`. */
function parseOpenSslTime(text: string): Date {
  const m = OPENSSL_TIME.exec(text);
  const month = m ? MONTHS.indexOf(m[1]) : -1;
  if (!m || month < 0) {
    throw new Error(`sealing certificate has an unreadable expiry date "${text}": ${FETCH_HINT}`);
  }
  const date = new Date(0);
  date.setUTCFullYear(Number(m[6]), month, Number(m[2]));
  date.setUTCHours(Number(m[3]), Number(m[4]), Number(m[5]), 0);
  return date;
}
