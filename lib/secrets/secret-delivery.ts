import type { ISecretDelivery } from './delivery';
import { OutOfBandDelivery, OutOfBandDeliveryOptions } from './out-of-band-delivery';
import { StoreManagedDelivery } from './store-managed-delivery';

/** The ways a declared secret's data can reach the cluster. */
export class SecretDelivery {
  /** Values stay outside the program; synth writes `create-secrets.sh`, which reads them from environment variables. */
  public static outOfBand(options: OutOfBandDeliveryOptions = {}): ISecretDelivery {
    return new OutOfBandDelivery(options);
  }

  /** The value lives only in a non-Kubernetes store (Vault, Key Vault, …) and is written there by its owners. */
  public static storeManaged(): ISecretDelivery {
    return new StoreManagedDelivery();
  }

  private constructor() {}
}
