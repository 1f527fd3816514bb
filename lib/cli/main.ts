import { UsageError } from './args';
import { seal, SEAL_USAGE } from './seal';

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
  seal    seal one secret value into the committed sealed file (see \`npx dapr-secure seal --help\`)`;

/**
 * The `dapr-secure` command line. `argv` is the arguments after the program name. Returns the exit code:
 * 0 on success, 1 when the command failed, 2 for a usage mistake. Messages never contain a secret value.
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
  try {
    switch (command) {
      case 'seal':
        return await seal(rest.map((a) => (a === '-h' ? '--help' : a)), full);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        full.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        // The command is not echoed: it may be a value typed in the wrong place.
        throw new UsageError('unknown command (not shown); the only command is "seal"');
    }
  } catch (e) {
    const usage = e instanceof UsageError;
    full.stderr.write(`dapr-secure${command === 'seal' ? ' seal' : ''}: error: ${(e as Error).message}\n`);
    if (usage) full.stderr.write(`\n${command === 'seal' ? SEAL_USAGE : USAGE}\n`);
    return usage ? 2 : 1;
  }
}
