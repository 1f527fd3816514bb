import * as fs from 'fs';
import * as path from 'path';
import { Leak } from './find-leaks';
import { Canaries, compileNeedles, Needle, Representation, searchText } from './search';

/**
 * A canary found in a file.
 */
export interface FileLeak extends Leak {
  /** Path of the file. */
  readonly file: string;

  /** Byte offset of the occurrence in the file. */
  readonly index: number;
}

/**
 * How an encoded form is written as bytes: UTF-8 (the common case, no
 * suffix), Latin-1 (only when every character fits in one byte and that
 * differs from UTF-8) and UTF-16LE.
 *
 * Each byte sequence is returned as a Latin-1 string, i.e. one character per
 * byte, to be searched for in the Latin-1 decoding of a file.
 */
const BYTE_REPRESENTATIONS: Representation = (text) => {
  const reps = [{ suffix: '', text: Buffer.from(text, 'utf8').toString('latin1') }];
  if (/^[\u0000-\u00ff]*$/.test(text) && /[\u0080-\u00ff]/.test(text)) {
    reps.push({ suffix: '[latin1]', text });
  }
  reps.push({ suffix: '[utf16le]', text: Buffer.from(text, 'utf16le').toString('latin1') });
  return reps;
};

/**
 * Reads files and searches them for canaries in every encoding.
 *
 * Each path may be a file or a directory; directories are walked
 * recursively. Regular files are read as bytes and searched as Latin-1 text
 * (one character per byte, so binary files are covered too) for the UTF-8,
 * UTF-16LE and, where it differs, Latin-1 bytes of every encoded form. An
 * occurrence in the UTF-8 decoding of a file is always an occurrence of the
 * UTF-8 bytes, so no separate UTF-8 pass is needed. Encodings found in
 * UTF-16LE or Latin-1 carry a `[utf16le]` or `[latin1]` suffix.
 *
 * Symbolic links to files are followed; symbolic links to directories,
 * sockets, FIFOs and devices are skipped. A path that does not exist is an
 * error, so a scan can never pass because its input was missing.
 *
 * @param paths a directory, or a list of files and directories
 * @param canaries canary values by name
 * @returns leaks ordered by file and byte offset; `file` is the path given
 *   (joined with the path inside a directory)
 */
export function scanFiles(paths: string | readonly string[], canaries: Canaries): FileLeak[] {
  const needles = compileNeedles(canaries, BYTE_REPRESENTATIONS);
  const leaks: FileLeak[] = [];
  for (const p of typeof paths === 'string' ? [paths] : paths) {
    for (const file of listFiles(p)) {
      leaks.push(...scanFile(file, needles));
    }
  }
  return leaks;
}

/**
 * Searches every file under a directory for canaries, like `scanFiles(dir)`,
 * but reports file paths relative to `dir` (with `/` separators), which keeps
 * assertions and messages independent of where the directory lives.
 *
 * @param dir the directory to scan; it must exist
 * @param canaries canary values by name
 */
export function scanTree(dir: string, canaries: Canaries): FileLeak[] {
  if (!fs.statSync(dir).isDirectory()) {
    throw new Error(`scanTree: not a directory: ${dir}`);
  }
  return scanFiles(dir, canaries).map((leak) => ({
    ...leak,
    file: path.relative(dir, leak.file).split(path.sep).join('/'),
  }));
}

function scanFile(file: string, needles: readonly Needle[]): FileLeak[] {
  const text = fs.readFileSync(file).toString('latin1');
  return searchText(text, needles).map((m) => ({ file, canary: m.canary, encoding: m.encoding, index: m.start }));
}

/** Regular files at or under `p`, in a stable order. */
function listFiles(p: string): string[] {
  const stat = fs.statSync(p);
  if (stat.isFile()) {
    return [p];
  }
  if (!stat.isDirectory()) {
    return [];
  }
  const files: string[] = [];
  const entries = fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) {
      files.push(...listFiles(child));
    } else if (entry.isFile()) {
      files.push(child);
    } else if (entry.isSymbolicLink()) {
      const target = statOrUndefined(child);
      if (target?.isFile()) {
        files.push(child);
      }
    }
  }
  return files;
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined; // dangling link
  }
}
