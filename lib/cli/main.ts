import { UnknownStageError } from '../gitops/stage';
import { UsageError } from './args';
import { CHECK_USAGE, checkCommand } from './check';
import { ENV_USAGE, envCommand } from './env';
import { SCAN_USAGE, scanCommand } from './scan';
import { seal, SEAL_USAGE } from './seal';
import { SYNTH_USAGE, synthCommand } from './synth';
import { libraryVersion } from './version';

/** Where the CLI reads and writes; tests pass fakes so nothing is spawned. */
export interface CliIO {
  /** The value to seal comes from here unless `--from-env` is given. */
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Environment variables, for `--from-env`. */
  readonly env: { readonly [name: string]: string | undefined };
  /** Directory that relative paths are resolved against. @default process.cwd() */
  readonly cwd: string;
  /**
   * How long `seal` waits for the sealed file's lock while another `seal` holds it, in milliseconds.
   * @default DEFAULT_LOCK_TIMEOUT_MS (5 s)
   */
  readonly lockTimeoutMs?: number;
}

const USAGE = `usage: npx dapr-secure <command> [options]

commands:
  synth   synthesize every stage (or --stage S) into dist/<stage>/, as \`npm run synth\` does
  check   for CI: synthesize into a temporary folder, diff against the committed dist/, scan for credentials
  env     list the environment variables each stage's create-secrets.sh reads (names only, never values)
  seal    seal one secret value into the committed sealed file
  scan    scan manifest files or folders (or - for stdin) for credentials; human, JSON or SARIF output

options: --help (also after a command: \`npx dapr-secure synth --help\`), --version, --debug (stack traces)

exit codes: 0 ok, 1 drift, a finding or a refused program, 2 a usage mistake`;

/** One command: how to run it and its usage text. */
interface Command {
  readonly run: (argv: readonly string[], io: CliIO) => Promise<number>;
  readonly usage: string;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  synth: { run: synthCommand, usage: SYNTH_USAGE },
  check: { run: checkCommand, usage: CHECK_USAGE },
  env: { run: envCommand, usage: ENV_USAGE },
  seal: { run: seal, usage: SEAL_USAGE },
  scan: { run: scanCommand, usage: SCAN_USAGE },
};

/**
 * The `dapr-secure` command line. `argv` is the arguments after the program name. Returns the exit code:
 * 0 on success, 1 when the command failed (drift, a finding, a refused program), 2 for a usage mistake.
 * Messages never contain a secret value, and carry no stack trace unless `--debug` is given.
 */
export async function main(argv: readonly string[], io: Partial<CliIO> = {}): Promise<number> {
  const full: CliIO = {
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    lockTimeoutMs: io.lockTimeoutMs,
  };
  const [command, ...rest] = argv;
  const known = command !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  const debug = rest.includes('--debug');
  try {
    if (known) {
      // --debug is the dispatcher's; seal does not know it.
      const args = rest.filter((a) => a !== '--debug' || command !== 'seal').map((a) => (a === '-h' ? '--help' : a));
      return await known.run(args, full);
    }
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h': {
        // `dapr-secure help synth` is `dapr-secure synth --help`.
        const topic = command === 'help' && rest[0] !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, rest[0]) ? COMMANDS[rest[0]] : undefined;
        full.stdout.write(`${topic ? topic.usage : USAGE}\n`);
        return command === undefined ? 2 : 0;
      }
      case '--version':
      case '-v':
      case 'version':
        full.stdout.write(`dapr-secure-constructs ${libraryVersion()}\n`);
        return 0;
      default:
        // The command is not echoed: it may be a value typed in the wrong place.
        throw new UsageError(`unknown command (not shown); commands: ${Object.keys(COMMANDS).join(', ')}`);
    }
  } catch (e) {
    const usage = e instanceof UsageError || e instanceof UnknownStageError;
    full.stderr.write(`dapr-secure${known ? ` ${command}` : ''}: error: ${(e as Error).message}\n`);
    if (debug) for (const u of underlyingErrors(e)) full.stderr.write(`\n${u.stack ?? u.message}\n`);
    if (usage) full.stderr.write(`\n${known ? known.usage : USAGE}\n`);
    return usage ? 2 : 1;
  }
}

/**
 * The errors behind `e`, each once, for `--debug`: following `causes`, `original` and `cause` down to the
 * errors that have none (a constructor's error, whose stack shows the program's line); `e` itself when it
 * has none.
 */
export function underlyingErrors(e: unknown): Error[] {
  const out: Error[] = [];
  const seen = new Set<unknown>();
  const isError = (x: unknown): x is Error & { causes?: unknown; original?: unknown } => typeof x === 'object' && x !== null && typeof (x as Error).message === 'string';
  const visit = (x: unknown): void => {
    if (!isError(x) || seen.has(x)) return;
    seen.add(x);
    const next = [...(Array.isArray(x.causes) ? x.causes : []), x.original, x.cause].filter(isError);
    if (next.length === 0) out.push(x);
    else next.forEach(visit);
  };
  visit(e);
  return out.length > 0 ? out : [e instanceof Error ? e : new Error(String(e))];
}
