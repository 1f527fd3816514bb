import * as fs from 'fs';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { fieldError, show } from '../core/errors';
import { isDnsLabel } from '../core/names';
import { AppGraph, RenderTarget } from '../graph/app-graph';
import { validateAndRender } from '../graph/pipeline';
import type { SynthArtifact } from '../secrets/delivery';
import { CREATE_SECRETS_SCRIPT } from '../secrets/out-of-band-delivery';
import { checkOutputFolder, KUSTOMIZATION_FILE, OutputFolderContext, renderKustomization } from './output-folder';

export { KUSTOMIZATION_FILE } from './output-folder';
export { manifestProblems } from './manifest-checks';

/** Options for `synthesize`. */
export interface SynthesizeOptions {
  /**
   * Folder that receives the output; it is replaced whole, and only after a successful synth. It must be
   * absent, empty or a previous synth output, and never the working directory, a folder above it or the
   * project root. @default 'dist'
   */
  readonly outdir?: string;
  /** A second folder that gets a copy, such as the cdk8s CLI's `CDK8S_OUTDIR`; the same rules apply. @default - none */
  readonly mirrorDir?: string;
}

/**
 * Renders every file of the app in memory: one `<chart-id>.k8s.yaml` per chart, the artifacts of each
 * secret delivery (such as `create-secrets.sh`) and a `kustomization.yaml` over the manifests. Runs all
 * validations first (the constructs' own, then the offline manifest validation and the duplicate check of
 * `manifestProblems`); throws one error listing every problem. Same program, same bytes, whatever
 * `CDK8S_DISABLE_SORT` says.
 */
export function renderApp(app: App): SynthArtifact[] {
  return withSortedKeys(() => renderSorted(app));
}

/**
 * Runs `render` with cdk8s' key sorting on: cdk8s skips it when `CDK8S_DISABLE_SORT` is set, which would
 * make the bytes depend on the caller's environment. The variable is restored afterwards.
 */
function withSortedKeys<T>(render: () => T): T {
  const saved = process.env.CDK8S_DISABLE_SORT;
  if (saved === undefined) return render();
  delete process.env.CDK8S_DISABLE_SORT;
  try {
    return render();
  } finally {
    process.env.CDK8S_DISABLE_SORT = saved;
  }
}

function renderSorted(app: App): SynthArtifact[] {
  const charts = AppGraph.of(app).charts;
  for (const chart of charts) {
    if (!isDnsLabel(chart.node.id)) {
      throw new Error(`[${chart.node.path}] chart id: ${JSON.stringify(chart.node.id)} names the output file and must be a DNS-1123 label. Fix: use an id such as "task-api"`);
    }
  }
  const files: SynthArtifact[] = [];
  for (const { chart, objects } of validateAndRender(app, { target: RenderTarget.CDK8S })) {
    if (objects.length > 0) files.push({ path: `${chart.node.id}.k8s.yaml`, content: Yaml.stringify(...objects) });
  }
  const manifests = files.map((f) => f.path).sort();
  files.push(...deliveryArtifacts(app));
  if (files.some((f) => f.path === KUSTOMIZATION_FILE)) throw new Error(`${KUSTOMIZATION_FILE} is written by synthesize; no chart or delivery may write it`);
  files.push({
    path: KUSTOMIZATION_FILE,
    content: renderKustomization(manifests),
  });
  return files.sort((a, b) => a.path.localeCompare(b.path, 'en'));
}

function deliveryArtifacts(app: App): SynthArtifact[] {
  const secrets = AppGraph.of(app).secrets;
  const kinds = [...new Set(secrets.map((s) => s.delivery.kind))].sort();
  const out: SynthArtifact[] = [];
  for (const kind of kinds) {
    const ofKind = secrets.filter((s) => s.delivery.kind === kind);
    const delivery = ofKind[0].delivery;
    if (delivery.artifacts) out.push(...delivery.artifacts(ofKind));
  }
  const paths = out.map((a) => a.path);
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup) throw new Error(`two secret deliveries both write ${dup}`);
  return out;
}

