import { refuse, show } from '../core/errors';
import type { DeclaredSecret } from './declared-secret';
import type { ISecretDelivery } from './delivery';

/**
 * The value lives only in the secret store itself (Vault, Key Vault, Secrets Manager, …) and is written
 * there by whoever owns the store; nothing about it is synthesized. The default for stores that are not
 * backed by Kubernetes Secrets.
 */
export class StoreManagedDelivery implements ISecretDelivery {
  public readonly kind = 'store-managed';
  public readonly createsKubernetesSecret = false;

  public bind(secret: DeclaredSecret): void {
    refuse(secret, secret.store.kubernetesBacked ? {
      field: 'delivery',
      problem: `store ${show(secret.store.storeName)} reads Kubernetes Secrets, so something must create the Secret`,
      fix: 'choose SecretDelivery.outOfBand(), sealed(...) or external(...) for it',
    } : undefined);
  }
}
