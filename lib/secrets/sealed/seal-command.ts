import * as path from 'path';
import { SealingScope } from '../sealing/scope';

/** Shown for `--cert` when the program does not know the certificate's path. */
export const CERT_PLACEHOLDER = '<controller-cert.pem>';

/** The pieces of a `dapr-secure seal` command line. */
export interface SealCommandOptions {
  /** Path of the controller certificate. @default - CERT_PLACEHOLDER */
  readonly cert?: string;
  /** Path of the sealed file. */
  readonly file: string;
  readonly namespace: string;
  readonly secret: string;
  readonly key: string;
  /** @default SealingScope.STRICT (then `--scope` is left out) */
  readonly scope?: SealingScope;
  /** Environment variable holding the value. @default - the value is read from stdin */
  readonly fromEnv?: string;
}

/**
 * The exact `npx dapr-secure seal` command that seals one key, for error messages and docs. Paths under
 * the current directory are shown relative to it. It never contains a value: the value comes from stdin or
 * from the environment variable named by `--from-env`.
 */
export function sealCommand(o: SealCommandOptions): string {
  const args = [
    'npx', 'dapr-secure', 'seal',
    '--cert', o.cert === undefined ? CERT_PLACEHOLDER : shellWord(displayPath(o.cert)),
    '--file', shellWord(displayPath(o.file)),
    '--namespace', shellWord(o.namespace),
    '--secret', shellWord(o.secret),
    '--key', shellWord(o.key),
  ];
  if (o.scope !== undefined && o.scope !== SealingScope.STRICT) args.push('--scope', o.scope);
  if (o.fromEnv !== undefined) args.push('--from-env', shellWord(o.fromEnv));
  return args.join(' ');
}

/** `file` relative to the current directory when it lies under it, else as given. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** Quotes a word for a POSIX shell when it needs it. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
