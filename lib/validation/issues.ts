/**
 * Issue model and message formatting shared by every validator in this folder.
 *
 * Validators produce `Issue`s whose `path` is a JSON Pointer (RFC 6901, as ajv
 * reports it). `formatIssue` turns one into the public message
 * `<Kind>/<name>: <json path>: <problem>`.
 */

/** One problem found in a manifest: where it is (JSON Pointer) and what is wrong. */
export interface Issue {
  /** JSON Pointer into the manifest, `''` for the object itself. */
  readonly path: string;
  /** What is wrong, in lower case, without the location. */
  readonly message: string;
  /** What to change, when the check knows better than "fix the field". @default - none */
  readonly fix?: string;
}

/** Builds an issue; a tiny helper so call sites stay on one line. */
export function issue(path: string, message: string): Issue {
  return { path, message };
}

/** Escapes one key for use as a JSON Pointer segment. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a parent JSON Pointer and a child key. */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${pointerSegment(key)}`;
}

/** Splits a JSON Pointer into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Reads the value a JSON Pointer addresses, or `undefined` when it does not exist. */
export function valueAt(root: unknown, pointer: string): unknown {
  let current: any = root;
  for (const segment of pointerSegments(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = current[segment];
  }
  return current;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders a JSON Pointer as a JSONPath-style string, e.g.
 * `/spec/metadata/0/value` -> `$.spec.metadata[0].value` and
 * `/metadata/labels/app.kubernetes.io~1name` -> `$.metadata.labels["app.kubernetes.io/name"]`.
 */
export function renderPath(pointer: string): string {
  let out = '$';
  for (const segment of pointerSegments(pointer)) {
    if (/^(0|[1-9][0-9]*)$/.test(segment)) out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Names a manifest as `<Kind>/<name>`, with placeholders for a missing kind or name. */
export function describeObject(obj: unknown): string {
  const o: any = obj !== null && typeof obj === 'object' ? obj : {};
  const kind = typeof o.kind === 'string' && o.kind !== '' ? o.kind : '<no kind>';
  const name = typeof o.metadata?.name === 'string' && o.metadata.name !== '' ? o.metadata.name : '<no name>';
  return `${kind}/${name}`;
}

/** Formats one issue of `obj` as the public message string. */
export function formatIssue(obj: unknown, found: Issue): string {
  return `${describeObject(obj)}: ${renderPath(found.path)}: ${found.message}${found.fix ? `. Fix: ${found.fix}` : ''}`;
}

/** Keeps the first issue per JSON path, so two validators never report the same spot twice. */
export function dedupeByPath(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    if (seen.has(i.path)) return false;
    seen.add(i.path);
    return true;
  });
}

/** Describes a JSON value's type for "got ..." hints: `string`, `integer`, `array`, `null`, ... */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
