import { Construct, IConstruct } from 'constructs';
import { DaprComponent, DaprComponentOptions, IDaprComponent } from '../components/dapr-component';
import { fieldError } from '../core/errors';
import { AppGraph } from '../graph/app-graph';
import { BUILTIN_KUBERNETES_STORE, builtinKubernetesStore } from './builtin-secret-store';
import { ISecretStore, SecretKeyStyle, SecretResolver } from './secret-store';

export { BUILTIN_KUBERNETES_STORE } from './builtin-secret-store';

/** Props of a `secretstores.kubernetes` Component. */
export interface KubernetesSecretStoreProps extends DaprComponentOptions {
  /** `defaultNamespace`: namespace read when a request names none. @default - the pod's namespace */
  readonly defaultNamespace?: string;
}

/**
 * A named Kubernetes secret store (`secretstores.kubernetes`, the lesson's `kubernetes-secrets`). The app's
 * sidecar reads through it with the pod's ServiceAccount, so apps that use it get a Role for exactly the
 * Secrets they need.
 */
export class KubernetesSecretStore extends DaprComponent implements ISecretStore {
  /**
   * The store daprd builds in (`kubernetes`): no Component is written. Component references through it
   * are resolved by the dapr-operator, so apps need no RBAC for them.
   */
  public static builtin(scope: IConstruct): ISecretStore {
    return builtinKubernetesStore(scope);
  }

  public readonly storeName: string;
  public readonly resolver = SecretResolver.SIDECAR;
  public readonly kubernetesBacked = true;
  public readonly keyStyle = SecretKeyStyle.MULTI_KEY;
  /** The store is its own Component. */
  public readonly component: IDaprComponent = this;

  public constructor(scope: Construct, id: string, props: KubernetesSecretStoreProps = {}) {
    super(scope, id, { ...props, type: 'secretstores.kubernetes', version: 'v1' });
    if (this.componentName === BUILTIN_KUBERNETES_STORE) {
      throw fieldError(this, {
        field: 'name',
        problem: 'daprd already creates a store named "kubernetes" in every namespace',
        fix: 'use KubernetesSecretStore.builtin(scope) for it, or give this store another name',
      });
    }
    this.storeName = this.componentName;
    AppGraph.of(this).addStore(this);
    this.addMetadataIfDefined('defaultNamespace', props.defaultNamespace);
  }
}
