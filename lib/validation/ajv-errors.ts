/**
 * Turns ajv `ErrorObject`s (from our own schemas and from kubernetes-models'
 * precompiled validators, which are ajv too) into readable `Issue`s.
 */
import type { ErrorObject } from 'ajv';
import { childPointer, Issue, issue, jsonTypeOf, pointerSegments, valueAt } from './issues';
import { PATTERN_DESCRIPTIONS } from './schemas/common';

/** Human wording for the `format` names kubernetes-models uses. */
const FORMAT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'byte': 'must be base64-encoded',
  'quantity': 'must be a Kubernetes quantity such as "250m" or "1Gi"',
  'int-or-string': 'must be an integer or a string',
  'date-time': 'must be an RFC 3339 date-time',
};

/** Shows a value briefly for "got ..." hints, truncating long strings. */
function preview(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Maps whose entries may be secret payloads (Secret data, SealedSecret encryptedData, templates). */
const SENSITIVE_MAPS = new Set(['data', 'stringData', 'binaryData', 'encryptedData']);
/** Keys whose whole subtree may hold secret material (NameValuePair/env values, free-form options). */
const SENSITIVE_KEYS = new Set(['value', 'options', 'configuration']);

/**
 * True when the value at `pointer` may be quoted in a message: it is not an
 * entry of a secret-payload map (`data.<key>`, but `data[0]` lists are fine)
 * and not under a `value`-like key.
 */
export function mayEcho(pointer: string): boolean {
  const segments = pointerSegments(pointer);
  return !segments.some((s, i) => SENSITIVE_KEYS.has(s) || (SENSITIVE_MAPS.has(s) && i + 1 < segments.length && !/^[0-9]+$/.test(segments[i + 1])));
}

/** Converts a single ajv error into an issue; `root` is the validated object, for "got ..." hints. */
export function ajvErrorToIssue(err: ErrorObject, root: unknown): Issue {
  const path = err.instancePath;
  const got = (): string => (mayEcho(path) ? preview(valueAt(root, path)) : '<redacted>');
  const p: any = err.params;
  switch (err.keyword) {
    case 'required':
      return issue(childPointer(path, p.missingProperty), 'is required');
    case 'additionalProperties':
      return issue(childPointer(path, p.additionalProperty), 'unknown field (not allowed here)');
    case 'type':
      return issue(path, `must be ${p.type}, got ${jsonTypeOf(valueAt(root, path))}`);
    case 'enum':
      return issue(path, `must be one of ${(p.allowedValues as unknown[]).map(preview).join(', ')}; got ${got()}`);
    case 'const':
      return issue(path, `must be ${preview(p.allowedValue)}; got ${got()}`);
    case 'pattern':
      return issue(path, `${PATTERN_DESCRIPTIONS[p.pattern] ?? `must match pattern ${p.pattern}`}; got ${got()}`);
    case 'format':
      return issue(path, FORMAT_DESCRIPTIONS[p.format] ?? `must match format "${p.format}"`);
    default:
      return issue(path, err.message ?? `fails ${err.keyword}`);
  }
}

/**
 * Converts ajv errors into issues. Where a `oneOf`/`anyOf` fails, the
 * per-branch errors at the same path are folded into one message
 * ("must match one of: must be string | must be integer").
 */
export function ajvErrorsToIssues(errors: readonly ErrorObject[] | null | undefined, root: unknown): Issue[] {
  if (!errors) return [];
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const out: Issue[] = [];
  const branches = new Map<string, ErrorObject[]>();
  for (const err of errors) {
    if (!unionPaths.has(err.instancePath)) {
      out.push(ajvErrorToIssue(err, root));
    } else if (err.keyword !== 'oneOf' && err.keyword !== 'anyOf') {
      branches.set(err.instancePath, [...(branches.get(err.instancePath) ?? []), err]);
    }
  }
  for (const path of unionPaths) out.push(unionIssue(path, branches.get(path) ?? [], root));
  return out;
}

/** One message for a failed oneOf/anyOf: "must be string or integer, got boolean" when only types differ. */
function unionIssue(path: string, branchErrors: readonly ErrorObject[], root: unknown): Issue {
  if (branchErrors.length > 0 && branchErrors.every((e) => e.keyword === 'type')) {
    const types = [...new Set(branchErrors.map((e) => String((e.params as any).type)))];
    return issue(path, `must be ${types.join(' or ')}, got ${jsonTypeOf(valueAt(root, path))}`);
  }
  const alternatives = [...new Set(branchErrors.map((e) => ajvErrorToIssue(e, root).message))];
  return issue(path, alternatives.length > 0 ? `must match one of: ${alternatives.join(' | ')}` : 'matches no allowed form');
}
