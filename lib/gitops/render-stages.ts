import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import type { SynthArtifact } from '../secrets/delivery';
import { CREATE_SECRETS_SCRIPT } from '../secrets/out-of-band-delivery';
import { checkOutputFolder, KUSTOMIZATION_FILE } from '../synth/output-folder';
import { renderApp, writeAtomically } from '../synth/synthesize';
import { ACCESS_FILE, accessEntries, renderAccessMap } from './access-map';
import { reachEntries } from './reach-map';
import { productionProblems } from './production';
import { Stage, StageSet } from './stage';
import { addSyncWaves } from './sync-waves';

/** Id of the chart that holds a stage's Namespace (its file is `namespace.k8s.yaml`). */
export const NAMESPACE_CHART = 'namespace';

/** The problems of one or more stages: every stage is tried, and every problem listed. */
export class StageProblems extends Error {
  public constructor(
    public readonly problems: ReadonlyArray<{ readonly stage: string; readonly messages: readonly string[] }>,
    /** The errors the problems were read from, with their stacks (a build's error points at the program's code). */
    public readonly causes: readonly Error[] = [],
  ) {
    super(problems.map((p) => `stage ${p.stage}:\n${p.messages.map((m) => `  ${m}`).join('\n')}`).join('\n'));
  }
}

/** `e` as an Error. */
function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** `message` split into its problem lines (the `Validation failed` header of cdk8s and synth dropped). */
function problemLines(message: string): string[] {
  return message.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Validation failed with the following errors:?$/.test(l));
}

/** The objects of every manifest among `files`. */
export function stageObjects(files: readonly SynthArtifact[]): any[] {
  return files.filter((f) => f.path.endsWith('.k8s.yaml')).flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS()));
}

/**
 * The App of one stage as synth renders it: the stage's own app, plus a chart `namespace` with the stage's
 * `Namespace`, and an Argo CD sync wave on every object. Pass it to `renderToPulumi` to deploy a stage with
 * Pulumi. Throws when the program's build fails or already has a chart with the id `namespace`.
 */
export function stageApp(stage: Stage): App {
  const app = stage.build();
  if (typeof (app as any)?.synth !== 'function' || typeof (app as any)?.node?.findAll !== 'function') {
    throw new Error('build: returned no cdk8s App. Fix: return the App the stage builds');
  }
  if (app.node.tryFindChild(NAMESPACE_CHART)) {
    throw new Error(`[${NAMESPACE_CHART}] chart id: "${NAMESPACE_CHART}" holds the stage's Namespace. Fix: give your chart another id`);
  }
  const chart = new Chart(app, NAMESPACE_CHART);
  new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: stage.namespace } });
  addSyncWaves(app);
  return app;
}

/**
 * Builds and renders one stage in memory (`stageApp`): a production stage refuses development-only
 * settings, and `ACCESS.md` is added. Paths are relative to the stage folder. Throws `StageProblems`
 * listing every problem found.
 */
export function renderStage(stage: Stage): SynthArtifact[] {
  let app: App;
  try {
    app = stageApp(stage);
  } catch (e) {
    throw new StageProblems([{ stage: stage.name, messages: problemLines(asError(e).message) }], [asError(e)]);
  }
  const messages: string[] = [];
  const causes: Error[] = [];
  if (stage.production) {
    try {
      messages.push(...productionProblems(app).map((m) => `${m} (stage ${stage.name} is a production stage)`));
    } catch {
      // an object that cannot render is reported by renderApp below
    }
  }
  let files: SynthArtifact[] = [];
  try {
    files = renderApp(app);
  } catch (e) {
    messages.push(...problemLines(asError(e).message));
    causes.push(asError(e));
  }
  if (messages.length === 0) {
    const objects = stageObjects(files);
    for (const o of objects) {
      const ns = o?.metadata?.namespace;
      if (ns !== undefined && ns !== stage.namespace) {
        messages.push(`[${o.kind}/${o.metadata.name}] metadata.namespace: "${ns}" is not the stage's namespace "${stage.namespace}". Fix: build the stage's charts with namespace: "${stage.namespace}", or change the stage's namespace`);
      }
    }
    files.push({ path: ACCESS_FILE, content: renderAccessMap(stage.name, accessEntries(objects), reachEntries(objects)) });
  }
  if (messages.length > 0) throw new StageProblems([{ stage: stage.name, messages }], causes);
  return files.sort((a, b) => a.path.localeCompare(b.path, 'en'));
}

