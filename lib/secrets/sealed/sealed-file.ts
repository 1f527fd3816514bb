import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { isDnsLabel, isDnsSubdomain, isSecretDataKey } from '../../core/names';
import { SealingScope } from '../sealing/scope';
import { FileLockOptions, withFileLock } from './file-lock';

/**
 * The committed ciphertext file, by default `secrets/sealed.json`:
 *
 * ```json
 * {
 *   "version": 1,
 *   "entries": {
 *     "<namespace>/<name>": {
 *       "scope": "strict",
 *       "keys": {
 *         "<key>": { "certificateFingerprint": "<sha256 hex of the cert DER>", "ciphertext": "<base64>" }
 *       }
 *     }
 *   }
 * }
 * ```
 *
 * One entry per SealedSecret. The scope belongs to the entry because the controller unseals every key of
 * a SealedSecret under the same scope; the certificate belongs to each key because keys are sealed one at
 * a time and may be re-sealed after the controller's certificate is renewed. The file holds ciphertext
 * only, so it is safe to commit; `npx dapr-secure seal` is the only thing that changes it.
 */
export interface SealedFile {
  /** Format version; always {@link SEALED_FILE_VERSION}. */
  readonly version: number;
  /** Entries by `<namespace>/<name>` (see {@link sealedEntryId}). */
  readonly entries: { readonly [id: string]: SealedEntry };
}

/** The sealed keys of one SealedSecret. */
export interface SealedEntry {
  /** The scope every key of the entry was sealed for. */
  readonly scope: SealingScope;
  /** Sealed values by Secret data key. */
  readonly keys: { readonly [key: string]: SealedKey };
}

/** One sealed value. */
export interface SealedKey {
  /** Lowercase hex SHA-256 of the DER of the certificate it was sealed with. */
  readonly certificateFingerprint: string;
  /** The value as kubeseal seals it (standard base64), for `spec.encryptedData[key]`. */
  readonly ciphertext: string;
}

/** The format version this library reads and writes. */
export const SEALED_FILE_VERSION = 1;

/** Where the `seal` command and the examples keep the file, relative to the project. */
export const DEFAULT_SEALED_FILE = 'secrets/sealed.json';

const SCOPES: readonly string[] = Object.values(SealingScope);
const FINGERPRINT = /^[0-9a-f]{64}$/;
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** The smallest RSA key worth sealing with (1024 bits); real controllers use 4096. */
const MIN_RSA_BYTES = 128;
const GCM_TAG_BYTES = 16;
const REPAIR = 'restore the file from version control, or fix the entry and re-run `npx dapr-secure seal` for it';

/** The id of the entry of SealedSecret `name` in `namespace`: `<namespace>/<name>`. */
export function sealedEntryId(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** A file with no entries. */
export function emptySealedFile(): SealedFile {
  return { version: SEALED_FILE_VERSION, entries: {} };
}

/**
 * Parses and validates the text of a sealed file. Throws one error listing every problem, each with its
 * JSON path; values are never echoed (a plaintext pasted by mistake must not reach a log).
 *
 * @param text the file's text
 * @param source how to name the file in messages, such as its path
 */
export function parseSealedFile(text: string, source = 'sealed file'): SealedFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // The engine's message quotes the input, which may hold a pasted value: report only the position.
    const at = /at position (\d+)/.exec((e as Error).message);
    const where = at ? ` (${lineAndColumn(text, Number(at[1]))})` : '';
    throw new Error(`${source}: is not valid JSON${where}. Fix: ${REPAIR}`);
  }
  const problems: string[] = [];
  const bad = (at: string, problem: string) => problems.push(`${at}: ${problem}`);

  if (!isRecord(data)) {
    throw new Error(`${source}: $: must be an object with "version" and "entries", got ${typeName(data)}. Fix: ${REPAIR}`);
  }
  unknownFields(data, ['version', 'entries'], '$', bad);
  if (data.version !== SEALED_FILE_VERSION) {
    bad('$.version', data.version === undefined
      ? `is required (${SEALED_FILE_VERSION})`
      : `must be ${SEALED_FILE_VERSION}, got ${typeof data.version === 'number' ? data.version : typeName(data.version)}; this version of dapr-secure-constructs reads version ${SEALED_FILE_VERSION}`);
  }
  const entries: Record<string, SealedEntry> = {};
  if (!isRecord(data.entries)) {
    bad('$.entries', data.entries === undefined ? 'is required' : `must be an object, got ${typeName(data.entries)}`);
  } else {
    for (const [id, raw] of Object.entries(data.entries)) {
      const entry = parseEntry(id, raw, `$.entries[${JSON.stringify(id)}]`, bad);
      if (entry) setOwn(entries, id, entry);
    }
  }
  if (problems.length > 0) {
    throw new Error(`${source} is not a valid sealed file:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix: ${REPAIR}`);
  }
  return { version: SEALED_FILE_VERSION, entries };
}

