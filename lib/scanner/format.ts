import type * as Sarif from 'sarif';
import { RULES } from './rules';
import { ScanFinding, ScanResult } from './scan';

function where(f: { file: string; line?: number; column?: number }): string {
  return f.line === undefined ? f.file : `${f.file}:${f.line}:${f.column}`;
}

/** One finding in one line: `file:line:col: rule: object field: problem; value "ab•••" (n characters). Fix: ...`. */
export function formatScanFinding(f: ScanFinding): string {
  return `${where(f)}: ${f.rule}: ${f.object} ${f.field}: ${f.problem}; value ${f.preview}. Fix: ${f.fix}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The human report: errors, then findings, then a summary line. */
export function formatHuman(result: ScanResult): string {
  const lines: string[] = [];
  for (const e of result.errors) lines.push(`${where(e)}: error: ${e.message}`);
  for (const f of result.findings) lines.push(formatScanFinding(f));
  const by = (k: string) => result.suppressed.filter((s) => s.suppressed?.by === k).length;
  const quiet = result.suppressed.length
    ? ` (${plural(result.suppressed.length, 'finding')} suppressed: ${by('inline')} inline, ${by('config')} by the config file, ${by('baseline')} in the baseline)`
    : '';
  const files = new Set(result.findings.map((f) => f.file)).size;
  const failed = new Set(result.errors.map((e) => e.file)).size;
  const head = result.findings.length
    ? `${plural(result.findings.length, 'finding')} in ${plural(files, 'file')} of ${result.scanned - failed} scanned`
    : `no credentials found in ${plural(result.scanned - failed, 'file')}`;
  const errors = failed ? `; ${plural(failed, 'file')} could not be parsed and ${failed === 1 ? 'was' : 'were'} not scanned` : '';
  lines.push(`${head}${quiet}${errors}`);
  return `${lines.join('\n')}\n`;
}

/** The JSON report: every finding (suppressed ones with why), the errors and the count of files. */
export function formatJson(result: ScanResult): string {
  return `${JSON.stringify({ version: 1, scanned: result.scanned, findings: result.findings, suppressed: result.suppressed, errors: result.errors }, null, 2)}\n`;
}

/**
 * The SARIF 2.1.0 report GitHub code scanning accepts: one run, every rule with help, results with regions
 * and partial fingerprints (which never contain a value); suppressed findings carry `suppressions`, and
 * files that could not be parsed are tool execution notifications.
 */
export function formatSarif(result: ScanResult, version: string): string {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const result1 = (f: ScanFinding): Sarif.Result => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule),
    level: 'error',
    message: { text: `${f.object} ${f.field}: ${f.problem}; value ${f.preview}. Fix: ${f.fix}` },
    locations: [{
      physicalLocation: {
        artifactLocation: artifactLocation(f.file),
        ...(f.line === undefined ? {} : { region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } }),
      },
      logicalLocations: [{ fullyQualifiedName: `${f.object}/${f.field}`, kind: 'member' }],
    }],
    partialFingerprints: { 'daprSecureFinding/v1': f.fingerprint },
    ...(f.suppressed ? { suppressions: [{ kind: f.suppressed.by === 'inline' ? 'inSource' : 'external', justification: f.suppressed.reason }] } : {}),
  });
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'dapr-secure scan',
          version,
          rules: RULES.map((r) => ({
            id: r.id,
            name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: r.title },
            fullDescription: { text: r.description },
            help: { text: `${r.description} Fix: ${r.fix}.`, markdown: `${r.description}\n\n**Fix:** ${r.fix}.` },
            defaultConfiguration: { level: 'error' },
            properties: { tags: ['security', 'secrets', 'kubernetes', 'dapr'], precision: 'high', 'security-severity': '8.0' },
          })),
        },
      },
      invocations: [{
        executionSuccessful: result.errors.length === 0,
        toolExecutionNotifications: result.errors.map((e) => ({
          level: 'error',
          message: { text: e.message },
          locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file), ...(e.line === undefined ? {} : { region: { startLine: e.line, startColumn: e.column } }) } }],
        })),
      }],
      columnKind: 'utf16CodeUnits',
      results: [...result.findings, ...result.suppressed].map(result1),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Where a file is: relative to the checkout (`%SRCROOT%`), absolute as a `file:` URI, `stdin` for standard input. */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (file === '<stdin>') return { uri: 'stdin' };
  const uri = file.split('/').map(encodeURIComponent).join('/');
  return file.startsWith('/') ? { uri: `file://${uri}` } : { uri, uriBaseId: '%SRCROOT%' };
}
