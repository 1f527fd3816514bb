import * as path from 'path';
import type { App } from 'cdk8s';
import type { StageSet } from '../gitops/stage';
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
}

/**
 * Finds and builds the program of `--app` (relative to `cwd`), else the one named in package.json's
 * `"dapr-secure": { "app": ... }`: the same module `npm run synth` uses.
 */
export function resolveProgram(app: string | undefined, cwd: string): LoadedProgram {
  const project = findProjectRoot(cwd);
  const spec = app ?? project.app;
  if (spec === undefined) {
    throw new UsageError(`no program: pass --app <module>[#<export>], or set "${PACKAGE_JSON_FIELD}": { "app": "<module>" } in package.json`);
  }
  const built = loadProgram(spec, app !== undefined ? cwd : project.dir, project.dir);
  if (isStageSetLike(built)) return { stages: built as unknown as StageSet, projectDir: project.dir, source: spec };
  return { app: built.node.root as App, projectDir: project.dir, source: spec };
}

/** `file` as shown in messages: relative to `cwd` when inside it. */
export function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
