import * as path from 'path';
import type { SynthArtifact } from '../secrets/delivery';
import { renderStages, synthesizeStages } from '../gitops/render-stages';
import { UnknownStageError } from '../gitops/stage';
import { renderApp, synthesize } from '../synth/synthesize';
import { parseOptions, UsageError } from './args';
import { withCwd } from './declarations';
import type { CliIO } from './main';
import { LoadedProgram, resolveProgram, shown } from './program';

export const SYNTH_USAGE = `usage: npx dapr-secure synth [--stage <name>[,<name>...]] [--outdir <dir>] [--app <module>[#<export>]] [--debug]

Synthesizes the program (package.json "dapr-secure.app", or --app) into <dir>/<stage>/, the way
\`npm run synth\` does: everything is validated in memory first, and a failed synth leaves every folder as it was.

  --stage    only these stages (comma-separated); the other stage folders are left as they are.
             default: every stage, and <dir> is replaced whole
  --outdir   default: dist in the project folder
  --app      the program module; default: package.json "dapr-secure": { "app": ... }
  --debug    print stack traces of errors`;

/** The stage names of `--stage a,b`. */
export function stageNames(option: string | true | undefined): string[] | undefined {
  if (option === undefined || option === true) return undefined;
  const names = option.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('--stage needs a stage name');
  return names;
}

/**
 * Renders a program in memory: the stages selected (every stage by default), each under `<stage>/`, or
 * the one App of a program without stages. Relative paths of the program mean what they mean at synth.
 */
export function renderProgram(program: LoadedProgram, stages?: readonly string[]): SynthArtifact[] {
  return withCwd(program.projectDir, () => {
    if (program.stages) return renderStages(program.stages.select(stages));
    if (stages) throw new UsageError(`${program.source} defines no stages, so --stage does not apply. Fix: leave --stage out, or export a StageSet (defineStages)`);
    return renderApp(program.app!);
  });
}

/** Synthesizes `program` into `outdir` (absolute); returns the files written, relative to `outdir`. */
export function writeProgram(program: LoadedProgram, outdir: string, stages?: readonly string[], mirrorDir?: string): SynthArtifact[] {
  return withCwd(program.projectDir, () => {
    if (program.stages) {
      const written = synthesizeStages(program.stages, { outdir, stages, mirrorDir });
      return [...written.files];
    }
    if (stages) throw new UsageError(`${program.source} defines no stages, so --stage does not apply. Fix: leave --stage out, or export a StageSet (defineStages)`);
    return synthesize(program.app!, { outdir, mirrorDir });
  });
}

/** Runs `synth`; returns the exit code. Errors thrown are printed by `main`. */
export async function synthCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const opts = parseOptions(argv, { withValue: ['stage', 'outdir', 'app'], flags: ['help', 'debug'] });
  if (opts.help) {
    io.stdout.write(`${SYNTH_USAGE}\n`);
    return 0;
  }
  const stages = stageNames(opts.stage);
  const program = resolveProgram(opts.app as string | undefined, io.cwd);
  const outdir = opts.outdir === undefined ? path.join(program.projectDir, 'dist') : path.resolve(io.cwd, opts.outdir as string);
  let files: SynthArtifact[];
  try {
    files = writeProgram(program, outdir, stages);
  } catch (e) {
    if (e instanceof UsageError || e instanceof UnknownStageError) throw e;
    throw new SynthFailed(`synth failed; ${shown(outdir, io.cwd)} was left as it was.\n${(e as Error).message}`, e as Error, program.refused);
  }
  for (const f of files) io.stdout.write(`  ${shown(path.join(outdir, f.path), io.cwd)}\n`);
  return 0;
}

/** A refused program: printed without the usage, exit code 1; `--debug` prints the stacks of `causes`. */
export class SynthFailed extends Error {
  /** The problems the program's constructors refused, then the error synth failed with. */
  public readonly causes: readonly Error[];

  public constructor(message: string, public readonly original?: Error, refused: readonly Error[] = []) {
    super(message);
    this.causes = [...refused, ...(original ? [original] : [])];
  }
}
