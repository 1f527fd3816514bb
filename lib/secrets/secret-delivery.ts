import type { ISecretDelivery } from './delivery';
import { OutOfBandDelivery, OutOfBandDeliveryOptions } from './out-of-band-delivery';

/** The ways a declared secret's data can reach the cluster. */
export class SecretDelivery {
  /** Values stay outside the program; synth writes `create-secrets.sh`, which reads them from environment variables. */
  public static outOfBand(options: OutOfBandDeliveryOptions = {}): ISecretDelivery {
    return new OutOfBandDelivery(options);
  }

  private constructor() {}
}
