import * as fs from 'fs';
import * as path from 'path';
import { matchesGlob, ScanConfig } from './config';
import { ScanOptions, ScanResult, scanTexts } from './scan';

/** Files a folder scan reads: YAML and JSON. A file named on its own is read whatever its name. */
export const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Folders a folder scan never enters. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

/** The label of `file` in findings: relative to `cwd` with `/`, or absolute when outside it. */
export function fileLabel(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/** A path to scan that does not exist: the scan cannot pass because its input was missing. */
export class MissingPathError extends Error {}

/**
 * The manifest files at `paths` (files, or folders walked recursively for `.yaml`, `.yml` and `.json`,
 * without `.git` and `node_modules`), in a stable order, with their labels. Globs of `ignore` drop files
 * found in folders.
 */
export function manifestFiles(paths: readonly string[], cwd: string, ignore: readonly string[] = []): Array<{ readonly file: string; readonly label: string }> {
  const out: Array<{ file: string; label: string }> = [];
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) walk(p);
      } else if (MANIFEST_FILE.test(e.name) && (e.isFile() || (e.isSymbolicLink() && statOf(p)?.isFile()))) {
        const label = fileLabel(p, cwd);
        if (!ignore.some((g) => matchesGlob(label, g))) out.push({ file: p, label });
      }
    }
  };
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    const stat = statOf(abs);
    if (!stat) throw new MissingPathError(`no such file or folder: ${given}`);
    if (stat.isDirectory()) walk(abs);
    else out.push({ file: abs, label: fileLabel(abs, cwd) });
  }
  return out;
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/** Options of `scanPaths`. */
export interface ScanPathsOptions extends Omit<ScanOptions, 'file'> {
  /** Directory that relative paths and labels are resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** Reads standard input, for the path `-`. @default reads process.stdin */
  readonly stdin?: () => Promise<string>;
  readonly config?: ScanConfig;
}

/** Reads a stream to the end as UTF-8. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Scans files and folders (`-` for standard input, labelled `<stdin>`) with every rule. A path that does not
 * exist throws `MissingPathError`; a file that is not valid YAML or JSON is in `errors`.
 */
export async function scanPaths(paths: readonly string[], options: ScanPathsOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const inputs: Array<{ file: string; text: string }> = [];
  const seen = new Set<string>();
  for (const given of paths) {
    if (given === '-') {
      inputs.push({ file: '<stdin>', text: await (options.stdin ?? (() => readAll(process.stdin)))() });
      continue;
    }
    for (const f of manifestFiles([given], cwd, options.config?.ignore)) {
      if (seen.has(f.file)) continue; // named twice, or inside a folder also named
      seen.add(f.file);
      inputs.push({ file: f.label, text: fs.readFileSync(f.file, 'utf8') });
    }
  }
  return scanTexts(inputs, options);
}
