import { Construct } from 'constructs';
import { addDuplicateValidation, resolveNamespace } from '../../core/scope';
import { ExternalSecretStoreBase, ExternalSecretStoreKind, ExternalSecretStoreOptions } from './external-secret-store-base';

/** Props of a namespaced ESO `SecretStore`. */
export interface ExternalSecretStoreProps extends ExternalSecretStoreOptions {
  /** `metadata.namespace`. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
}

/**
 * An External Secrets Operator `SecretStore` (`external-secrets.io/v1`): a provider that only
 * ExternalSecrets of its own namespace use. Its credential references must point at Secrets and
 * ServiceAccounts of that namespace.
 */
export class ExternalSecretStore extends ExternalSecretStoreBase {
  public readonly kind = ExternalSecretStoreKind.SECRET_STORE;
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: ExternalSecretStoreProps) {
    const namespace = resolveNamespace(scope, props?.namespace);
    super(scope, id, ExternalSecretStoreKind.SECRET_STORE, namespace, props ?? ({} as ExternalSecretStoreProps), {});
    this.namespace = namespace;
    addDuplicateValidation<ExternalSecretStore>(this, 'SecretStore', (s) => `${s.namespace}/${s.storeRefName}`, (c): c is ExternalSecretStore => c instanceof ExternalSecretStore);
  }
}
