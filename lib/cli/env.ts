import type { IConstruct } from 'constructs';
import { AppGraph } from '../graph/app-graph';
import { OutOfBandDelivery } from '../secrets/out-of-band-delivery';
import { withCwd } from './declarations';
import { parseOptions } from './args';
import type { CliIO } from './main';
import { assertNothingRefused, resolveProgram } from './program';
import { stageNames } from './synth';

export const ENV_USAGE = `usage: npx dapr-secure env [--stage <name>[,<name>...]] [--app <module>[#<export>]] [--debug]

Lists the environment variables create-secrets.sh of each stage reads, with the secret and key each one
fills. Never prints a value.`;

/** One variable create-secrets.sh reads. */
export interface ScriptVariable {
  readonly variable: string;
  readonly namespace: string;
  readonly secret: string;
  readonly key: string;
}

/** The variables the out-of-band secrets of `root`'s App need, from the app graph, sorted by name. */
export function scriptVariables(root: IConstruct): ScriptVariable[] {
  const out: ScriptVariable[] = [];
  for (const s of AppGraph.of(root).secrets) {
    const d = s.delivery;
    if (!(d instanceof OutOfBandDelivery)) continue;
    for (const key of s.keys) out.push({ variable: d.envVarFor(s, key), namespace: s.namespace, secret: s.secretName, key });
  }
  return out.sort((a, b) => (a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0));
}

/** Runs `env`; returns the exit code. */
export async function envCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const opts = parseOptions(argv, { withValue: ['stage', 'app'], flags: ['help', 'debug'] });
  if (opts.help) {
    io.stdout.write(`${ENV_USAGE}\n`);
    return 0;
  }
  const names = stageNames(opts.stage);
  const program = resolveProgram(opts.app as string | undefined, io.cwd);
  const groups: Array<{ title: string; vars: ScriptVariable[] }> = withCwd(program.projectDir, () => {
    if (!program.stages) return [{ title: 'create-secrets.sh', vars: program.app ? scriptVariables(program.app) : [] }];
    return program.stages.select(names).map((s) => ({ title: `stage ${s.name} (namespace ${s.namespace}): ${s.name}/create-secrets.sh`, vars: scriptVariables(s.build()) }));
  });
  assertNothingRefused(program);
  for (const g of groups) {
    if (g.vars.length === 0) {
      io.stdout.write(`${g.title.split(': ')[0]}: no secret is delivered out of band, so no create-secrets.sh is written\n`);
      continue;
    }
    io.stdout.write(`${g.title} reads:\n`);
    const width = Math.max(...g.vars.map((v) => v.variable.length));
    for (const v of g.vars) io.stdout.write(`  ${v.variable.padEnd(width)}  secret ${v.namespace}/${v.secret}, key ${v.key}\n`);
  }
  return 0;
}
