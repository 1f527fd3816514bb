import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ISecretStore, SecretKeyStyle, SecretResolver } from './secret-store';

/** Name of the store daprd creates by itself in Kubernetes mode. */
export const BUILTIN_KUBERNETES_STORE = 'kubernetes';

/** The built-in `kubernetes` store; there is one per chart and it synthesizes nothing. */
class BuiltinKubernetesSecretStore extends Construct implements ISecretStore {
  public static readonly ID = 'BuiltinKubernetesSecretStore';
  public readonly storeName = BUILTIN_KUBERNETES_STORE;
  public readonly namespace = undefined;
  public readonly resolver = SecretResolver.OPERATOR;
  public readonly kubernetesBacked = true;
  public readonly keyStyle = SecretKeyStyle.MULTI_KEY;
  public readonly isComponent = false;

  public constructor(chart: Chart) {
    super(chart, BuiltinKubernetesSecretStore.ID);
  }
}

/** The chart's handle on the built-in `kubernetes` store. */
export function builtinKubernetesStore(scope: IConstruct): ISecretStore {
  const chart = Chart.of(scope);
  const existing = chart.node.tryFindChild(BuiltinKubernetesSecretStore.ID);
  return (existing as BuiltinKubernetesSecretStore | undefined) ?? new BuiltinKubernetesSecretStore(chart);
}
