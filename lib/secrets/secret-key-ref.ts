import type { DeclaredSecret } from './declared-secret';
import type { ISecretStore } from './secret-store';

const BRAND = Symbol.for('dapr-secure-constructs.SecretKeyRef');

/**
 * A reference to one key of a declared secret: what a Dapr component's `secretKeyRef` names.
 *
 * It carries no value and has no `resolve()` method, so cdk8s can never render it as one.
 * Get one from `secret.keyRef('key')`.
 */
export class SecretKeyRef {
  /** True for references made by `DeclaredSecret.keyRef`, also across copies of this library. */
  public static isSecretKeyRef(x: unknown): x is SecretKeyRef {
    return x instanceof SecretKeyRef || (typeof x === 'object' && x !== null && (x as any)[BRAND] === true);
  }

  /** @internal */
  public static _create(secret: DeclaredSecret, key: string): SecretKeyRef {
    return new SecretKeyRef(secret, key);
  }

  readonly #secret: DeclaredSecret;
  /** The key inside the secret. */
  public readonly key: string;

  private constructor(secret: DeclaredSecret, key: string) {
    this.#secret = secret;
    this.key = key;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** The declared secret this key belongs to. */
  public get secret(): DeclaredSecret {
    return this.#secret;
  }

  /** The store that resolves the reference. */
  public get store(): ISecretStore {
    return this.#secret.store;
  }

  /** The `secretKeyRef` object Dapr reads: the secret's name and the key (for name/value stores the key is the name). */
  public toSecretKeyRef(): { name: string; key: string } {
    return { name: this.#secret.secretName, key: this.key };
  }

  /** Serializes to the `secretKeyRef` form; there is no value to serialize. */
  public toJSON(): { name: string; key: string } {
    return this.toSecretKeyRef();
  }

  /** For messages: `secret/key`. */
  public toString(): string {
    return `${this.#secret.secretName}/${this.key}`;
  }
}
