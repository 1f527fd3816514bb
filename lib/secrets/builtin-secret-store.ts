import { Construct, IConstruct } from 'constructs';
import { fieldError, show } from '../core/errors';
import { AppGraph } from '../graph/app-graph';
import { ISecretStore, SecretKeyStyle, SecretResolver } from './secret-store';

/** Name of the store daprd creates by itself in Kubernetes mode. */
export const BUILTIN_KUBERNETES_STORE = 'kubernetes';

/**
 * The built-in `kubernetes` store. daprd creates it in every namespace and it reads Secrets of the
 * namespace it runs in, so it has no namespace of its own here. There is one per App (a child of the
 * construct tree's root, not of any chart), so every chart of the App hands out the same object and a
 * component can reference secrets declared in several charts; whether a secret is in the component's
 * namespace is checked where the reference is used. It synthesizes nothing (do not `addDependency` on it).
 */
class BuiltinKubernetesSecretStore extends Construct implements ISecretStore {
  public static readonly ID = 'BuiltinKubernetesSecretStore';
  public readonly storeName = BUILTIN_KUBERNETES_STORE;
  public readonly namespace = undefined;
  public readonly resolver = SecretResolver.OPERATOR;
  public readonly kubernetesBacked = true;
  public readonly keyStyle = SecretKeyStyle.MULTI_KEY;
  public readonly component = undefined;

  public constructor(root: IConstruct) {
    super(root as Construct, BuiltinKubernetesSecretStore.ID);
    AppGraph.of(this).addStore(this);
  }
}

/** The App's handle on the built-in `kubernetes` store: the same object for every construct of one App. */
export function builtinKubernetesStore(scope: IConstruct): ISecretStore {
  const root = scope.node.root;
  const existing = root.node.tryFindChild(BuiltinKubernetesSecretStore.ID);
  if (existing === undefined) return new BuiltinKubernetesSecretStore(root);
  if (existing instanceof BuiltinKubernetesSecretStore) return existing;
  throw fieldError(existing, {
    field: 'id',
    problem: `the id ${show(BuiltinKubernetesSecretStore.ID)} at the root of the app is where the built-in "kubernetes" store lives`,
    fix: 'give this construct another id',
  });
}
