import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE, formatBaseline, parseBaseline, parseScanConfig, ScanConfig, ScanConfigError } from '../scanner/config';
import { MissingPathError, readAll, scanPaths } from '../scanner/files';
import { formatHuman, formatJson, formatSarif } from '../scanner/format';
import { RULES } from '../scanner/rules';
import { parseOptions, UsageError } from './args';
import type { CliIO } from './main';
import { libraryVersion } from './version';

export const SCAN_USAGE = `usage: npx dapr-secure scan <file|folder|->... [--format human|json|sarif] [--output <file>]
                        [--config <file>] [--baseline <file>] [--write-baseline <file>]

Scans Kubernetes and Dapr manifests for credentials: any manifest repository, not only this library's
output. Folders are walked for .yaml, .yml and .json files (without .git and node_modules); \`-\` reads
standard input (\`kustomize build . | npx dapr-secure scan -\`, \`helm template x ./chart | npx dapr-secure scan -\`).
Findings show file:line:column, the rule and a redacted preview, never a whole value.

rules:
${RULES.map((r) => `  ${r.id.padEnd(28)}${r.title}`).join('\n')}

options:
  --format F          human (default), json, or sarif (SARIF 2.1.0 for GitHub code scanning)
  --output F          write the report to F instead of standard output
  --config F          reviewed false positives (default: ${CONFIG_FILE} in the working directory, if any):
                        allow: [{ rule, files (glob), object, field, reason }]   ignore: [file globs]
  --baseline F        findings accepted in F (see --write-baseline) do not fail the scan; new ones do
  --write-baseline F  accept every current finding: write their fingerprints (never a value) to F, exit 0

An inline comment silences a reviewed false positive: \`# dapr-secure:allow [rule,...] [-- reason]\` at the
end of the value's line or on the line above it.

exit codes: 0 no finding, 1 findings, 2 a usage mistake or a file that is not valid YAML or JSON`;

/** Option names that take a value. */
const WITH_VALUE = ['format', 'output', 'config', 'baseline', 'write-baseline'];

/** Splits arguments into paths and options: an argument not starting with `--` is a path, unless it is an option's value. */
function splitArgs(argv: readonly string[]): { paths: string[]; options: string[] } {
  const paths: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      options.push(a);
      if (!a.includes('=') && WITH_VALUE.includes(a.slice(2)) && i + 1 < argv.length && !argv[i + 1].startsWith('--')) options.push(argv[++i]);
    } else {
      paths.push(a);
    }
  }
  return { paths, options };
}

function readConfig(file: string | undefined, cwd: string): ScanConfig | undefined {
  const chosen = file === undefined ? path.join(cwd, CONFIG_FILE) : path.resolve(cwd, file);
  if (!fs.existsSync(chosen)) {
    if (file === undefined) return undefined;
    throw new UsageError(`the config file ${file} does not exist`);
  }
  return parseScanConfig(fs.readFileSync(chosen, 'utf8'), file ?? CONFIG_FILE);
}

/** Runs `scan`; returns the exit code. */
export async function scanCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { paths, options } = splitArgs(argv);
  const opts = parseOptions(options, { withValue: WITH_VALUE, flags: ['help', 'debug'] });
  if (opts.help) {
    io.stdout.write(`${SCAN_USAGE}\n`);
    return 0;
  }
  const format = (opts.format as string | undefined) ?? 'human';
  if (!['human', 'json', 'sarif'].includes(format)) throw new UsageError(`--format ${JSON.stringify(format)} is not a format; use human, json or sarif`);
  if (paths.length === 0) throw new UsageError('name the files or folders to scan, or - for standard input (for example `npx dapr-secure scan dist/`)');
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) is given twice');
  try {
    const config = readConfig(opts.config as string | undefined, io.cwd);
    const baselineFile = opts.baseline as string | undefined;
    let baseline: Set<string> | undefined;
    if (baselineFile !== undefined) {
      const abs = path.resolve(io.cwd, baselineFile);
      if (!fs.existsSync(abs)) throw new UsageError(`the baseline ${baselineFile} does not exist. Fix: write it with --write-baseline ${baselineFile}`);
      baseline = parseBaseline(fs.readFileSync(abs, 'utf8'), baselineFile);
    }
    const result = await scanPaths(paths, { cwd: io.cwd, config, baseline, stdin: () => readAll(io.stdin) });
    const write = opts['write-baseline'] as string | undefined;
    if (write !== undefined) {
      const accepted = [...result.findings, ...result.suppressed.filter((f) => f.suppressed?.by === 'baseline')];
      fs.writeFileSync(path.resolve(io.cwd, write), formatBaseline(accepted));
      for (const e of result.errors) io.stderr.write(`${e.file}${e.line === undefined ? '' : `:${e.line}:${e.column}`}: error: ${e.message}\n`);
      io.stdout.write(`wrote ${write}: ${accepted.length} finding(s) accepted; \`npx dapr-secure scan --baseline ${write} ...\` now fails only on new ones\n`);
      return result.errors.length ? 2 : 0;
    }
    const report = format === 'sarif' ? formatSarif(result, libraryVersion()) : format === 'json' ? formatJson(result) : formatHuman(result);
    if (opts.output !== undefined) {
      fs.writeFileSync(path.resolve(io.cwd, opts.output as string), report);
      if (format !== 'human') io.stdout.write(formatHuman(result));
    } else {
      io.stdout.write(report);
    }
    return result.errors.length ? 2 : result.findings.length ? 1 : 0;
  } catch (e) {
    if (e instanceof ScanConfigError || e instanceof MissingPathError) throw new UsageError(e.message);
    throw e;
  }
}
