import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node as YamlNode, parseAllDocuments, Scalar } from 'yaml';

/**
 * A YAML or JSON value with where it came from: the scanner's view of a document. Aliases are resolved
 * (an alias and its anchor share one node) and merge keys (`<<`) are applied, as Kubernetes applies them.
 */
export type TreeNode = ScalarNode | MapNode | SeqNode;

export interface ScalarNode {
  readonly t: 'scalar';
  readonly value: unknown;
  /** Offsets of the value in the text; -1 for a parsed document given as an object. */
  readonly start: number;
  readonly end: number;
  /** The YAML scalar style (`PLAIN`, `QUOTE_DOUBLE`, `BLOCK_LITERAL`, ...), when parsed from text. */
  readonly style?: string;
}

export interface MapNode {
  readonly t: 'map';
  readonly entries: ReadonlyMap<string, TreeNode>;
}

export interface SeqNode {
  readonly t: 'seq';
  readonly items: readonly TreeNode[];
}

/** One parsed document of a text. */
export interface ParsedDocument {
  /** Position in the file, from 0. */
  readonly index: number;
  readonly root: TreeNode | undefined;
}

/** A syntax error, described without any of the text (which may hold a credential). */
export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  /** The parser's code, such as `BAD_INDENT` or `DUPLICATE_KEY`. */
  readonly code: string;
  readonly message: string;
}

/** The documents of a text, or its syntax errors. */
export interface ParsedText {
  readonly documents: readonly ParsedDocument[];
  readonly errors: readonly SyntaxProblem[];
  readonly lines: LineCounter;
}

const EMPTY: ScalarNode = { t: 'scalar', value: null, start: -1, end: -1 };

/**
 * Parses every document of a YAML (or JSON) text. Duplicate keys are errors, as in kubectl.
 */
export function parseText(text: string): ParsedText {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, merge: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const errors: SyntaxProblem[] = [];
  const documents: ParsedDocument[] = [];
  list.forEach((doc, index) => {
    const e = doc.errors[0]; // the rest usually follow from the first
    if (e) {
      const at = lines.linePos(e.pos[0]);
      errors.push({ line: at.line, column: at.col, code: e.code, message: withoutSource(e.message) });
    }
    documents.push({ index, root: doc.errors.length ? undefined : convert(doc) });
  });
  return { documents, errors, lines };
}

/** A parser message without the source it may quote (a line excerpt, a token), which may be a credential. */
function withoutSource(message: string): string {
  return message.split(/ at line \d|:\n/)[0].replace(/:?\s*"[^"]*"/g, '').replace(/:?\s*'[^']*'/g, '');
}

function convert(doc: Document): TreeNode | undefined {
  const done = new Map<YamlNode, TreeNode>();
  const active = new Set<YamlNode>();
  const visit = (node: unknown): TreeNode => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      return target ? visit(target) : EMPTY;
    }
    if (!node || typeof node !== 'object') return EMPTY;
    const y = node as YamlNode;
    const cached = done.get(y);
    if (cached) return cached;
    if (active.has(y)) return EMPTY; // an anchor used inside itself
    active.add(y);
    let out: TreeNode;
    if (isScalar(y)) {
      out = { t: 'scalar', value: y.value, start: y.range?.[0] ?? -1, end: y.range?.[1] ?? -1, style: y.type };
    } else if (isSeq(y)) {
      out = { t: 'seq', items: y.items.map(visit) };
    } else if (isMap(y)) {
      const entries = new Map<string, TreeNode>();
      const merged: TreeNode[] = [];
      for (const pair of y.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? (pair.key as Scalar).value : pair.key;
        if (typeof key === 'symbol' || key === '<<') {
          const from = visit(pair.value);
          merged.push(...(from.t === 'seq' ? from.items : [from]));
        } else if (key === null || typeof key !== 'object') {
          entries.set(String(key), visit(pair.value));
        }
      }
      for (const source of merged) {
        if (source.t !== 'map') continue;
        for (const [k, v] of source.entries) if (!entries.has(k)) entries.set(k, v);
      }
      out = { t: 'map', entries };
    } else {
      out = EMPTY;
    }
    active.delete(y);
    done.set(y, out);
    return out;
  };
  return doc.contents === null ? undefined : visit(doc.contents);
}

/** The scanner's view of a value that was parsed already (JSON-like), without positions. */
export function fromValue(value: unknown, seen = new Set<object>()): TreeNode {
  if (value === null || typeof value !== 'object') return { t: 'scalar', value, start: -1, end: -1 };
  if (seen.has(value)) return EMPTY;
  seen.add(value);
  try {
    if (Array.isArray(value)) return { t: 'seq', items: value.map((v) => fromValue(v, seen)) };
    const entries = new Map<string, TreeNode>();
    for (const [k, v] of Object.entries(value)) if (v !== undefined) entries.set(k, fromValue(v, seen));
    return { t: 'map', entries };
  } finally {
    seen.delete(value);
  }
}

/** The node at `key` of a map node, if any. */
export function child(node: TreeNode | undefined, key: string): TreeNode | undefined {
  return node?.t === 'map' ? node.entries.get(key) : undefined;
}

/** The string at `key` of a map node, if it is one. */
export function text(node: TreeNode | undefined, key: string): string | undefined {
  const c = child(node, key);
  return c?.t === 'scalar' && typeof c.value === 'string' ? c.value : undefined;
}
