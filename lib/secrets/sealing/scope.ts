/**
 * Where a sealed value may be unsealed, mirroring kubeseal's `--scope` flag.
 *
 * The scope is bound into every ciphertext through the RSA-OAEP label, so a
 * value sealed for one scope cannot be decrypted under another.
 */
export enum SealingScope {
  /**
   * Only a SealedSecret with the same name in the same namespace can unseal
   * the value (kubeseal's default). Label: `<namespace>/<name>`.
   */
  STRICT = 'strict',

  /**
   * Any SealedSecret in the same namespace can unseal the value, so it may
   * be renamed. Label: `<namespace>`.
   */
  NAMESPACE_WIDE = 'namespace-wide',

  /**
   * Any SealedSecret in any namespace can unseal the value. Label: empty.
   */
  CLUSTER_WIDE = 'cluster-wide',
}

/** Annotation that marks a SealedSecret as cluster-wide. */
const CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';

/** Annotation that marks a SealedSecret as namespace-wide. */
const NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';

/** RFC 1123 label: the shape Kubernetes enforces for namespace names. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 subdomain: the shape Kubernetes enforces for Secret names. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Returns the RSA-OAEP label that kubeseal uses for `scope`
 * (`EncryptionLabel` in sealed-secrets `pkg/apis/sealedsecrets/v1alpha1`).
 *
 * The namespace is required unless the scope is cluster-wide, and the name is
 * required for the strict scope. Both are validated as Kubernetes names so a
 * `/` can never make one scope's label collide with another's.
 *
 * @param scope the sealing scope
 * @param namespace the SealedSecret's namespace (ignored when cluster-wide)
 * @param name the SealedSecret's name (only used when strict)
 */
export function sealingLabel(scope: SealingScope, namespace?: string, name?: string): string {
  switch (scope) {
    case SealingScope.CLUSTER_WIDE:
      return '';
    case SealingScope.NAMESPACE_WIDE:
      return requireNamespace(scope, namespace);
    case SealingScope.STRICT:
      return `${requireNamespace(scope, namespace)}/${requireName(name)}`;
    default:
      throw new Error(`unknown sealing scope "${String(scope)}": use one of SealingScope.STRICT, SealingScope.NAMESPACE_WIDE or SealingScope.CLUSTER_WIDE`);
  }
}

/**
 * Returns the annotations a SealedSecret must carry so the controller unseals
 * it with the same label it was sealed with (none for the strict scope).
 *
 * @param scope the sealing scope
 */
export function sealingScopeAnnotations(scope: SealingScope): Record<string, string> {
  switch (scope) {
    case SealingScope.STRICT:
      return {};
    case SealingScope.NAMESPACE_WIDE:
      return { [NAMESPACE_WIDE_ANNOTATION]: 'true' };
    case SealingScope.CLUSTER_WIDE:
      return { [CLUSTER_WIDE_ANNOTATION]: 'true' };
    default:
      throw new Error(`unknown sealing scope "${String(scope)}": use one of SealingScope.STRICT, SealingScope.NAMESPACE_WIDE or SealingScope.CLUSTER_WIDE`);
  }
}

/** Validates the namespace for a scope that binds it into the label. */
function requireNamespace(scope: SealingScope, namespace: string | undefined): string {
  if (namespace === undefined || namespace === '') {
    throw new Error(`sealing scope "${scope}" requires a namespace: set the namespace, or use SealingScope.CLUSTER_WIDE`);
  }
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
    throw new Error(`invalid namespace "${namespace}" for sealing: use a lowercase RFC 1123 label (a-z, 0-9, '-', at most 63 characters)`);
  }
  return namespace;
}

/** Validates the SealedSecret name for the strict scope. */
function requireName(name: string | undefined): string {
  if (name === undefined || name === '') {
    throw new Error(`sealing scope "${SealingScope.STRICT}" requires a name: set the SealedSecret name, or use SealingScope.NAMESPACE_WIDE`);
  }
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    throw new Error(`invalid name "${name}" for sealing: use a lowercase RFC 1123 subdomain (a-z, 0-9, '-', '.', at most 253 characters)`);
  }
  return name;
}
