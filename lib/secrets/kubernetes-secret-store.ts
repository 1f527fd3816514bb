import { Construct, IConstruct } from 'constructs';
import { DaprComponent, DaprComponentOptions, IDaprComponent } from '../components/dapr-component';
import { enumProblem } from '../core/checks';
import { refuse } from '../core/errors';
import { AppGraph } from '../graph/app-graph';
import { BUILTIN_KUBERNETES_STORE, builtinKubernetesStore } from './builtin-secret-store';
import { ISecretStore, SecretKeyStyle, SecretResolver } from './secret-store';

export { BUILTIN_KUBERNETES_STORE } from './builtin-secret-store';

/** Props of a `secretstores.kubernetes` Component. */
export interface KubernetesSecretStoreProps extends DaprComponentOptions {
  /** `defaultNamespace`: namespace read when a request names none. @default - the pod's namespace */
  readonly defaultNamespace?: string;
  /**
   * Who resolves the `secretKeyRef`s of Components, HTTPEndpoints and MCPServers that reference this
   * store's secrets.
   *
   * - `SecretResolver.OPERATOR`: they are written with `auth.secretStore: kubernetes`, so the dapr-operator
   *   reads the Secrets with its own ServiceAccount. The pod's Role covers only the Secrets the app reads
   *   through the Secrets API, so the app cannot read its components' credentials from the API server.
   * - `SecretResolver.SIDECAR`: they are written with `auth.secretStore: <this store>` (the lesson's form),
   *   so daprd reads them with the pod's ServiceAccount, and the pod's Role must `get` every one of them:
   *   the app container, which has the same token, can then read them directly, past the Configuration's
   *   secret scopes (which only guard the Secrets API, dapr/dapr#8176).
   *
   * @default SecretResolver.OPERATOR
   */
  readonly resolveComponentSecrets?: SecretResolver;
}

/**
 * A named Kubernetes secret store (`secretstores.kubernetes`, the lesson's `kubernetes-secrets`). The app's
 * Secrets API reads go through it with the pod's ServiceAccount, so apps that read get a Role for exactly
 * those Secrets. Component references to its secrets are resolved by the dapr-operator unless
 * `resolveComponentSecrets: SecretResolver.SIDECAR`.
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
  public readonly resolver: SecretResolver;
  public readonly kubernetesBacked = true;
  public readonly keyStyle = SecretKeyStyle.MULTI_KEY;
  /** The store is its own Component. */
  public readonly component: IDaprComponent = this;

  public constructor(scope: Construct, id: string, props: KubernetesSecretStoreProps = {}) {
    super(scope, id, { ...props, type: 'secretstores.kubernetes', version: 'v1' });
    refuse(this, this.componentName === BUILTIN_KUBERNETES_STORE ? {
      field: 'name',
      problem: 'daprd already creates a store named "kubernetes" in every namespace',
      fix: 'use KubernetesSecretStore.builtin(scope) for it, or give this store another name',
    } : undefined);
    const problem = enumProblem('resolveComponentSecrets', props.resolveComponentSecrets, 'SecretResolver', SecretResolver);
    refuse(this, problem);
    this.resolver = problem ? SecretResolver.OPERATOR : props.resolveComponentSecrets ?? SecretResolver.OPERATOR;
    this.storeName = this.componentName;
    AppGraph.of(this).addStore(this);
    this.addMetadataIfDefined('defaultNamespace', props.defaultNamespace);
  }
}
