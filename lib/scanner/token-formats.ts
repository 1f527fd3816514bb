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
  /** The kind of credential, in words, such as `a GitHub token`. */
  readonly kind: string;
}

/** The parts of a secretlint message the scanner keeps (its text and data quote the value). */
interface RawMessage {
  readonly ruleId: string;
  readonly messageId: string;
  readonly range: readonly [number, number];
  readonly type: string;
}

type Lint = (content: string) => Promise<RawMessage[]>;

const LINT_OPTIONS = { maskSecrets: true, noPhysicFilePath: true };
const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend';

/**
 * Runs secretlint in a worker thread, which loads ECMAScript modules natively: the path for Node 20
 * releases before 20.19 and for hosts whose `require` cannot load them (Jest). The worker is unreferenced
 * while idle, so it never keeps a process alive.
 */
function workerLint(): Lint {
  const { Worker } = require('worker_threads') as typeof import('worker_threads');
  const { pathToFileURL } = require('url') as typeof import('url');
  const urls = [require.resolve('@secretlint/core'), require.resolve(PRESET_ID)].map((p) => pathToFileURL(p).href);
  const worker = new Worker(`
    const { parentPort, workerData } = require('worker_threads');
    const loaded = Promise.all(workerData.urls.map((u) => import(u)));
    parentPort.on('message', async ({ id, content }) => {
      try {
        const [core, preset] = await loaded;
        const r = await core.lintSource({ source: { filePath: 'manifest-values.txt', content, contentType: 'text' },
          options: { ...workerData.options, config: { rules: [{ id: workerData.preset, rule: preset.creator }] } } });
        parentPort.postMessage({ id, messages: r.messages.map((m) => ({ ruleId: m.ruleId, messageId: m.messageId, range: m.range, type: m.type })) });
      } catch (e) {
        parentPort.postMessage({ id, error: String(e && e.message) });
      }
    });`, { eval: true, workerData: { urls, options: LINT_OPTIONS, preset: PRESET_ID } });
  worker.unref();
  const pending = new Map<number, { resolve: (m: RawMessage[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.on('message', (m: { id: number; messages?: RawMessage[]; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.error !== undefined) p?.reject(new Error(`secretlint failed: ${m.error}`));
    else p?.resolve(m.messages ?? []);
  });
  worker.on('error', (e) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });
  return (content) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    worker.ref();
    worker.postMessage({ id, content });
  });
}

let lint: Lint | undefined;

/** secretlint with the recommended preset: loaded with `require` where it can load ECMAScript modules, else in a worker. */
function secretlint(): Lint {
  if (lint) return lint;
  try {
    const core = require('@secretlint/core');
    const preset = require(PRESET_ID);
    const config = { rules: [{ id: PRESET_ID, rule: preset.creator }] };
    lint = async (content) => (await core.lintSource({ source: { filePath: 'manifest-values.txt', content, contentType: 'text' }, options: { ...LINT_OPTIONS, config } })).messages;
  } catch {
    lint = workerLint();
  }
  return lint;
}

/** Rules of the preset that the scanner's own rules name differently; the others count as `known-token`. */
const RULE_OF: Readonly<Record<string, RuleId>> = {
  'privatekey': 'private-key',
  'basicauth': 'url-password',
  'database-connection-string': 'url-password',
};

/** How a message names the credential a preset rule recognises (secretlint's own message quotes the value). */
const KIND_OF: Readonly<Record<string, string>> = {
  'github': 'a GitHub token',
  'npm': 'an npm access token',
  'slack': 'a Slack token or webhook',
  'aws': 'an AWS access key',
  'gcp': 'a Google Cloud service account key',
  'azure': 'an Azure credential',
  'sendgrid': 'a SendGrid API key',
  'openai': 'an OpenAI API key',
  'anthropic': 'an Anthropic API key',
  'shopify': 'a Shopify token',
  'linear': 'a Linear API key',
  '1password': 'a 1Password service account token',
  'privatekey': 'a private key',
  'basicauth': 'a URL with a password',
  'database-connection-string': 'a database connection string with a password',
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
  const messages = await secretlint()(texts.join(SEPARATOR));
  const out: TokenMatch[] = [];
  for (const m of messages) {
    const short = m.ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
    if (short === 'filter-comments' || m.type !== 'message') continue;
    const [from, to] = m.range;
    const index = lastAtOrBefore(starts, from);
    const kind = KIND_OF[short] ?? `a ${short} credential`;
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
