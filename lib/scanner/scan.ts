import { createHash } from 'crypto';
import type { LineCounter } from 'yaml';
import { allowedBy, inlineAllow, ScanConfig } from './config';
import { Detection, detectInDocument, DocumentScan } from './detect';
import { RuleId, rulePriority, ruleInfo } from './rules';
import { findTokens } from './token-formats';
import { fromValue, parseText, ScalarNode, TreeNode } from './tree';
import { redactedPreview } from './values';

/** One credential the scanner found. Never holds the value, only a redacted preview of it. */
export interface ScanFinding {
  readonly rule: RuleId;
  /** The file as given (`<stdin>` for standard input). */
  readonly file: string;
  /** 1-based line and column of the value (where the secret part starts, when known); absent for parsed objects. */
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** The object, such as `Secret shop/db` or `document 3`. */
  readonly object: string;
  /** Path of the value in the object, such as `stringData.password`. */
  readonly field: string;
  readonly detail?: string;
  /** What is wrong, without the value. */
  readonly problem: string;
  /** What to do instead. */
  readonly fix: string;
  /** A redacted preview: never the whole value. */
  readonly preview: string;
  /**
   * Stable identity for baselines and SARIF: a hash of the rule, file, object, field and detail; never of
   * the value, so it reveals nothing and survives moved lines.
   */
  readonly fingerprint: string;
  /** Set when a reviewed exception silences the finding. */
  readonly suppressed?: { readonly by: 'inline' | 'config' | 'baseline'; readonly reason: string };
}

/** A file the scanner could not read as YAML or JSON: reported, never skipped. */
export interface ScanError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** The outcome of a scan. */
export interface ScanResult {
  /** Findings nothing silences, ordered by file, line and column. */
  readonly findings: readonly ScanFinding[];
  /** Findings silenced by an inline comment, the configuration or the baseline. */
  readonly suppressed: readonly ScanFinding[];
  readonly errors: readonly ScanError[];
  /** Files (or inputs) scanned. */
  readonly scanned: number;
}

/** Options of the scan functions. */
export interface ScanOptions {
  /** Name of the input in findings and fingerprints. @default '<input>' */
  readonly file?: string;
  /** Reviewed false positives. @default none */
  readonly config?: ScanConfig;
  /** Fingerprints of accepted findings (`parseBaseline`). @default none */
  readonly baseline?: ReadonlySet<string>;
}

/** What one input gave before suppression. */
interface Prepared {
  readonly file: string;
  readonly text?: string;
  readonly lines?: LineCounter;
  readonly scans: DocumentScan[];
  readonly errors: ScanError[];
}

function prepare(input: string | readonly unknown[], file: string): Prepared {
  if (typeof input !== 'string') {
    return { file, scans: input.map((doc, i) => detectInDocument(fromValue(doc) as TreeNode, i)), errors: [] };
  }
  const parsed = parseText(input);
  return {
    file,
    text: input,
    lines: parsed.lines,
    scans: parsed.documents.map((d) => detectInDocument(d.root, d.index)),
    errors: parsed.errors.map((e) => ({ file, line: e.line, column: e.column, message: `${e.message} (${e.code}); the file is not valid YAML, so it was not scanned` })),
  };
}

/**
 * Scans manifests for credentials with every rule except the token formats (which need secretlint,
 * asynchronous): Secrets with data, Dapr fields that need a secretKeyRef, env literals, `dapr.io/env`,
 * URLs and connection strings with a password, and private keys. Synth uses it; prefer `scanManifests`.
 *
 * @param input a YAML or JSON text (one or more documents), or parsed documents
 */
export function scanManifestsSync(input: string | readonly unknown[], options: ScanOptions = {}): ScanResult {
  const p = prepare(input, options.file ?? '<input>');
  return finish([p], p.scans.flatMap((s) => s.detections).map((d) => [p, d] as const), options);
}

/**
 * Scans manifests for credentials with every rule, the token formats of secretlint's recommended preset
 * included. Never reports SealedSecret `encryptedData`, ExternalSecret references, `secretKeyRef`s,
 * `auth.secretStore` names, digests in annotations (fingerprints, checksums) or certificates.
 *
 * @param input a YAML or JSON text (one or more documents), or parsed documents
 */
export async function scanManifests(input: string | readonly unknown[], options: ScanOptions = {}): Promise<ScanResult> {
  return scanPrepared([prepare(input, options.file ?? '<input>')], options);
}

/** Scans several named texts in one secretlint pass. */
export async function scanTexts(inputs: ReadonlyArray<{ readonly file: string; readonly text: string }>, options: Omit<ScanOptions, 'file'> = {}): Promise<ScanResult> {
  return scanPrepared(inputs.map((i) => prepare(i.text, i.file)), options);
}

async function scanPrepared(prepared: readonly Prepared[], options: ScanOptions): Promise<ScanResult> {
  const detections: Array<readonly [Prepared, Detection]> = [];
  const candidates: Array<{ p: Prepared; c: DocumentScan['candidates'][number] }> = [];
  for (const p of prepared) {
    for (const s of p.scans) {
      for (const d of s.detections) detections.push([p, d]);
      for (const c of s.candidates) candidates.push({ p, c });
    }
  }
  const tokens = await findTokens(candidates.map(({ c }) => c.node.value as string));
  const best = new Map<ScalarNode, number>();
  tokens.forEach((t, i) => {
    const earlier = best.get(candidates[t.index].c.node);
    if (earlier === undefined || rulePriority(t.rule) < rulePriority(tokens[earlier].rule)) best.set(candidates[t.index].c.node, i);
  });
  for (const i of best.values()) {
    const t = tokens[i];
    const { p, c } = candidates[t.index];
    const value = c.node.value as string;
    const span = { index: t.start, length: t.length };
    detections.push([p, {
      rule: t.rule, node: c.node, object: c.object, field: c.field, detail: t.detail, span,
      problem: t.rule === 'known-token' ? `the value has the format of ${t.kind} (secretlint rule ${t.detail.split(':')[0]})` : `the value holds ${t.kind} (secretlint rule ${t.detail.split(':')[0]})`,
      preview: redactedPreview(value, span),
    }]);
  }
  return finish(prepared, detections, options);
}