/** Renders every stage given, each under `<stage>/`; tries them all and throws one `StageProblems` for all. */
export function renderStages(stages: readonly Stage[]): SynthArtifact[] {
  const out: SynthArtifact[] = [];
  const problems: Array<{ stage: string; messages: readonly string[] }> = [];
  const causes: Error[] = [];
  for (const stage of stages) {
    try {
      out.push(...renderStage(stage).map((f) => ({ ...f, path: `${stage.name}/${f.path}` })));
    } catch (e) {
      if (e instanceof StageProblems) {
        problems.push(...e.problems);
        causes.push(...e.causes);
      } else {
        problems.push({ stage: stage.name, messages: problemLines(asError(e).message) });
        causes.push(asError(e));
      }
    }
  }
  if (problems.length > 0) throw new StageProblems(problems, causes);
  return out;
}

/** Options of `synthesizeStages`. */
export interface SynthesizeStagesOptions {
  /** The output folder; each stage goes to `<outdir>/<stage>/`. @default 'dist' */
  readonly outdir?: string;
  /**
   * The stages to write; the others' folders are left as they are. An unknown name is an error listing the known ones.
   * @default - every stage, and `outdir` is replaced whole
   */
  readonly stages?: readonly string[];
  /** A second folder that gets a copy, such as the cdk8s CLI's `CDK8S_OUTDIR`. @default - none */
  readonly mirrorDir?: string;
}

/** What `synthesizeStages` wrote. */
export interface StagesWritten {
  /** The stages written, in definition order. */
  readonly stages: readonly string[];
  /** Every file written, relative to the output folder (`dev/task-api.k8s.yaml`). */
  readonly files: readonly SynthArtifact[];
}

/** Artifact names a previous synth may have left in a stage folder. */
function artifactNames(files: readonly SynthArtifact[]): string[] {
  const names = new Set<string>([CREATE_SECRETS_SCRIPT, ACCESS_FILE]);
  for (const f of files) {
    const base = path.posix.basename(f.path);
    if (base !== KUSTOMIZATION_FILE && !base.endsWith('.k8s.yaml')) names.add(base);
  }
  return [...names].sort();
}

/**
 * Synthesizes the stages of `set` into `<outdir>/<stage>/`: everything is rendered and validated in memory
 * first, then each folder is replaced in one step, so a failed synth leaves every folder untouched.
 */
export function synthesizeStages(set: StageSet, options: SynthesizeStagesOptions = {}): StagesWritten {
  const selected = set.select(options.stages);
  const files = renderStages(selected);
  const outdir = options.outdir ?? 'dist';
  const all = selected.length === set.stages.length;
  const targets: Array<{ dir: string; files: SynthArtifact[]; field: string }> = [];
  const roots = [{ dir: outdir, field: 'outdir' }];
  if (options.mirrorDir && path.resolve(options.mirrorDir) !== path.resolve(outdir)) roots.push({ dir: options.mirrorDir, field: 'mirrorDir' });
  for (const root of roots) {
    if (all) {
      targets.push({ dir: root.dir, files, field: root.field });
    } else {
      for (const s of selected) {
        const prefix = `${s.name}/`;
        targets.push({ dir: path.join(root.dir, s.name), files: files.filter((f) => f.path.startsWith(prefix)).map((f) => ({ ...f, path: f.path.slice(prefix.length) })), field: root.field });
      }
    }
  }
  const context = { artifactNames: artifactNames(files) };
  for (const t of targets) checkOutputFolder(t.dir, t.field, context);
  for (const t of targets) writeAtomically(t.dir, t.files, t.field);
  return { stages: selected.map((s) => s.name), files };
}
