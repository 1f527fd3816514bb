import { minimatch } from 'minimatch';
import { parse } from 'yaml';
import { isRuleId, RuleId, RULES } from './rules';

/** File the CLI reads reviewed false positives from, in the working directory, unless `--config` names another. */
export const CONFIG_FILE = '.dapr-secure-scan.yaml';

/** A reviewed false positive: findings that match every field given are reported as suppressed. */
export interface AllowEntry {
  /** A rule id. @default any rule */
  readonly rule?: RuleId;
  /** A glob of file paths as reported (relative, `/`-separated), such as `examples/**`. @default any file */
  readonly files?: string;
  /** The object as reported, such as `Deployment shop/web`. @default any object */
  readonly object?: string;
  /** The field as reported, such as `spec.template.spec.containers[web].env[TOKEN_AUDIENCE].value`. @default any field */
  readonly field?: string;
  /** Why this is not a credential: required, and shown with every finding it silences. */
  readonly reason: string;
}

/** The scanner's configuration file (`.dapr-secure-scan.yaml`). */
export interface ScanConfig {
  /** Reviewed false positives. @default none */
  readonly allow?: readonly AllowEntry[];
  /** Globs of files inside scanned folders that are not manifests (Helm templates, for instance). @default none */
  readonly ignore?: readonly string[];
}

/** A configuration or baseline file the scanner cannot use: a usage mistake (exit code 2). */
export class ScanConfigError extends Error {}

const ALLOW_KEYS = ['rule', 'files', 'object', 'field', 'reason'];

/** Reads and checks a configuration file's text; `source` names it in errors. */
export function parseScanConfig(text: string, source: string): ScanConfig {
  let raw: any;
  try {
    raw = parse(text, { prettyErrors: false }) ?? {};
  } catch (e) {
    throw new ScanConfigError(`${source} is not valid YAML (${(e as Error).message.split(/ at line|:\n/)[0]})`);
  }
  const fail = (what: string, fix: string) => new ScanConfigError(`${source}: ${what}. Fix: ${fix}`);
  if (typeof raw !== 'object' || Array.isArray(raw)) throw fail('expected a mapping with `allow` and `ignore`', 'see `npx dapr-secure scan --help`');
  for (const k of Object.keys(raw)) if (k !== 'allow' && k !== 'ignore') throw fail(`unknown key ${JSON.stringify(k)}`, 'use `allow` (reviewed false positives) and `ignore` (file globs)');
  const ignore = raw.ignore ?? [];
  if (!Array.isArray(ignore) || ignore.some((g: unknown) => typeof g !== 'string' || g === '')) throw fail('`ignore` must be a list of file globs', 'write ignore: ["charts/*/templates/**"]');
  const allow = raw.allow ?? [];
  if (!Array.isArray(allow)) throw fail('`allow` must be a list', 'write allow: [{ rule: ..., files: ..., reason: ... }]');
  const entries: AllowEntry[] = allow.map((e: any, i: number) => {
    const at = `allow[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw fail(`${at} must be a mapping`, `give it ${ALLOW_KEYS.join(', ')}`);
    for (const k of Object.keys(e)) if (!ALLOW_KEYS.includes(k)) throw fail(`${at} has an unknown key ${JSON.stringify(k)}`, `use ${ALLOW_KEYS.join(', ')}`);
    for (const k of ALLOW_KEYS) if (e[k] !== undefined && (typeof e[k] !== 'string' || e[k].trim() === '')) throw fail(`${at}.${k} must be a non-empty string`, 'quote it');
    if (e.reason === undefined) throw fail(`${at} has no reason`, 'say why the finding is not a credential (reason: "...") so reviewers can check it');
    if (e.rule !== undefined && !isRuleId(e.rule)) throw fail(`${at}.rule ${JSON.stringify(e.rule)} is not a rule`, `use one of ${RULES.map((r) => r.id).join(', ')}`);
    if (e.files === undefined && e.object === undefined && e.field === undefined) throw fail(`${at} matches every finding${e.rule ? ` of ${e.rule}` : ''}`, 'narrow it with files, object or field');
    return e as AllowEntry;
  });
  return { allow: entries, ignore };
}

/** Whether a file path (relative, `/`-separated) matches a glob of the configuration. */
export function matchesGlob(file: string, glob: string): boolean {
  return minimatch(file, glob, { dot: true });
}

/** The entry of `config` that silences a finding, if any. */
export function allowedBy(config: ScanConfig | undefined, f: { rule: RuleId; file: string; object: string; field: string }): AllowEntry | undefined {
  return config?.allow?.find((e) => (e.rule === undefined || e.rule === f.rule)
    && (e.files === undefined || matchesGlob(f.file, e.files))
    && (e.object === undefined || e.object === f.object)
    && (e.field === undefined || e.field === f.field));
}

/** The marker of an inline suppression comment: `# dapr-secure:allow [rule[,rule]] [-- reason]`. */
const INLINE = /(?:^|\s)#\s*dapr-secure:allow\b([^#\n]*)$/;

/**
 * The rules an inline comment silences on a line (`'all'` when it names none), and its reason. The comment
 * goes at the end of the line of the value, or on a line of its own just above it. `after` is the offset in
 * the line from which a comment counts (the end of the value, so a value cannot silence itself).
 */
export function inlineAllow(line: string, after: number): { rules: readonly RuleId[] | 'all'; reason: string } | undefined {
  const m = INLINE.exec(line.slice(after));
  if (!m) return undefined;
  const [list, ...why] = m[1].split('--');
  const ids = list.split(/[\s,]+/).filter((x) => x !== '');
  const rules = ids.filter(isRuleId);
  if (ids.length > 0 && rules.length === 0) return undefined; // a typo silences nothing
  return { rules: ids.length === 0 ? 'all' : rules, reason: why.join('--').trim() || 'inline comment' };
}

/** A baseline: findings accepted as they are, by fingerprint (which never contains a value). */
export interface Baseline {
  readonly version: 1;
  readonly findings: ReadonlyArray<{ readonly fingerprint: string; readonly rule: string; readonly file: string; readonly object: string; readonly field: string }>;
}

/** The baseline file's text for `findings`: sorted, so the same findings give the same bytes. */
export function formatBaseline(findings: ReadonlyArray<{ fingerprint: string; rule: string; file: string; object: string; field: string }>): string {
  const list = [...new Map(findings.map((f) => [f.fingerprint, { fingerprint: f.fingerprint, rule: f.rule, file: f.file, object: f.object, field: f.field }])).values()]
    .sort((a, b) => (a.file + '\0' + a.object + '\0' + a.field + '\0' + a.rule).localeCompare(b.file + '\0' + b.object + '\0' + b.field + '\0' + b.rule));
  const baseline: Baseline = { version: 1, findings: list };
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** The fingerprints of a baseline file's text; `source` names it in errors. */
export function parseBaseline(text: string, source: string): Set<string> {
  let raw: any;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ScanConfigError(`${source} is not a baseline (not JSON). Fix: write it with \`npx dapr-secure scan --write-baseline ${source} <paths>\``);
  }
  if (raw?.version !== 1 || !Array.isArray(raw.findings) || raw.findings.some((f: any) => typeof f?.fingerprint !== 'string')) {
    throw new ScanConfigError(`${source} is not a version 1 baseline. Fix: write it again with \`npx dapr-secure scan --write-baseline ${source} <paths>\``);
  }
  return new Set(raw.findings.map((f: any) => f.fingerprint));
}
