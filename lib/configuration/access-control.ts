import { enumProblem } from '../core/checks';
import { FieldProblem, show } from '../core/errors';
import { isDaprAppId, isDnsLabel } from '../core/names';

/** The trust domain daprd and sentry use when a Configuration names none. */
export const DEFAULT_TRUST_DOMAIN = 'public';

/** `action` / `defaultAction` of an access control policy. */
export enum AccessAction {
  ALLOW = 'allow',
  DENY = 'deny',
}

/** An `httpVerb` of an operation; `ANY` (`*`) matches every verb. Not used for gRPC invocation. */
export enum HttpVerb {
  ANY = '*',
  GET = 'GET',
  HEAD = 'HEAD',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
  DELETE = 'DELETE',
  OPTIONS = 'OPTIONS',
  TRACE = 'TRACE',
  CONNECT = 'CONNECT',
}

/** `spec.accessControl` of a Configuration, apart from its policies (see `allowInvocationFrom`). */
export interface AccessControlOptions {
  /** `defaultAction`: what callers no policy matches get. @default AccessAction.DENY */
  readonly defaultAction?: AccessAction;
  /**
   * `trustDomain`: the trust domain of the apps using this Configuration; sentry puts it in their SPIFFE ID
   * (`spiffe://<trustDomain>/ns/<namespace>/<appId>`), and their callees' policies must name it.
   * @default 'public'
   */
  readonly trustDomain?: string;
}

/** One method a caller may (or may not) invoke: an entry of a policy's `operations`. */
export interface InvocationOperation {
  /** `name`: the method path, starting with `/`; `*` matches one path segment, `**` any number. */
  readonly name: string;
  /** `httpVerb`. @default [HttpVerb.ANY] */
  readonly httpVerbs?: HttpVerb[];
  /** `action`. @default AccessAction.ALLOW */
  readonly action?: AccessAction;
}

/** What a grant allows. */
export interface InvocationGrantOptions {
  /** The methods granted (or denied). @default - every method */
  readonly operations?: InvocationOperation[];
  /** The policy's `defaultAction`, for methods no operation matches. @default - DENY with operations, ALLOW without */
  readonly defaultAction?: AccessAction;
}

/** A caller outside the program, by its identity in its mTLS certificate. */
export interface ExternalInvocationCaller {
  /** The caller's `dapr.io/app-id`. */
  readonly appId: string;
  /** The caller's namespace. */
  readonly namespace: string;
  /** The caller's trust domain (its Configuration's `accessControl.trustDomain`). @default 'public' */
  readonly trustDomain?: string;
}

/** One rendered policy's input. */
export interface InvocationPolicy {
  readonly appId: string;
  readonly namespace: string;
  readonly trustDomain: string;
  readonly defaultAction: AccessAction;
  readonly operations: readonly InvocationOperation[];
}

const VERBS: readonly string[] = Object.values(HttpVerb);

/** SPIFFE trust domains: lowercase letters, digits, `.`, `-` and `_`. */
function isTrustDomain(value: unknown): boolean {
  return typeof value === 'string' && /^[a-z0-9._-]{1,255}$/.test(value);
}

function trustDomainProblem(field: string, value: unknown): FieldProblem | undefined {
  if (value === undefined || isTrustDomain(value)) return undefined;
  return { field, problem: `${show(value)} is not a trust domain (lowercase letters, digits, ".", "-" and "_")`, fix: `use a name such as "public" (the default) or "prod.example.com"` };
}

/** Problems of the access control options (never secret values: these are identities). */
export function accessControlProblems(field: string, options: AccessControlOptions): FieldProblem[] {
  if (typeof options !== 'object' || options === null) {
    return [{ field, problem: `expected { defaultAction, trustDomain }, got ${show(options)}`, fix: 'pass {} for the defaults (deny, trust domain "public")' }];
  }
  return [
    enumProblem(`${field}.defaultAction`, options.defaultAction, 'AccessAction', AccessAction),
    trustDomainProblem(`${field}.trustDomain`, options.trustDomain),
  ].filter((p): p is FieldProblem => p !== undefined);
}

