import * as path from 'path';
import type { App } from 'cdk8s';
import { collectProblems, ConstructionProblems, refusedConstruct } from '../core/errors';
import { Stage, StageSet } from '../gitops/stage';
import { UsageError } from './args';
import { findProjectRoot, isStageSetLike, loadProgram, PACKAGE_JSON_FIELD } from './declarations';

/** The program a command works on, and the folder it runs in. */
export interface LoadedProgram {
  /** The program's stages; undefined when it builds one App (written to the output folder itself). */
  readonly stages?: StageSet;
  /** The App of a program without stages. */
  readonly app?: App;
  /** The project folder: the program's relative paths and the default `dist` are resolved against it. */
  readonly projectDir: string;
  /** The `--app` spec, for messages. */
  readonly source: string;
  /**
   * The problems the program's constructors refused while it was built (stages add theirs when they are
   * built), each an error whose stack shows the program's line. They also fail the program's synth.
   */
  readonly refused: readonly Error[];
}

/**
 * Finds and builds the program of `--app` (relative to `cwd`), else the one named in package.json's
 * `"dapr-secure": { "app": ... }`: the same module `npm run synth` uses. The program and each of its
 * stages are built with problems collected (`collectProblems`), so synth reports every problem its
 * constructors refuse, not only the first.
 */
export function resolveProgram(app: string | undefined, cwd: string): LoadedProgram {
  const project = findProjectRoot(cwd);
  const spec = app ?? project.app;
  if (spec === undefined) {
    throw new UsageError(`no program: pass --app <module>[#<export>], or set "${PACKAGE_JSON_FIELD}": { "app": "<module>" } in package.json`);
  }
  const refused: Error[] = [];
  const built = buildCollecting(() => loadProgram(spec, app !== undefined ? cwd : project.dir, project.dir), refused);
  if (isStageSetLike(built)) return { stages: collectingStages(built.stages, refused), projectDir: project.dir, source: spec, refused };
  return { app: built.node.root as App, projectDir: project.dir, source: spec, refused };
}

/** The stages (of any copy of the library) as a `StageSet` whose builds collect problems into `refused`. */
function collectingStages(stages: readonly Stage[], refused: Error[]): StageSet {
  return new StageSet(stages.map((s): Stage => Object.assign(Object.create(s), { build: () => buildCollecting(() => s.build(), refused) })));
}

/**
 * Runs `build` with problems collected into `refused` (`collectProblems`). A problem recorded on a construct
 * outside the App that `build` returns would never fail that App's synth, so it fails the build instead.
 */
function buildCollecting<T>(build: () => T, refused: Error[]): T {
  const start = refused.length;
  const built = collectProblems(build, refused);
  const root = (built as { node?: { root?: unknown } } | undefined)?.node?.root;
  const elsewhere = refused.slice(start).filter((e) => root === undefined || refusedConstruct(e)?.node.root !== root);
  if (elsewhere.length > 0) throw new ConstructionProblems(elsewhere);
  return built;
}

/** Fails with every problem recorded in `program.refused`, for commands that build the program without synthesizing it. */
export function assertNothingRefused(program: LoadedProgram): void {
  if (program.refused.length > 0) throw new ConstructionProblems(program.refused);
}

/** `file` as shown in messages: relative to `cwd` when inside it. */
export function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
