import type { RuleId } from './rules';

/** A value in a known credential format, found by secretlint's recommended preset. */
export interface TokenMatch {
  /** Which of the texts given it is in. */
  readonly index: number;
  /** Offset and length inside that text. */
  readonly start: number;
  readonly length: number;
  /** The scanner rule it counts under. */
  readonly rule: RuleId;
  /** The secretlint rule and message id, such as `github:GITHUB_TOKEN` (never the value). */
  readonly detail: string;
  /** The kind of credential, such as `GitHub personal access tokens`. */
  readonly kind: string;
}

interface Secretlint {
  readonly lintSource: typeof import('@secretlint/core').lintSource;
  readonly preset: unknown;
}

let loading: Promise<Secretlint> | undefined;

/**
 * Loads secretlint, which ships only as ECMAScript modules: `require` works on Node 20.19 and later (and
 * under tsx and Jest's transform); older Node 20 releases take the dynamic `import()` path.
 */
function secretlint(): Promise<Secretlint> {
  loading ??= (async () => {
    try {
      return { lintSource: require('@secretlint/core').lintSource, preset: require('@secretlint/secretlint-rule-preset-recommend').creator };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw e;
      const load = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;
      const [core, preset] = await Promise.all([load('@secretlint/core'), load('@secretlint/secretlint-rule-preset-recommend')]);
      return { lintSource: core.lintSource, preset: preset.creator };
    }
  })();
  return loading;
}

/** Rules of the preset that the scanner's own rules name differently; the others count as `known-token`. */
const RULE_OF: Readonly<Record<string, RuleId>> = {
  'privatekey': 'private-key',
  'basicauth': 'url-password',
  'database-connection-string': 'url-password',
};

/** Keeps texts apart, so no match spans two of them. */
const SEPARATOR = '\n\u0000\n';

/**
 * Runs secretlint's recommended preset (offline) over `texts` in one pass and says where each match is.
 * secretlint's own messages quote the value, so only its rule, message id and credential type are kept.
 */
export async function findTokens(texts: readonly string[]): Promise<TokenMatch[]> {
  if (texts.length === 0) return [];
  const starts: number[] = [];
  let offset = 0;
  for (const t of texts) {
    starts.push(offset);
    offset += t.length + SEPARATOR.length;
  }
  const { lintSource, preset } = await secretlint();
  const result = await lintSource({
    source: { filePath: 'manifest-values.txt', content: texts.join(SEPARATOR), contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset as any }] }, maskSecrets: true, noPhysicFilePath: true },
  });
  const out: TokenMatch[] = [];
  for (const m of result.messages) {
    const short = m.ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
    if (short === 'filter-comments' || m.type !== 'message') continue;
    const [from, to] = m.range;
    const index = lastAtOrBefore(starts, from);
    const kind = typeof (m as any).data?.typeName === 'string' ? (m as any).data.typeName : short;
    out.push({ index, start: from - starts[index], length: Math.min(to, starts[index] + texts[index].length) - from, rule: RULE_OF[short] ?? 'known-token', detail: `${short}:${m.messageId}`, kind });
  }
  return out;
}

/** Index of the last element of sorted `list` that is at most `x`. */
function lastAtOrBefore(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
