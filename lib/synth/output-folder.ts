import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { parse } from 'yaml';
import { fieldError, show } from '../core/errors';
import { CREATE_SECRETS_SCRIPT } from '../secrets/out-of-band-delivery';

/** File name of the kustomization written beside the manifests. */
export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/** The kustomization `synthesize` writes over `resources`, byte for byte. */
export function renderKustomization(resources: readonly string[]): string {
  return Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources] });
}

/** Where the checks look for the working directory and the project root. */
export interface OutputFolderContext {
  /** The working directory. @default process.cwd() */
  readonly cwd?: string;
  /**
   * Project roots to protect besides the one above `cwd`.
   * @default - the folder of the nearest package.json above the running program (require.main)
   */
  readonly projectRoots?: readonly string[];
  /** Artifact file names synth may have written before (besides manifests and kustomizations). @default - create-secrets.sh */
  readonly artifactNames?: readonly string[];
}

/** `dir` with symlinks resolved as far as it exists. */
function realPath(dir: string): string {
  const abs = path.resolve(dir);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return abs;
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

/** The nearest folder at or above `from` that holds a package.json. */
export function nearestPackageDir(from: string): string | undefined {
  let cur = realPath(from);
  for (;;) {
    if (fs.existsSync(path.join(cur, 'package.json'))) return cur;
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/** True when `inner` is `outer` or lies inside it. */
function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Why `dir` does not look like a folder synth wrote, or undefined when it does: a kustomization exactly as
 * synth writes it, every other file listed in it or a known delivery artifact, every subfolder the same.
 */
export function notSynthOutput(dir: string, artifactNames: readonly string[] = [CREATE_SECRETS_SCRIPT], rel = ''): string | undefined {
  const here = (name: string) => (rel ? `${rel}/${name}` : name);
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const kustomization = entries.find((e) => e.name === KUSTOMIZATION_FILE && e.isFile());
  if (!kustomization) {
    // A folder of stage folders (dist/dev, dist/prod): every entry a folder synth wrote.
    if (entries.length > 0 && entries.every((e) => e.isDirectory())) {
      for (const e of entries) {
        const why = notSynthOutput(path.join(dir, e.name), artifactNames, here(e.name));
        if (why) return why;
      }
      return undefined;
    }
    return `it holds no ${here(KUSTOMIZATION_FILE)} written by synth`;
  }
  let resources: string[];
  try {
    const text = fs.readFileSync(path.join(dir, KUSTOMIZATION_FILE), 'utf8');
    const parsed = parse(text) as any;
    resources = Array.isArray(parsed?.resources) ? parsed.resources : [];
    if (!resources.every((r) => typeof r === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.k8s\.yaml$/.test(r)) || text !== renderKustomization(resources)) {
      return `${here(KUSTOMIZATION_FILE)} is not one synth wrote`;
    }
  } catch {
    return `${here(KUSTOMIZATION_FILE)} is not one synth wrote`;
  }
  for (const e of entries) {
    if (e.name === KUSTOMIZATION_FILE) continue;
    if (e.isDirectory()) {
      const why = notSynthOutput(path.join(dir, e.name), artifactNames, here(e.name));
      if (why) return why;
    } else if (!e.isFile() || !(resources.includes(e.name) || artifactNames.includes(e.name))) {
      return `it holds ${show(here(e.name))}, which synth did not write`;
    }
  }
  return undefined;
}

/**
 * Throws unless `dir` is safe for `synthesize` to replace whole: it must not be the working directory, a
 * folder above it, or a project root (or above one), and must be absent, empty or a previous synth output.
 */
export function checkOutputFolder(dir: string, field: string, context: OutputFolderContext = {}): void {
  const target = realPath(dir);
  const cwd = realPath(context.cwd ?? process.cwd());
  const roots = new Set<string>();
  const cwdRoot = nearestPackageDir(cwd);
  if (cwdRoot) roots.add(cwdRoot);
  const programRoots = context.projectRoots ?? (require.main?.filename ? [nearestPackageDir(path.dirname(require.main.filename))] : []);
  for (const r of programRoots) if (r) roots.add(realPath(r));
  const fix = 'point it at a folder of its own, such as "dist" or ".cdk8s.out" inside the project';
  if (isWithin(cwd, target)) {
    throw fieldError('synthesize', {
      field,
      problem: `${show(dir)} is ${target === cwd ? 'the working directory' : `a folder above the working directory ${show(cwd)}`}, and synth replaces its output folder whole (deleting everything in it)`,
      fix,
    });
  }
  for (const root of [...roots].sort()) {
    if (isWithin(root, target)) {
      throw fieldError('synthesize', {
        field,
        problem: `${show(dir)} is ${target === root ? 'the project root' : `a folder above the project root ${show(root)}`}, and synth replaces its output folder whole (deleting everything in it)`,
        fix,
      });
    }
  }
  if (!fs.existsSync(target)) return;
  const stat = fs.lstatSync(target);
  if (!stat.isDirectory()) {
    throw fieldError('synthesize', { field, problem: `${show(dir)} exists and is not a folder`, fix: 'remove it or choose another output folder' });
  }
  if (fs.readdirSync(target).length === 0) return;
  const why = notSynthOutput(target, context.artifactNames);
  if (why) {
    throw fieldError('synthesize', {
      field,
      problem: `${show(dir)} is not empty and was not written by synth (${why}); synth replaces its output folder whole and would delete it`,
      fix: 'choose a new or empty folder, or empty this one yourself if nothing in it is needed',
    });
  }
}
