import { Construct } from 'constructs';
import { fieldError, refuse, show } from '../../core/errors';
import { isDnsLabel } from '../../core/names';
import { addDuplicateValidation } from '../../core/scope';
import { ExternalSecretStoreBase, ExternalSecretStoreKind, ExternalSecretStoreOptions } from './external-secret-store-base';

/** One entry of a ClusterSecretStore's `spec.conditions`: the namespaces allowed to use it. A namespace that matches any condition may. */
export interface ClusterSecretStoreCondition {
  /** `namespaces`: namespaces allowed by name. @default - none */
  readonly namespaces?: string[];
  /** `namespaceSelector.matchLabels`: namespaces allowed by label. @default - none */
  readonly namespaceSelector?: { readonly [label: string]: string };
  /** `namespaceRegexes`: namespaces allowed by regular expression (Go syntax). @default - none */
  readonly namespaceRegexes?: string[];
}

/** Props of a cluster-scoped ESO `ClusterSecretStore`. */
export interface ClusterExternalSecretStoreProps extends ExternalSecretStoreOptions {
  /** `conditions`: restricts which namespaces may use the store. @default - every namespace may */
  readonly conditions?: ClusterSecretStoreCondition[];
}

/**
 * An External Secrets Operator `ClusterSecretStore` (`external-secrets.io/v1`): a provider shared by
 * ExternalSecrets of every namespace its `conditions` allow. Every credential reference names the
 * namespace of its Secret or ServiceAccount.
 */
export class ClusterExternalSecretStore extends ExternalSecretStoreBase {
  public readonly kind = ExternalSecretStoreKind.CLUSTER_SECRET_STORE;
  public readonly namespace: undefined = undefined;
  /** The `conditions`, as given. */
  public readonly conditions: readonly ClusterSecretStoreCondition[];

  public constructor(scope: Construct, id: string, props: ClusterExternalSecretStoreProps) {
    const conditions = props?.conditions;
    super(scope, id, ExternalSecretStoreKind.CLUSTER_SECRET_STORE, undefined, props ?? ({} as ClusterExternalSecretStoreProps), {
      conditions: conditions?.map((c) => ({
        namespaces: c.namespaces,
        namespaceSelector: c.namespaceSelector ? { matchLabels: c.namespaceSelector } : undefined,
        namespaceRegexes: c.namespaceRegexes,
      })),
    });
    this.conditions = this.checkConditions(conditions);
    addDuplicateValidation<ClusterExternalSecretStore>(this, 'ClusterSecretStore', (s) => s.storeRefName, (c): c is ClusterExternalSecretStore => c instanceof ClusterExternalSecretStore);
  }

  /**
   * Whether an ExternalSecret in `namespace` may use the store: true, false, or undefined when only
   * the cluster can tell (a label selector or a regular expression decides).
   */
  public allowsNamespace(namespace: string): boolean | undefined {
    if (this.conditions.length === 0) return true;
    if (this.conditions.some((c) => (c.namespaces ?? []).includes(namespace))) return true;
    if (this.conditions.some((c) => c.namespaceSelector !== undefined || (c.namespaceRegexes ?? []).length > 0)) return undefined;
    return false;
  }

  private checkConditions(conditions: ClusterSecretStoreCondition[] | undefined): ClusterSecretStoreCondition[] {
    if (conditions === undefined) return [];
    if (!Array.isArray(conditions)) {
      throw fieldError(this, { field: 'conditions', problem: `expected a list, got ${show(conditions)}`, fix: "pass conditions: [{ namespaces: ['shop'] }]" });
    }
    // A refused condition is left out, and so is a refused namespace of a condition.
    const kept: ClusterSecretStoreCondition[] = [];
    conditions.forEach((c, i) => {
      const empty = (c.namespaces ?? []).length === 0 && c.namespaceSelector === undefined && (c.namespaceRegexes ?? []).length === 0;
      if (refuse(this, empty ? {
        field: `conditions[${i}]`,
        problem: 'the condition names no namespaces, selector or regexes',
        fix: "give namespaces: ['shop'], a namespaceSelector or namespaceRegexes, or leave the condition out",
      } : undefined)) return;
      const bad = (c.namespaces ?? []).filter((ns) => !isDnsLabel(ns));
      refuse(this, ...bad.map((ns) => ({
        field: `conditions[${i}].namespaces`,
        problem: `${show(ns)} is not a namespace name`,
        fix: 'use DNS-1123 labels such as "shop"',
      })));
      kept.push(bad.length === 0 ? { ...c } : { ...c, namespaces: c.namespaces!.filter((ns) => !bad.includes(ns)) });
    });
    return kept;
  }
}
