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

/**
 * While set to `1`, `refuse` records problems instead of throwing. The CLI sets it while it builds the
 * user's program (`collectProblems`); an environment variable, so that a second copy of this library,
 * loaded by the program from its own node_modules, collects too.
 */
export const COLLECT_PROBLEMS_ENV = 'DAPR_SECURE_COLLECT_PROBLEMS';

/** Stack frames kept while a program is built with problems collected. */
const COLLECTED_STACK_FRAMES = 50;

/** Where `refuse` puts the errors it records, shared by every copy of the library in the process. */
const RECORDED = Symbol.for('dapr-secure-constructs.recorded-problems');

/**
 * Refuses bad input found while constructing `scope`. By default throws `fieldError` for the first
 * problem given. While problems are collected (`collectProblems`), records every problem as a validation
 * error of `scope`, so synth fails before anything is rendered, and returns, so construction goes on and
 * the user sees every problem of the program at once.
 *
 * Call it only where construction can go on safely; the caller leaves the refused value out.
 * @returns true when a problem was given (and recorded)
 */
export function refuse(scope: IConstruct, ...problems: ReadonlyArray<FieldProblem | undefined>): boolean {
  const found = problems.filter((p): p is FieldProblem => p !== undefined);
  if (found.length === 0) return false;
  if (process.env[COLLECT_PROBLEMS_ENV] !== '1') throw fieldError(scope, found[0]);
  const sink: unknown = (globalThis as any)[RECORDED];
  for (const p of found) {
    const message = describeProblem(p);
    scope.node.addValidation({ validate: () => [message] });
    if (Array.isArray(sink)) {
      const error = fieldError(scope, p);
      // The stack starts at the constructor that refused, so `--debug` shows the program's line below it.
      Error.captureStackTrace(error, refuse);
      Object.defineProperty(error, 'construct', { value: scope, enumerable: false });
      sink.push(error);
    }
  }
  return true;
}

/** The construct a problem recorded by `refuse` belongs to, if `e` is one. */
export function refusedConstruct(e: unknown): IConstruct | undefined {
  const c = (e as { construct?: unknown } | undefined)?.construct;
  return typeof (c as IConstruct | undefined)?.node?.addValidation === 'function' ? c as IConstruct : undefined;
}

/**
 * Problems of a program found while it was built: those `refuse` recorded, then the error that stopped
 * the build, if one did. The message lists them as cdk8s lists validation errors.
 */
export class ConstructionProblems extends Error {
  public constructor(
    /** Each problem, as an error whose stack shows where the program caused it. */
    public readonly causes: readonly Error[],
  ) {
    super(`Validation failed with the following errors:\n${causes.map((c) => `  ${c.message.replace(/\n/g, '\n  ')}`).join('\n')}`);
    this.name = 'ConstructionProblems';
  }
}

/**
 * Runs `fn` (which builds a program) with problems collected: `refuse` records them instead of throwing,
 * and appends each, as an error, to `recorded`. The recorded problems fail the program's synth as
 * validation errors; an error thrown by `fn` after problems were recorded is rethrown as a
 * `ConstructionProblems` that lists them too. The previous setting is restored afterwards.
 */
export function collectProblems<T>(fn: () => T, recorded: Error[] = []): T {
  const env = process.env[COLLECT_PROBLEMS_ENV];
  const g = globalThis as any;
  const outer = g[RECORDED];
  const start = recorded.length;
  const stackLimit = Error.stackTraceLimit;
  process.env[COLLECT_PROBLEMS_ENV] = '1';
  g[RECORDED] = recorded;
  // Node keeps 10 frames; the program's line may lie deeper, below the library's constructors.
  Error.stackTraceLimit = Math.max(stackLimit, COLLECTED_STACK_FRAMES);
  try {
    return fn();
  } catch (e) {
    if (recorded.length === start) throw e;
    throw new ConstructionProblems([...recorded.slice(start), e instanceof Error ? e : new Error(String(e))]);
  } finally {
    if (env === undefined) delete process.env[COLLECT_PROBLEMS_ENV];
    else process.env[COLLECT_PROBLEMS_ENV] = env;
    g[RECORDED] = outer;
    Error.stackTraceLimit = stackLimit;
  }
}