/** The hidden sibling folders `writeAtomically` uses for `target`: `.dist-staging-<pid>` and `.dist-previous-<pid>` for `dist`. @internal */
export function swapFolders(target: string): { staging: string; previous: string } {
  const abs = path.resolve(target);
  const base = path.basename(abs).replace(/^\.+/, '');
  return {
    staging: path.join(path.dirname(abs), `.${base}-staging-${process.pid}`),
    previous: path.join(path.dirname(abs), `.${base}-previous-${process.pid}`),
  };
}

/**
 * Writes `files` into a fresh folder, then swaps it in for `outdir`; on any failure `outdir` is left as it
 * was. Refuses (see `checkOutputFolder`) a folder it may not replace.
 */
export function writeAtomically(outdir: string, files: SynthArtifact[], field = 'outdir'): void {
  checkOutputFolder(outdir, field, folderContext(files));
  const target = path.resolve(outdir);
  const { staging, previous } = swapFolders(target);
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    for (const f of files) {
      const file = path.join(staging, f.path);
      if (!file.startsWith(staging + path.sep)) throw new Error(`artifact path escapes the output folder: ${f.path}`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, f.content, { mode: f.mode ?? 0o644 });
      fs.chmodSync(file, f.mode ?? 0o644);
    }
    fs.mkdirSync(staging, { recursive: true });
    if (fs.existsSync(target)) fs.renameSync(target, previous);
    fs.renameSync(staging, target);
    fs.rmSync(previous, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(target) && fs.existsSync(previous)) fs.renameSync(previous, target);
    throw e;
  }
}

/** One app of a multi-app synth and the subfolder of the output it lands in. */
export interface SynthVariant {
  readonly app: App;
  /** Subfolder of the output folder. @default - the output folder itself */
  readonly dir?: string;
}

/** Renders several apps into one file set, each in its own subfolder (for example one per delivery). */
export function renderVariants(variants: SynthVariant[]): SynthArtifact[] {
  return variants.flatMap((v) => renderApp(v.app).map((f) => ({ ...f, path: v.dir ? `${v.dir}/${f.path}` : f.path })));
}

/**
 * Synthesizes `app` into `outdir` (default `dist`): validates everything, renders in memory, then replaces
 * the folder in one step, so a failed synth leaves the previous output untouched.
 */
export function synthesize(app: App | SynthVariant[], options: SynthesizeOptions = {}): SynthArtifact[] {
  const files = Array.isArray(app) ? renderVariants(app) : renderApp(app);
  const outdir = options.outdir ?? 'dist';
  const mirror = options.mirrorDir && path.resolve(options.mirrorDir) !== path.resolve(outdir) ? options.mirrorDir : undefined;
  // Check both folders before writing either, so a refused mirror leaves the output folder as it was.
  checkOutputFolder(outdir, 'outdir', folderContext(files));
  if (mirror !== undefined) {
    checkOutputFolder(mirror, 'mirrorDir', folderContext(files));
    const [a, b] = [path.resolve(outdir), path.resolve(mirror)];
    if (a.startsWith(b + path.sep) || b.startsWith(a + path.sep)) {
      throw fieldError('synthesize', {
        field: 'mirrorDir',
        problem: `${show(mirror)} and the output folder ${show(outdir)} lie one inside the other, so replacing one would delete or pollute the other`,
        fix: 'use two separate folders, such as "dist" and ".cdk8s.out"',
      });
    }
  }
  writeAtomically(outdir, files, 'outdir');
  if (mirror !== undefined) writeAtomically(mirror, files, 'mirrorDir');
  return files;
}

/** Artifact names a previous synth may have left: the script, and every non-manifest file of this synth. */
function folderContext(files: SynthArtifact[]): OutputFolderContext {
  const names = new Set<string>([CREATE_SECRETS_SCRIPT]);
  for (const f of files) {
    const base = path.posix.basename(f.path);
    if (base !== KUSTOMIZATION_FILE && !base.endsWith('.k8s.yaml')) names.add(base);
  }
  return { artifactNames: [...names].sort() };
}