function parseEntry(id: string, raw: unknown, at: string, bad: (at: string, problem: string) => void): SealedEntry | undefined {
  const slash = id.indexOf('/');
  const namespace = id.slice(0, slash);
  const name = id.slice(slash + 1);
  if (slash < 0 || !isDnsLabel(namespace) || !isDnsSubdomain(name)) {
    bad(at, 'the entry id must be "<namespace>/<name>" with a DNS-1123 namespace and Secret name');
  }
  if (!isRecord(raw)) {
    bad(at, `must be an object, got ${typeName(raw)}`);
    return undefined;
  }
  unknownFields(raw, ['scope', 'keys'], at, bad);
  if (typeof raw.scope !== 'string' || !SCOPES.includes(raw.scope)) {
    bad(`${at}.scope`, `must be one of ${SCOPES.map((s) => JSON.stringify(s)).join(', ')}`);
  }
  const keys: Record<string, SealedKey> = {};
  if (!isRecord(raw.keys)) {
    bad(`${at}.keys`, raw.keys === undefined ? 'is required' : `must be an object, got ${typeName(raw.keys)}`);
  } else {
    if (Object.keys(raw.keys).length === 0) bad(`${at}.keys`, 'has no keys; remove the entry instead');
    for (const [key, value] of Object.entries(raw.keys)) {
      const keyAt = `${at}.keys[${JSON.stringify(key)}]`;
      if (!isSecretDataKey(key)) bad(keyAt, 'is not a valid Secret data key (letters, digits, "-", "_" and ".")');
      const sealed = parseKey(value, keyAt, bad);
      if (sealed) setOwn(keys, key, sealed);
    }
  }
  return { scope: raw.scope as SealingScope, keys };
}

function parseKey(raw: unknown, at: string, bad: (at: string, problem: string) => void): SealedKey | undefined {
  if (!isRecord(raw)) {
    bad(at, `must be an object with "certificateFingerprint" and "ciphertext", got ${typeName(raw)}`);
    return undefined;
  }
  unknownFields(raw, ['certificateFingerprint', 'ciphertext'], at, bad);
  if (typeof raw.certificateFingerprint !== 'string' || !FINGERPRINT.test(raw.certificateFingerprint)) {
    bad(`${at}.certificateFingerprint`, 'must be the lowercase hex SHA-256 of the sealing certificate (64 characters)');
  }
  if (typeof raw.ciphertext !== 'string' || !isSealedValue(raw.ciphertext)) {
    bad(`${at}.ciphertext`, 'must be a kubeseal ciphertext (standard base64 of a 2-byte length, an RSA-wrapped session key and AES-GCM data); the value is not shown');
  }
  return { certificateFingerprint: raw.certificateFingerprint as string, ciphertext: raw.ciphertext as string };
}

/** True when `text` has the shape of a kubeseal value: base64 of `uint16be(n) || rsa[n] || aes || tag`. */
export function isSealedValue(text: string): boolean {
  if (typeof text !== 'string' || text === '' || !STD_BASE64.test(text)) return false;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length < 2) return false;
  const rsaLength = bytes.readUInt16BE(0);
  return rsaLength >= MIN_RSA_BYTES && bytes.length >= 2 + rsaLength + GCM_TAG_BYTES;
}

/**
 * The file's text: fields in a fixed order, entries and keys sorted, two-space indentation and a trailing
 * newline, so the same content always gives the same bytes and a re-seal shows as a one-line diff.
 */
