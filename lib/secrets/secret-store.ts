import { IConstruct } from 'constructs';
import type { IDaprComponent } from '../components/dapr-component';

/** Who turns a component's `secretKeyRef` into a value (dapr-facts section c). */
export enum SecretResolver {
  /**
   * The dapr-operator, with its own service account: the app needs no RBAC. Components written with
   * `auth.secretStore: kubernetes` (the built-in store, and Kubernetes stores that leave component
   * references to the operator, their default).
   */
  OPERATOR = 'operator',
  /** The app's daprd sidecar, with the pod's service account and the store's own credentials. */
  SIDECAR = 'sidecar',
}

/** How a store maps a secret name to keys. */
export enum SecretKeyStyle {
  /** A secret is a map of keys (Kubernetes, Vault with `vaultValueType: map`). */
  MULTI_KEY = 'multi-key',
  /** A secret is one value whose only key is its name (Key Vault, GCP, local env). */
  NAME_VALUE = 'name-value',
}

/** Why a name cannot name a secret in a store, for the error a `DeclaredSecret` throws. */
export interface SecretNameProblem {
  /** The store's rule that the name breaks, such as `GCP Secret Manager secret ids are 1 to 255 letters, digits, "-" and "_"`. */
  readonly problem: string;
  /** What to do instead, such as `use a name such as "redis-password"`. */
  readonly fix: string;
}

/** A Dapr secret store that components and apps read secrets from. */
export interface ISecretStore extends IConstruct {
  /** The name components put in `auth.secretStore` and Configurations put in `secrets.scopes[].storeName`. */
  readonly storeName: string;
  /** The namespace the store's Component lives in; undefined for the built-in store, which every namespace has. */
  readonly namespace?: string;
  /** Who resolves component `secretKeyRef`s that go through this store. */
  readonly resolver: SecretResolver;
  /** Whether the secrets live in Kubernetes Secrets of the app's namespace (so reads need RBAC on them). */
  readonly kubernetesBacked: boolean;
  /** How the store maps names to keys. */
  readonly keyStyle: SecretKeyStyle;
  /**
   * The Component an app's sidecar must load to use the store (the store itself for store Components);
   * undefined for the built-in store, which daprd creates by itself.
   */
  readonly component?: IDaprComponent;
  /**
   * Why `name` cannot be the name of a secret in this store (what `secretKeyRef.name` and the
   * Configuration's `allowedSecrets` hold), or undefined when it can. `DeclaredSecret` checks every name
   * with it. Names in Kubernetes-backed stores are also always checked against the Kubernetes Secret name
   * rule (DNS-1123 subdomain); a non-Kubernetes store without this method accepts any non-empty name
   * without control characters.
   */
  secretNameProblem?(name: string): SecretNameProblem | undefined;
}

/** Name of the store daprd builds in; references written with it are resolved by the dapr-operator. */
const OPERATOR_STORE = 'kubernetes';

/**
 * The `auth.secretStore` a Component, HTTPEndpoint or MCPServer writes for references through `store`:
 * `kubernetes` when the dapr-operator resolves them (dapr-facts section c), else the store's own name.
 */
export function authSecretStoreName(store: ISecretStore): string {
  return store.resolver === SecretResolver.OPERATOR ? OPERATOR_STORE : store.storeName;
}

/** A resource's `auth` (beside `spec`): the store its secret references go through, if it has any. */
export function renderSecretStoreAuth(store: ISecretStore | undefined): { secretStore: string } | undefined {
  return store ? { secretStore: authSecretStoreName(store) } : undefined;
}

/** A resource's `scopes`: none when it is unscoped on purpose or no app loads it (validation reports the latter). */
export function renderScopes(unscoped: boolean, scopes: string[]): string[] | undefined {
  return !unscoped && scopes.length > 0 ? scopes : undefined;
}
