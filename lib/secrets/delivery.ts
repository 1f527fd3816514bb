import { refuse, show } from '../core/errors';
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

/**
 * Refuses a delivery that creates a Kubernetes Secret (`creates` says how) for a secret whose store does not
 * read Kubernetes Secrets (see `refuse`). @internal
 * @returns true when the store reads Kubernetes Secrets, false when refused (the delivery then binds nothing)
 */
export function _requireKubernetesBackedStore(secret: DeclaredSecret, creates: string, fix: string): boolean {
  if (secret.store.kubernetesBacked) return true;
  refuse(secret, {
    field: 'delivery',
    problem: `${creates}, but store ${show(secret.store.storeName)} does not read Kubernetes Secrets`,
    fix,
  });
  return false;
}

/**
 * Refuses each per-key override (`delivery.<option>.<key>`) that names a key the secret does not declare
 * (see `refuse`); such an override is never read for the secret. @internal
 */
export function _requireDeclaredKeys(secret: DeclaredSecret, option: string, overrides: { readonly [key: string]: unknown }): void {
  refuse(secret, ...Object.keys(overrides).filter((key) => !secret.keys.includes(key)).map((key) => ({
    field: `delivery.${option}.${key}`,
    problem: `secret ${show(secret.secretName)} declares no key ${show(key)}`,
    fix: `name only declared keys (${secret.keys.join(', ')})`,
  })));
}
