import { refuse, show } from '../core/errors';
import type { DeclaredSecret } from './declared-secret';
import type { ISecretDelivery } from './delivery';

/** Options of a secret that already exists. */
export interface ExistingDeliveryOptions {
  /**
   * Who delivers it, for messages and reviews, such as `platform team (Vault Secrets Operator)`.
   * @default - not recorded
   */
  readonly deliveredBy?: string;
}

/**
 * The secret already exists in the cluster (or in its store): another team or tool delivers it. Nothing
 * is synthesized for it, no `create-secrets.sh` entry, no SealedSecret, no Pulumi resource; references to
 * it are still checked against its declared keys, namespace and store.
 */
export class ExistingDelivery implements ISecretDelivery {
  /** True for existing-secret deliveries. */
  public static isExistingDelivery(x: unknown): x is ExistingDelivery {
    return x instanceof ExistingDelivery;
  }

  public readonly kind = 'existing';
  public readonly createsKubernetesSecret = false;
  /** Who delivers the secret, if recorded. */
  public readonly deliveredBy?: string;

  public constructor(options: ExistingDeliveryOptions = {}) {
    if (options.deliveredBy !== undefined && (typeof options.deliveredBy !== 'string' || options.deliveredBy.trim() === '')) {
      throw new Error(`SecretDelivery.existing: deliveredBy must be a non-empty string, got ${show(options.deliveredBy)}`);
    }
    this.deliveredBy = options.deliveredBy;
  }

  public bind(secret: DeclaredSecret): void {
    refuse(secret, secret.keys.length === 0
      ? { field: 'keys', problem: 'an existing secret needs its keys declared so references can be checked', fix: "list the keys it holds, such as keys: ['password']" }
      : undefined);
  }
}