export function serializeSealedFile(file: SealedFile): string {
  const entries: Record<string, unknown> = {};
  for (const id of sortedKeys(file.entries)) {
    const entry = file.entries[id];
    const keys: Record<string, unknown> = {};
    for (const key of sortedKeys(entry.keys)) {
      setOwn(keys, key, { certificateFingerprint: entry.keys[key].certificateFingerprint, ciphertext: entry.keys[key].ciphertext });
    }
    setOwn(entries, id, { scope: entry.scope, keys });
  }
  return `${JSON.stringify({ version: file.version, entries }, null, 2)}\n`;
}

/** What {@link withSealedKey} stores. */
export interface SealedKeyUpdate {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  readonly scope: SealingScope;
  readonly certificateFingerprint: string;
  readonly ciphertext: string;
}

/**
 * Throws when `update` would seal a key of an entry whose other keys were sealed for another scope: the
 * controller unseals all keys of a SealedSecret under one scope.
 */
export function checkScope(file: SealedFile, update: Pick<SealedKeyUpdate, 'namespace' | 'name' | 'key' | 'scope'>): void {
  const id = sealedEntryId(update.namespace, update.name);
  const existing = Object.prototype.hasOwnProperty.call(file.entries, id) ? file.entries[id] : undefined;
  const others = existing ? Object.keys(existing.keys).filter((k) => k !== update.key) : [];
  if (existing && existing.scope !== update.scope && others.length > 0) {
    throw new Error(
      `entry ${JSON.stringify(id)} holds keys sealed for scope ${JSON.stringify(existing.scope)} (${others.join(', ')}), `
      + `and all keys of a SealedSecret share one scope. Fix: seal with --scope ${existing.scope}, or delete the entry `
      + `${JSON.stringify(id)} from the file and seal every key again with --scope ${update.scope}`,
    );
  }
}

/** A copy of `file` with one key sealed (added or replaced); throws as {@link checkScope} does. */
export function withSealedKey(file: SealedFile, update: SealedKeyUpdate): SealedFile {
  checkScope(file, update);
  const id = sealedEntryId(update.namespace, update.name);
  const existing = Object.prototype.hasOwnProperty.call(file.entries, id) ? file.entries[id] : undefined;
  const keys = { ...(existing?.keys ?? {}), [update.key]: { certificateFingerprint: update.certificateFingerprint, ciphertext: update.ciphertext } };
  return { version: SEALED_FILE_VERSION, entries: { ...file.entries, [id]: { scope: update.scope, keys } } };
}

/**
 * Reads and parses a sealed file.
 *
 * @param file path of the file
 * @param options `allowMissing`: return an empty file when it does not exist (default: throw)
 */
export function readSealedFile(file: string, options: { readonly allowMissing?: boolean } = {}): SealedFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && options.allowMissing) return emptySealedFile();
    throw new Error(`cannot read sealed file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Fix: check the path, or create it with \`npx dapr-secure seal\``);
  }
  return parseSealedFile(text, file);
}

/**
 * Writes the file atomically: the text goes to a temporary file in the same folder, is flushed to disk and
 * then renamed over `file`. A failure at any step removes the temporary file and leaves `file` as it was,
 * so a half-written file can never be committed.
 */
export function writeSealedFile(file: string, sealed: SealedFile): void {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const content = Buffer.from(serializeSealedFile(sealed), 'utf8');
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', 0o644);
    for (let written = 0; written < content.length;) {
      written += fs.writeSync(fd, content, written, content.length - written);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
}

/**
 * Changes a sealed file safely when several `seal` runs write it at once: takes the file's exclusive lock
 * (see {@link withFileLock}), reads the current file (a missing file reads as empty), applies `change` to it
 * and writes the result atomically, then releases the lock. Without the lock, two runs that read the same
 * content would each write back only their own key, and one key would be lost.
 *
 * @returns the file as written
 */
export function updateSealedFile(
  file: string,
  change: (current: SealedFile) => SealedFile,
  options: FileLockOptions = {},
  display?: (p: string) => string,
): SealedFile {
  return withFileLock(file, () => {
    const next = change(readSealedFile(file, { allowMissing: true }));
    writeSealedFile(file, next);
    return next;
  }, options, display);
}

/** Sets an own property, even one named `__proto__` (a valid Secret key). @internal */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function sortedKeys(record: { readonly [key: string]: unknown }): string[] {
  return Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function unknownFields(obj: Record<string, unknown>, allowed: string[], at: string, bad: (at: string, problem: string) => void): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) bad(`${at}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  return typeof x;
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
