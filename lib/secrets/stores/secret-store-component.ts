import { Construct } from 'constructs';
import { DaprComponent, DaprComponentProps, IDaprComponent } from '../../components/dapr-component';
import { refuse, show } from '../../core/errors';
import { AppGraph } from '../../graph/app-graph';
import { isDnsSubdomain, isSecretDataKey, suggestDnsLabel } from '../../core/names';
import { BUILTIN_KUBERNETES_STORE } from '../builtin-secret-store';
import type { DeclaredSecret } from '../declared-secret';
import { SecretKeyRef } from '../secret-key-ref';
import { ISecretStore, SecretKeyStyle, SecretNameProblem, SecretResolver } from '../secret-store';

/**
 * Base of the Dapr secret stores whose secrets do not live in Kubernetes Secrets (Vault, Key Vault, AWS
 * Secrets Manager, GCP Secret Manager, local file and env). The app's daprd sidecar reads them with the
 * store's own credentials, so apps need no RBAC for their secrets.
 *
 * The store's credentials (a Vault token, a client secret, …) are `secretKeyRef`s in the store's own
 * metadata. daprd needs them before the store can read anything, so they must come from a Kubernetes-backed
 * store: the built-in `kubernetes` store (resolved by the dapr-operator) or a `KubernetesSecretStore`
 * (resolved by the sidecar with the pod's ServiceAccount). A reference through this store itself or
 * through another external store is refused.
 *
 * Secret names follow the store's own rules, not Kubernetes': each store implements `secretNameProblem`,
 * which `DeclaredSecret` calls for every secret declared in it.
 */
export abstract class SecretStoreComponent extends DaprComponent implements ISecretStore {
  /** True for the secret store components of this module. */
  public static isSecretStoreComponent(x: unknown): x is SecretStoreComponent {
    return x instanceof SecretStoreComponent;
  }

  public readonly storeName: string;
  public readonly resolver: SecretResolver = SecretResolver.SIDECAR;
  public readonly kubernetesBacked: boolean = false;
  public abstract readonly keyStyle: SecretKeyStyle;
  /** The store is its own Component. */
  public readonly component: IDaprComponent = this;

  protected constructor(scope: Construct, id: string, props: DaprComponentProps) {
    super(scope, id, props);
    refuse(this, this.componentName === BUILTIN_KUBERNETES_STORE ? {
      field: 'name',
      problem: 'daprd already creates a store named "kubernetes" in every namespace, and the dapr-operator resolves every reference through that name from Kubernetes Secrets',
      fix: `give this ${this.componentType} store another name`,
    } : undefined);
    this.storeName = this.componentName;
    AppGraph.of(this).addStore(this);
  }

  /**
   * Adds a metadata field whose value daprd reads from a secret before it initializes this store. The
   * reference must go through a Kubernetes-backed store other than this one.
   */
  public override addSecretMetadata(name: string, ref: SecretKeyRef): void {
    // Non-references fall through to the base class, which refuses them with its own message.
    if (SecretKeyRef.isSecretKeyRef(ref) && !this.checkCredentialRef(name, ref)) return;
    super.addSecretMetadata(name, ref);
  }

  /** The declared secrets this store resolves, in declaration order. */
  public get declaredSecrets(): DeclaredSecret[] {
    return AppGraph.of(this).secretsOf(this);
  }

  /** Why `name` cannot be a secret name in this store, by the store's own rules, or undefined when it can. */
  public abstract secretNameProblem(name: string): SecretNameProblem | undefined;

  /** False (after refusing it, see `refuse`) when the reference cannot carry this store's credential. */
  private checkCredentialRef(field: string, ref: SecretKeyRef): boolean {
    const store = ref.store;
    // The suggestion declares a Kubernetes Secret, so it uses a Kubernetes name and key.
    const name = isDnsSubdomain(ref.secret.secretName) ? ref.secret.secretName : suggestDnsLabel(ref.secret.secretName);
    const key = isSecretDataKey(ref.key) ? ref.key : suggestDnsLabel(ref.key);
    const declare = `new DeclaredSecret(scope, '${name}', { store: KubernetesSecretStore.builtin(scope), keys: ['${key}'] })`;
    return !refuse(this, store === this ? {
      field: `spec.metadata[${field}]`,
      problem: `reference ${show(ref.toString())} goes through this store ${show(this.storeName)} itself, but daprd needs ${show(field)} before the store can read any secret`,
      fix: `keep the store's credential in a Kubernetes secret store, such as ${declare}`,
    } : !store.kubernetesBacked ? {
      field: `spec.metadata[${field}]`,
      problem: `reference ${show(ref.toString())} goes through store ${show(store.storeName)}, which is not backed by Kubernetes Secrets; a secret store's own credentials can only come from Kubernetes Secrets`,
      fix: `keep the store's credential in a Kubernetes secret store, such as ${declare}`,
    } : undefined);
  }
}
