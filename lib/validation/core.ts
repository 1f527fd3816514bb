/**
 * Core Kubernetes kinds, validated with the `kubernetes-models` 4.x classes
 * (their `.validate()` checks types, enums, formats and required fields but
 * allows unknown fields), plus a cheap check for unknown top-level keys.
 */
// One module per kind: each group's index loads every kind of the group (most of the library's load time).
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ajvErrorsToIssues } from './ajv-errors';
import { childPointer, Issue, issue } from './issues';
import type { NameRule } from './metadata';

/** A kubernetes-models class: constructed from plain data, `validate()` throws on problems. */
type ModelClass = new (data: any) => { validate(): void };

/** How one core kind is validated. */
export interface CoreKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly model: ModelClass;
  /** Top-level keys the kind accepts. */
  readonly topLevelKeys: readonly string[];
  readonly nameRule: NameRule;
}

/** Builds a core kind entry; apiVersion, kind and metadata are always allowed at the top level. */
function coreKind(apiVersion: string, kind: string, model: ModelClass, keys: string[], nameRule: NameRule = 'dns1123-subdomain'): CoreKind {
  return { apiVersion, kind, model, topLevelKeys: ['apiVersion', 'kind', 'metadata', ...keys], nameRule };
}

const RBAC = 'rbac.authorization.k8s.io/v1';

/** The supported core kinds. RBAC names are path segments (e.g. "system:foo" is legal); Services need DNS-1035 labels. */
export const CORE_KINDS: readonly CoreKind[] = [
  coreKind('v1', 'Secret', Secret, ['data', 'stringData', 'type', 'immutable']),
  coreKind('v1', 'ConfigMap', ConfigMap, ['data', 'binaryData', 'immutable']),
  coreKind('v1', 'ServiceAccount', ServiceAccount, ['secrets', 'imagePullSecrets', 'automountServiceAccountToken']),
  coreKind('v1', 'Service', Service, ['spec', 'status'], 'dns1035-label'),
  coreKind('v1', 'Namespace', Namespace, ['spec', 'status'], 'dns1123-label'),
  coreKind('apps/v1', 'Deployment', Deployment, ['spec', 'status']),
  coreKind(RBAC, 'Role', Role, ['rules'], 'path-segment'),
  coreKind(RBAC, 'ClusterRole', ClusterRole, ['rules', 'aggregationRule'], 'path-segment'),
  coreKind(RBAC, 'RoleBinding', RoleBinding, ['subjects', 'roleRef'], 'path-segment'),
  coreKind(RBAC, 'ClusterRoleBinding', ClusterRoleBinding, ['subjects', 'roleRef'], 'path-segment'),
  coreKind('networking.k8s.io/v1', 'NetworkPolicy', NetworkPolicy, ['spec']),
];

/** Runs the kubernetes-models validator for `kind` and converts what it throws into issues. */
export function modelIssues(kind: CoreKind, obj: Record<string, unknown>): Issue[] {
  try {
    new kind.model(obj).validate();
    return [];
  } catch (err: any) {
    if (Array.isArray(err?.errors)) return ajvErrorsToIssues(err.errors, obj);
    return [issue('', `kubernetes-models validation failed: ${err?.message ?? String(err)}`)];
  }
}

/** Reports top-level keys the kind does not define (kubernetes-models would let them through). */
export function unknownTopLevelKeys(kind: CoreKind, obj: Record<string, unknown>): Issue[] {
  return Object.keys(obj)
    .filter((key) => !kind.topLevelKeys.includes(key))
    .map((key) => issue(childPointer('', key), `unknown field (not allowed here; ${kind.kind} allows ${kind.topLevelKeys.join(', ')})`));
}

/** All schema issues of a core-kind manifest. */
export function validateCoreKind(kind: CoreKind, obj: Record<string, unknown>): Issue[] {
  return [...modelIssues(kind, obj), ...unknownTopLevelKeys(kind, obj)];
}
