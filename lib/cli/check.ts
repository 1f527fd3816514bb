import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createTwoFilesPatch } from 'diff';
import { scanOutput } from '../gitops/scan-output';
import { parseOptions, UsageError } from './args';
import type { CliIO } from './main';
import { resolveProgram, shown } from './program';
import { SynthFailed, writeProgram } from './synth';

export const CHECK_USAGE = `usage: npx dapr-secure check [--outdir <dir>] [--app <module>[#<export>]] [--debug]

For CI and pre-commit: synthesizes every stage into a temporary folder, compares it with the committed
<dir> (default: dist in the project folder) and prints a unified diff of every difference, then scans the
result for credentials: test canaries and every rule of \`npx dapr-secure scan\`. Exit code 0 when clean, 1 on
drift or a finding, 2 for a usage mistake.`;

/** Every file under `dir`, relative with '/', and its bytes. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!fs.existsSync(dir)) return out;
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.set(p, fs.readFileSync(path.join(dir, p)));
    }
  };
  walk('');
  return out;
}

/**
 * Unified diffs of every file that differs between `committed` and `fresh` (folders), labelled with
 * `label/<file>`; empty when they are the same byte for byte.
 */
export function treeDiff(committed: string, fresh: string, label: string): string[] {
  const a = tree(committed);
  const b = tree(fresh);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: string[] = [];
  for (const name of names) {
    const before = a.get(name);
    const after = b.get(name);
    if (before && after && before.equals(after)) continue;
    const file = `${label}/${name}`;
    out.push(createTwoFilesPatch(before ? `a/${file}` : '/dev/null', after ? `b/${file}` : '/dev/null',
      before?.toString('utf8') ?? '', after?.toString('utf8') ?? '', before ? 'committed' : 'missing from the commit', after ? 'synthesized' : 'no longer synthesized'));
  }
  return out;
}

/** Runs `check`; returns the exit code. */
export async function checkCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const opts = parseOptions(argv, { withValue: ['outdir', 'app', 'stage'], flags: ['help', 'debug'] });
  if (opts.help) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  if (opts.stage !== undefined) throw new UsageError('check always synthesizes every stage (drift in any stage matters); leave --stage out');
  const program = resolveProgram(opts.app as string | undefined, io.cwd);
  const committed = opts.outdir === undefined ? path.join(program.projectDir, 'dist') : path.resolve(io.cwd, opts.outdir as string);
  const label = shown(committed, io.cwd);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dapr-secure-check-'));
  try {
    const fresh = path.join(scratch, 'dist');
    try {
      writeProgram(program, fresh);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new SynthFailed(`the program does not synthesize:\n${(e as Error).message}`, e as Error, program.refused);
    }
    const diffs = treeDiff(committed, fresh, label);
    const findings = await scanOutput(fresh);
    if (diffs.length > 0) {
      io.stdout.write(`${label} differs from a fresh synth in ${diffs.length} file(s):\n\n${diffs.join('\n')}\n`);
      io.stdout.write(`Fix: run \`npm run synth\` (or \`npx dapr-secure synth\`) and commit ${label}; never edit it by hand.\n`);
    }
    if (findings.length > 0) {
      io.stdout.write(`${findings.length} credential finding(s) in the synthesized output:\n${findings.map((f) => `  ${f}`).join('\n')}\n`);
    }
    if (diffs.length === 0 && findings.length === 0) {
      io.stdout.write(`ok: ${label} matches a fresh synth of ${program.source}${program.stages ? ` (stages: ${program.stages.names.join(', ')})` : ''}, and the scan found nothing\n`);
      return 0;
    }
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
