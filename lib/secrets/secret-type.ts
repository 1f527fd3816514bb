import type { FieldProblem } from '../core/errors';

/** A problem of one field, without the field. */
type Problem = Omit<FieldProblem, 'field'>;

/**
 * A Kubernetes Secret `type`. The built-in types are listed for completion; any other string is a custom
 * type, which Kubernetes stores without checking its keys.
 */
export type SecretType =
  | 'Opaque'
  | 'kubernetes.io/basic-auth'
  | 'kubernetes.io/tls'
  | 'kubernetes.io/ssh-auth'
  | 'kubernetes.io/dockerconfigjson'
  | 'kubernetes.io/dockercfg'
  | (string & {});

/** What the API server requires of the keys of a built-in Secret type. */
interface TypeRule {
  /** Keys that must all be present. */
  readonly all?: readonly string[];
  /** Keys of which at least one must be present. */
  readonly anyOf?: readonly string[];
}

/** The key rules the API server enforces (ValidateSecret in Kubernetes' core validation). */
const TYPE_RULES: { readonly [type: string]: TypeRule } = {
  'kubernetes.io/basic-auth': { anyOf: ['username', 'password'] },
  'kubernetes.io/tls': { all: ['tls.crt', 'tls.key'] },
  'kubernetes.io/ssh-auth': { all: ['ssh-privatekey'] },
  'kubernetes.io/dockerconfigjson': { all: ['.dockerconfigjson'] },
  'kubernetes.io/dockercfg': { all: ['.dockercfg'] },
};

const SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';

/**
 * Why a Secret of `type` with `keys` would not be accepted by the API server (or makes no sense to declare),
 * or undefined when it would. Custom types and `Opaque` take any keys.
 */
export function secretTypeProblem(type: unknown, keys: readonly string[]): Problem | undefined {
  if (typeof type !== 'string' || type.trim() === '' || /[\s\u0000-\u001f\u007f]/.test(type)) {
    return {
      problem: `${typeof type === 'string' ? JSON.stringify(type) : String(type)} is not a Secret type (a non-empty string without whitespace)`,
      fix: "leave type out for 'Opaque', or use a type such as 'kubernetes.io/tls'",
    };
  }
  if (type === SERVICE_ACCOUNT_TOKEN) {
    return {
      problem: 'the token controller fills a kubernetes.io/service-account-token Secret itself, and the API server refuses one without the kubernetes.io/service-account.name annotation',
      fix: 'let the pod mount a projected ServiceAccount token instead of declaring one',
    };
  }
  const rule = Object.hasOwn(TYPE_RULES, type) ? TYPE_RULES[type] : undefined;
  if (!rule) return undefined;
  const missing = (rule.all ?? []).filter((k) => !keys.includes(k));
  if (missing.length > 0) {
    return {
      problem: `a ${type} Secret must hold ${listKeys(rule.all!)}, but key${missing.length > 1 ? 's' : ''} ${listKeys(missing)} ${missing.length > 1 ? 'are' : 'is'} not declared (declared: ${keys.join(', ')})`,
      fix: `declare keys: [${[...keys, ...missing].map((k) => `'${k}'`).join(', ')}], or leave type out for an Opaque Secret`,
    };
  }
  if (rule.anyOf && !rule.anyOf.some((k) => keys.includes(k))) {
    return {
      problem: `a ${type} Secret must hold at least one of ${listKeys(rule.anyOf)} (declared: ${keys.join(', ')})`,
      fix: `declare key ${rule.anyOf.map((k) => `'${k}'`).join(' or ')}, or leave type out for an Opaque Secret`,
    };
  }
  return undefined;
}

function listKeys(keys: readonly string[]): string {
  return keys.map((k) => JSON.stringify(k)).join(' and ');
}
