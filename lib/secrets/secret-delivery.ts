import { PulumiConfigDelivery, PulumiConfigDeliveryOptions } from './pulumi-config-delivery';
import { ExistingDelivery, ExistingDeliveryOptions } from './existing-delivery';
import { ExternalSecretDelivery, ExternalSecretDeliveryOptions } from './external';
import { OutOfBandDelivery, OutOfBandDeliveryOptions } from './out-of-band-delivery';
import { SealedSecretDelivery, SealedSecretDeliveryOptions } from './sealed';
import { StoreManagedDelivery } from './store-managed-delivery';

/** The ways a declared secret's data can reach the cluster: one factory per delivery, each returning its own type. */
export class SecretDelivery {
  /** Values stay outside the program; synth writes `create-secrets.sh`, which reads them from environment variables. */
  public static outOfBand(options: OutOfBandDeliveryOptions = {}): OutOfBandDelivery {
    return new OutOfBandDelivery(options);
  }

  /** The value lives only in a non-Kubernetes store (Vault, Key Vault, …) and is written there by its owners. */
  public static storeManaged(): StoreManagedDelivery {
    return new StoreManagedDelivery();
  }

  /**
   * Values travel through Git only as Bitnami Sealed Secrets ciphertext: `npx dapr-secure seal` encrypts
   * one value with the controller's public certificate into `secrets/sealed.json`, and synth renders a
   * `SealedSecret` from it.
   */
  public static sealed(options: SealedSecretDeliveryOptions = {}): SealedSecretDelivery {
    return new SealedSecretDelivery(options);
  }

  /** External Secrets Operator brings the data: an ExternalSecret maps each declared key to a remote reference in an ESO store. */
  public static external(options: ExternalSecretDeliveryOptions): ExternalSecretDelivery {
    return new ExternalSecretDelivery(options);
  }

  /**
   * Values live only in the Pulumi stack's encrypted config (`pulumi config set --secret <secret>.<key>`);
   * `pulumi up` (renderToPulumi) creates the Secret. Plain cdk8s synth refuses it.
   */
  public static pulumiConfig(options: PulumiConfigDeliveryOptions = {}): PulumiConfigDelivery {
    return new PulumiConfigDelivery(options);
  }

  /**
   * The secret already exists: another team or tool delivers it. Nothing is synthesized for it; references
   * to its declared keys are checked as usual. See also `DeclaredSecret.fromExisting`.
   */
  public static existing(options: ExistingDeliveryOptions = {}): ExistingDelivery {
    return new ExistingDelivery(options);
  }

  private constructor() {}
}
