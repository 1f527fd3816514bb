import type { DeclaredSecret } from './declared-secret';

/** A file written beside the manifests at synth (for example `create-secrets.sh`). */
export interface SynthArtifact {
  /** Path relative to the output folder. */
  readonly path: string;
  /** The file's text. Never contains a secret value. */
  readonly content: string;
  /** File mode. @default 0o644 */
  readonly mode?: number;
}

/**
 * How a declared secret's data reaches the cluster. One delivery object per secret; the same object may
 * serve several secrets. Implementations must never put a secret value into the construct tree.
 */
export interface ISecretDelivery {
  /** A short name for messages and grouping, such as `out-of-band`. */
  readonly kind: string;
  /** Whether this delivery can put data into a Kubernetes Secret (all can, except `none`). */
  readonly createsKubernetesSecret: boolean;
  /** Called once when a secret chooses this delivery; may add constructs under the secret. */
  bind(secret: DeclaredSecret): void;
  /** Files to write at synth for every secret of this delivery kind (called once per kind). */
  artifacts?(secrets: DeclaredSecret[]): SynthArtifact[];
  /**
   * A value that changes when the secret material changes (a hash of ciphertext or of the reference set,
   * never of a plaintext), used to roll pods. @default - a hash of the secret's name, namespace and keys
   */
  fingerprint?(secret: DeclaredSecret): string;
}
