/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Options that take a value (`--name value` or `--name=value`) and flags that do not. */
export interface OptionSpec {
  readonly withValue: readonly string[];
  readonly flags: readonly string[];
}

/** Parsed options: the value of each option given, `true` for each flag given. */
export type ParsedOptions = Record<string, string | true>;

/**
 * Option names that would carry a secret value. They are refused with an explanation rather than as
 * "unknown", and what follows them is never echoed.
 */
const VALUE_LIKE = /^(value|values|from-literal|literal|plaintext|plain|password|passwd|pass|token|credential|credentials|data|string-data|secret-value|string|text|raw-value)$/;

/** Why values are never taken from the command line, with what to do instead. */
export const VALUE_ON_COMMAND_LINE = 'secret values are never taken from the command line: arguments are saved in shell history '
  + '(~/.bash_history, ~/.zsh_history), are visible to every user of the machine in `ps` and /proc, and end up in CI logs. '
  + 'Fix: pipe the value on stdin (for example `pass show db | npx dapr-secure seal ...`, or `< file`), '
  + 'or put it in an environment variable and pass its name with --from-env NAME. '
  + 'If you typed a real credential, delete it from your shell history and rotate it';

/**
 * Parses `argv` against `spec`. Never echoes anything that could be a value: unknown options are named
 * without their `=value` part, and stray positional arguments only by position.
 */
export function parseOptions(argv: readonly string[], spec: OptionSpec): ParsedOptions {
  const out: ParsedOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`unexpected argument #${i + 1} (not shown, in case it is a secret value); ${VALUE_ON_COMMAND_LINE}`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (VALUE_LIKE.test(name) || /(^|-)(value|literal|password|token)(-|$)/.test(name)) {
      throw new UsageError(`--${name} is not accepted: ${VALUE_ON_COMMAND_LINE}`);
    }
    if (name in out) throw new UsageError(`--${name} is given twice`);
    if (spec.flags.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
    } else if (spec.withValue.includes(name)) {
      let value: string | undefined;
      if (eq >= 0) {
        value = arg.slice(eq + 1);
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
        value = argv[++i];
      }
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      out[name] = value;
    } else {
      const known = [...spec.withValue, ...spec.flags].map((o) => `--${o}`).join(', ');
      throw new UsageError(`unknown option --${name} (known: ${known})`);
    }
  }
  return out;
}