function fingerprintOf(rule: RuleId, file: string, object: string, field: string, detail: string | undefined): string {
  return createHash('sha256').update(JSON.stringify(['dapr-secure-scan/v1', rule, file, object, field, detail ?? ''])).digest('hex').slice(0, 32);
}

/** Line and column of a detection: the first line of a block scalar's content, the line of a match inside it. */
function position(p: Prepared, d: Detection): Pick<ScanFinding, 'line' | 'column' | 'endLine' | 'endColumn'> {
  if (!p.lines || !p.text || d.node.start < 0) return {};
  const end = p.lines.linePos(d.node.end);
  let at = p.lines.linePos(d.node.start);
  if (d.node.style === 'BLOCK_LITERAL' || d.node.style === 'BLOCK_FOLDED') {
    const text = p.text;
    let content = text.indexOf('\n', d.node.start) + 1;
    while (content > 0 && content < d.node.end) {
      const nl = text.indexOf('\n', content);
      if (text.slice(content, nl < 0 ? undefined : nl).trim() !== '' || nl < 0) break;
      content = nl + 1; // a blank line before the content
    }
    if (content > 0 && content < d.node.end) {
      const first = p.lines.linePos(content);
      const indent = /^[ \t]*/.exec(text.slice(content))![0].length;
      at = { line: first.line, col: indent + 1 };
      if (d.span && d.node.style === 'BLOCK_LITERAL') {
        const before = String(d.node.value).slice(0, d.span.index);
        const lineBreaks = before.split('\n').length - 1;
        at = { line: first.line + lineBreaks, col: indent + 1 + (before.length - before.lastIndexOf('\n') - 1) };
      }
    }
  }
  return { line: at.line, column: at.col, endLine: end.line, endColumn: end.col };
}

/** The source line `n` (1-based) of a prepared text, without its line break. */
function sourceLine(p: Prepared, n: number): string {
  if (!p.lines || !p.text || n < 1 || n > p.lines.lineStarts.length) return '';
  const start = p.lines.lineStarts[n - 1];
  const next = p.lines.lineStarts[n];
  return p.text.slice(start, next === undefined ? undefined : next).replace(/\r?\n$/, '');
}

function inlineSuppression(p: Prepared, d: Detection, line: number | undefined): ScanFinding['suppressed'] {
  if (line === undefined || !p.lines) return undefined;
  const valueLine = p.lines.linePos(d.node.start).line;
  const valueEnd = p.lines.linePos(d.node.end);
  const candidates: Array<{ text: string; after: number }> = [];
  // The end of a multi-line quoted value's last line (a block scalar's lines are all content), the line of
  // the value (after a block scalar's header), the line above.
  const block = d.node.style === 'BLOCK_LITERAL' || d.node.style === 'BLOCK_FOLDED';
  if (valueEnd.line !== valueLine && !block) candidates.push({ text: sourceLine(p, valueEnd.line), after: valueEnd.col - 1 });
  const own = sourceLine(p, valueLine);
  candidates.push({ text: own, after: valueEnd.line === valueLine ? valueEnd.col - 1 : (p.lines.linePos(d.node.start).col) });
  const above = sourceLine(p, valueLine - 1);
  if (/^\s*#/.test(above)) candidates.push({ text: above, after: 0 });
  for (const c of candidates) {
    const allow = inlineAllow(c.text, Math.max(0, c.after));
    if (allow && (allow.rules === 'all' || allow.rules.includes(d.rule))) return { by: 'inline', reason: allow.reason };
  }
  return undefined;
}

function finish(prepared: readonly Prepared[], detections: ReadonlyArray<readonly [Prepared, Detection]>, options: ScanOptions): ScanResult {
  const findings: ScanFinding[] = [];
  const suppressed: ScanFinding[] = [];
  for (const [p, d] of detections) {
    const where = position(p, d);
    const base = {
      rule: d.rule, file: p.file, ...where, object: d.object, field: d.field, ...(d.detail ? { detail: d.detail } : {}),
      problem: d.problem, fix: ruleInfo(d.rule).fix, preview: d.preview,
      fingerprint: fingerprintOf(d.rule, p.file, d.object, d.field, d.detail),
    };
    const inline = inlineSuppression(p, d, where.line);
    const config = inline ? undefined : allowedBy(options.config, base);
    const why: ScanFinding['suppressed'] = inline
      ?? (config ? { by: 'config', reason: config.reason } : undefined)
      ?? (options.baseline?.has(base.fingerprint) ? { by: 'baseline', reason: 'accepted in the baseline' } : undefined);
    if (why) suppressed.push({ ...base, suppressed: why });
    else findings.push(base);
  }
  return {
    findings: findings.sort(byPlace),
    suppressed: suppressed.sort(byPlace),
    errors: prepared.flatMap((p) => p.errors),
    scanned: prepared.length,
  };
}

/** Orders findings by file, line, column, rule and field. */
export function byPlace(a: ScanFinding, b: ScanFinding): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
    || (a.line ?? 0) - (b.line ?? 0)
    || (a.column ?? 0) - (b.column ?? 0)
    || rulePriority(a.rule) - rulePriority(b.rule)
    || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0);
}
