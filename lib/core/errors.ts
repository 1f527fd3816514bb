import { IConstruct } from 'constructs';

/** What went wrong with one field of one construct, and how to fix it. */
export interface FieldProblem {
  /** The field, as it appears in the props or in the manifest (for example `spec.metadata[redisPassword]`). */
  readonly field: string;
  /** The problem, naming the bad value (never a secret value). */
  readonly problem: string;
  /** What the user should do instead. */
  readonly fix: string;
}

/** Formats a problem without the construct path (cdk8s adds `[path]` to validation errors itself). */
export function describeProblem(p: FieldProblem): string {
  return `${p.field}: ${p.problem}. Fix: ${p.fix}`;
}

/** An error for bad input found while constructing: names the construct path, the field, the bad value and the fix. */
export function fieldError(scope: IConstruct | string, p: FieldProblem): Error {
  const path = typeof scope === 'string' ? scope : scope.node.path;
  return new Error(`[${path}] ${describeProblem(p)}`);
}

/** Quotes a non-secret value for a message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return String(value);
}
