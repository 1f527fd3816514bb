import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';

/** A typed `@pulumi/kubernetes` resource class. */
export type KubernetesResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** How one built-in kind is registered: its typed class and the top-level fields that class passes on. */
export interface TypedKind {
  /** The class, looked up lazily (`@pulumi/kubernetes` loads its modules on first use). */
  readonly resourceClass: () => KubernetesResourceClass;
  /** Top-level fields besides `apiVersion`, `kind` and `metadata`; the class silently drops any other. */
  readonly fields: readonly string[];
}

/**
 * Built-in kinds and their typed classes, by `<apiVersion>/<kind>`. `v1/Secret` is absent on purpose:
 * Secrets with data are created only from Pulumi config secrets, never from synthesized objects.
 */
export const TYPED_KINDS: { readonly [apiVersionKind: string]: TypedKind } = {
  'v1/ServiceAccount': { resourceClass: () => k8s.core.v1.ServiceAccount, fields: ['automountServiceAccountToken', 'imagePullSecrets', 'secrets'] },
  'v1/Service': { resourceClass: () => k8s.core.v1.Service, fields: ['spec'] },
  'v1/ConfigMap': { resourceClass: () => k8s.core.v1.ConfigMap, fields: ['binaryData', 'data', 'immutable'] },
  'v1/Namespace': { resourceClass: () => k8s.core.v1.Namespace, fields: ['spec'] },
  'v1/PersistentVolumeClaim': { resourceClass: () => k8s.core.v1.PersistentVolumeClaim, fields: ['spec'] },
  'apps/v1/Deployment': { resourceClass: () => k8s.apps.v1.Deployment, fields: ['spec'] },
  'apps/v1/StatefulSet': { resourceClass: () => k8s.apps.v1.StatefulSet, fields: ['spec'] },
  'apps/v1/DaemonSet': { resourceClass: () => k8s.apps.v1.DaemonSet, fields: ['spec'] },
  'batch/v1/Job': { resourceClass: () => k8s.batch.v1.Job, fields: ['spec'] },
  'batch/v1/CronJob': { resourceClass: () => k8s.batch.v1.CronJob, fields: ['spec'] },
  'rbac.authorization.k8s.io/v1/Role': { resourceClass: () => k8s.rbac.v1.Role, fields: ['rules'] },
  'rbac.authorization.k8s.io/v1/RoleBinding': { resourceClass: () => k8s.rbac.v1.RoleBinding, fields: ['roleRef', 'subjects'] },
  'rbac.authorization.k8s.io/v1/ClusterRole': { resourceClass: () => k8s.rbac.v1.ClusterRole, fields: ['aggregationRule', 'rules'] },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { resourceClass: () => k8s.rbac.v1.ClusterRoleBinding, fields: ['roleRef', 'subjects'] },
  'networking.k8s.io/v1/NetworkPolicy': { resourceClass: () => k8s.networking.v1.NetworkPolicy, fields: ['spec'] },
  'networking.k8s.io/v1/Ingress': { resourceClass: () => k8s.networking.v1.Ingress, fields: ['spec'] },
  'policy/v1/PodDisruptionBudget': { resourceClass: () => k8s.policy.v1.PodDisruptionBudget, fields: ['spec'] },
  'autoscaling/v2/HorizontalPodAutoscaler': { resourceClass: () => k8s.autoscaling.v2.HorizontalPodAutoscaler, fields: ['spec'] },
};

/** Kinds whose pods the other objects of an app must precede. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod']);

/** The API group of `apiVersion` (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * True for groups Kubernetes itself serves (the core group, groups without a dot and `*.k8s.io`), false for
 * CustomResourceDefinition groups such as `dapr.io`, `bitnami.com` or `external-secrets.io`.
 */
export function isBuiltinGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group === 'k8s.io' || group.endsWith('.k8s.io');
}