/** Problems of a caller given as `{ appId, namespace, trustDomain }`. */
export function callerProblems(field: string, caller: ExternalInvocationCaller): FieldProblem[] {
  if (typeof caller !== 'object' || caller === null || Array.isArray(caller)) {
    return [{ field, problem: `expected a DaprApp or { appId, namespace }, got ${show(caller)}`, fix: "pass another DaprApp of the program, or { appId: 'gateway', namespace: 'edge' } for an app outside it" }];
  }
  const problems: Array<FieldProblem | undefined> = [
    isDaprAppId(caller.appId) ? undefined : { field: `${field}.appId`, problem: `${show(caller.appId)} is not a Dapr app ID (a DNS-1123 label of at most 58 characters)`, fix: "use the caller's dapr.io/app-id, such as \"gateway\"" },
    typeof caller.namespace === 'string' && isDnsLabel(caller.namespace) ? undefined : { field: `${field}.namespace`, problem: `${show(caller.namespace)} is not a namespace name`, fix: "name the caller's namespace, such as \"default\" (daprd matches it exactly)" },
    trustDomainProblem(`${field}.trustDomain`, caller.trustDomain),
  ];
  return problems.filter((p): p is FieldProblem => p !== undefined);
}

/** Problems of a grant's options: verbs, operation names, actions and repeated operations. */
export function grantProblems(field: string, options: InvocationGrantOptions): FieldProblem[] {
  if (typeof options !== 'object' || options === null) {
    return [{ field, problem: `expected { operations, defaultAction }, got ${show(options)}`, fix: 'pass {} to allow every method' }];
  }
  const problems: Array<FieldProblem | undefined> = [enumProblem(`${field}.defaultAction`, options.defaultAction, 'AccessAction', AccessAction)];
  if (options.operations !== undefined && !Array.isArray(options.operations)) {
    return [{ field: `${field}.operations`, problem: `expected an array, got ${show(options.operations)}`, fix: "pass operations: [{ name: '/tasks' }]" }];
  }
  const seen = new Set<string>();
  (options.operations ?? []).forEach((op, i) => {
    const at = `${field}.operations[${i}]`;
    const name = op?.name;
    if (typeof name !== 'string' || !name.startsWith('/') || /[\s?#]/.test(name)) {
      problems.push({ field: `${at}.name`, problem: `${show(name)} is not a method path: daprd matches paths that start with "/" (no spaces, query or fragment)`, fix: `write it as a path, such as ${show(`/${typeof name === 'string' ? name.replace(/^\/*/, '').replace(/[\s?#].*$/, '') : 'tasks'}`)}` });
    } else if (seen.has(name)) {
      problems.push({ field: `${at}.name`, problem: `${show(name)} is listed twice`, fix: 'list each method once, with every verb it allows' });
    }
    if (typeof name === 'string') seen.add(name);
    if (op?.httpVerbs !== undefined) {
      if (!Array.isArray(op.httpVerbs) || op.httpVerbs.length === 0) {
        problems.push({ field: `${at}.httpVerbs`, problem: `expected a non-empty list of verbs, got ${show(op.httpVerbs)}`, fix: 'leave httpVerbs out for every verb, or list them, such as [HttpVerb.GET]' });
      } else {
        op.httpVerbs.forEach((v, j) => {
          if (!VERBS.includes(v)) {
            problems.push({ field: `${at}.httpVerbs[${j}]`, problem: `${show(v)} is not an HTTP verb daprd matches`, fix: `use one of ${VERBS.join(', ')} (upper case; HttpVerb.*)` });
          }
        });
      }
    }
    problems.push(enumProblem(`${at}.action`, op?.action, 'AccessAction', AccessAction));
  });
  return problems.filter((p): p is FieldProblem => p !== undefined);
}

/** `spec.accessControl`: policies sorted by namespace then app ID, every default written out. */
export function renderAccessControl(options: AccessControlOptions, policies: readonly InvocationPolicy[]): Record<string, unknown> {
  const sorted = [...policies].sort((a, b) => `${a.namespace}/${a.appId}`.localeCompare(`${b.namespace}/${b.appId}`, 'en'));
  return {
    defaultAction: options.defaultAction ?? AccessAction.DENY,
    trustDomain: options.trustDomain ?? DEFAULT_TRUST_DOMAIN,
    policies: sorted.length === 0 ? undefined : sorted.map((p) => ({
      appId: p.appId,
      namespace: p.namespace,
      trustDomain: p.trustDomain,
      defaultAction: p.defaultAction,
      operations: p.operations.length === 0 ? undefined : p.operations.map((op) => ({
        name: op.name,
        httpVerb: [...(op.httpVerbs ?? [HttpVerb.ANY])],
        action: op.action ?? AccessAction.ALLOW,
      })),
    })),
  };
}
