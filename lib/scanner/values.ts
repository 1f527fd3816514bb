import { looksLikeCredential } from '../components/catalog/sensitive-rules';

/** A reference filled in later (`$(VAR)`, `${VAR}`, `{{ .x }}`, `<password>`), not a value. */
const PLACEHOLDER = /^\s*(\$\([^)]*\)|\$\{[^}]*\}|\{\{.*\}\}|<[^<>]*>)\s*$/s;
/** Values that never are credentials, even under a credential-like name. */
const NOT_A_SECRET_VALUE = /^(true|false|yes|no|on|off|enabled?|disabled?|none|null|nil|required|optional|\d{1,5}|\/[\w./-]*|\*+|x+|-)$/i;

/** True when `value` is a reference to fill in or a word like `true`, never a credential. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/** True when a literal `value` under a credential-like name is worth reporting. */
export function isMeaningfulSecret(value: string): boolean {
  const v = value.trim();
  return v.length > 0 && !isPlaceholder(v) && !NOT_A_SECRET_VALUE.test(v);
}

/** Endings of names that only look like credentials: settings about one (`SECRET_STORE`, `TOKEN_TIMEOUT`). */
const SETTING_ABOUT_A_CREDENTIAL = /(store|storename|ref|keyid|length|size|expiry|expiration|expires|timeout|seconds|minutes|hours|days|mode|provider|backend|algorithm|method|policy|source|location|dir|directory|host|port|user|username|namespace|count|interval|format|kind)$/i;

/** True when an environment variable (or `dapr.io/env`) name looks like it holds a credential. */
export function isCredentialName(name: string): boolean {
  return looksLikeCredential(name) && !SETTING_ABOUT_A_CREDENTIAL.test(name.replace(/[-_.]/g, ''));
}

/** A span of a value: what to report, never the value itself. */
export interface Span {
  readonly index: number;
  readonly length: number;
}

const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/:@'"]*):([^\s/@'"]+)@[^\s/@'"]/gi;

/** Where a URL in `value` carries a password (`scheme://user:password@host`), placeholders excepted. */
export function urlPassword(value: string): Span | undefined {
  for (const m of value.matchAll(URL_PASSWORD)) {
    const password = m[2];
    if (isPlaceholder(password) || /^\*+$/.test(password)) continue;
    return { index: m.index! + m[0].indexOf(':', m[0].indexOf('://') + 3), length: password.length + 1 };
  }
  return undefined;
}

const PASSWORD_PAIR = /(^|[;\s?&,])(password|passwd|pwd)\s*=("[^"]*"|'[^']*'|[^;&\s,]+)/gi;

/** Where a connection string in `value` carries `Password=...` (ADO, JDBC, ODBC) or a `password=` query. */
export function connectionStringPassword(value: string): Span | undefined {
  for (const m of value.matchAll(PASSWORD_PAIR)) {
    const raw = m[3].replace(/^["']|["']$/g, '');
    if (raw === '' || isPlaceholder(raw) || /^\*+$/.test(raw)) continue;
    return { index: m.index! + m[1].length, length: m[0].length - m[1].length };
  }
  return undefined;
}

const PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----[\s\\n]*[A-Za-z0-9+/=:,\s\\-]{16,}?-----END \1PRIVATE KEY\2-----/;

/** Where `value` holds a PEM private key with a body. */
export function privateKey(value: string): Span | undefined {
  const m = PRIVATE_KEY.exec(value);
  return m ? { index: m.index, length: m[0].length } : undefined;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const PUBLIC_PEM = /^(CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|PUBLIC KEY|RSA PUBLIC KEY)$/;

/** True when `value` holds only PEM certificates or public keys (never a finding), and at least one. */
export function isCertificateOnly(value: string): boolean {
  if (!value.includes('-----BEGIN')) return false;
  let blocks = 0;
  const rest = value.replace(PEM_BLOCK, (_all, type: string) => {
    blocks += PUBLIC_PEM.test(type) ? 1 : Number.NaN;
    return '';
  });
  return blocks > 0 && rest.trim() === '';
}

/** Decodes base64 to text, or undefined when it is not base64. */
export function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  return Buffer.from(compact, 'base64').toString('latin1');
}

/** The `NAME=value` pairs of a `dapr.io/env` annotation, as the injector splits them. */
export function daprEnvPairs(annotation: string): Array<{ readonly name: string; readonly value: string }> {
  return annotation.split(',').map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? { name: p.trim(), value: '' } : { name: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim() };
  }).filter((p) => p.name !== '');
}

/**
 * A preview that helps find a value without giving it away: at most the first two characters of a value of
 * 12 or more characters, and its length. `span`, when given, is the part that is secret; the text around it
 * (a URL's scheme and host, a connection string's other keys) is shown, cut to 60 characters.
 */
export function redactedPreview(value: string, span?: Span): string {
  if (span) {
    const before = maskOthers(value.slice(Math.max(0, span.index - 30), span.index));
    const after = maskOthers(value.slice(span.index + span.length, span.index + span.length + 30));
    const secret = value.slice(span.index, span.index + span.length);
    const keep = secret.match(/^(:|[A-Za-z]+\s*=\s*)/)?.[0] ?? '';
    return `${JSON.stringify(`${span.index > 30 ? '…' : ''}${before}${keep}•••${after}${span.index + span.length + 30 < value.length ? '…' : ''}`)} (${secret.length - keep.length} secret characters hidden)`;
  }
  const shown = value.length >= 12 ? value.slice(0, 2) : '';
  return `${JSON.stringify(`${shown}•••`)} (${value.length} characters)`;
}

/** The text around a reported span, with any other password in it hidden too. */
function maskOthers(context: string): string {
  return context
    .replace(PASSWORD_PAIR, (_all, lead: string, key: string) => `${lead}${key}=•••`)
    .replace(/(:\/\/[^\s/:@'"]*:)[^\s/@'"]+@/g, '$1•••@');
}
