import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { describeProblem, refuse, show } from '../../core/errors';
import { envVarName } from '../../core/names';
import type { DeclaredSecret } from '../declared-secret';
import { _requireKubernetesBackedStore, ISecretDelivery } from '../delivery';
import { parseSealingCertificate } from '../sealing/certificate';
import { SealingScope, sealingScopeAnnotations } from '../sealing/scope';
import { sealCommand, displayPath } from './seal-command';
import { DEFAULT_SEALED_FILE, readSealedFile, SealedEntry, sealedEntryId, SealedFile, setOwn } from './sealed-file';

/** Group/version of the SealedSecret resource. */
export const SEALED_SECRET_API_VERSION = 'bitnami.com/v1alpha1';

/** Options for Sealed Secrets delivery. */
export interface SealedSecretDeliveryOptions {
  /**
   * The committed ciphertext file that `npx dapr-secure seal` writes; resolved against the current
   * directory unless absolute.
   * @default 'secrets/sealed.json'
   */
  readonly sealedFile?: string;
  /**
   * Where the controller may unseal the values; every entry of the file must be sealed for this scope.
   * @default SealingScope.STRICT
   */
  readonly scope?: SealingScope;
  /**
   * The controller's certificate (`kubeseal --fetch-cert`), resolved like `sealedFile`. When set, a value
   * sealed with any other certificate is a synth error (such as values sealed before the certificate was
   * replaced), and fix commands name this path.
   * @default - values are not checked against a certificate, and fix commands show `<controller-cert.pem>`
   */
  readonly certificate?: string;
}

/**
 * The secret's values are committed as ciphertext that only the cluster's Sealed Secrets controller can
 * decrypt. `npx dapr-secure seal` seals each value into `sealedFile`; synth reads that file (never a value)
 * and emits one `bitnami.com/v1alpha1` SealedSecret per secret, from which the controller creates the
 * Secret. The output changes only when someone seals again, and then the pods of apps that use the secret
 * roll (the fingerprint is a hash of the ciphertext).
 *
 * Each delivery object reads the file once, when its first secret binds; build a new delivery (a new app)
 * to see a file sealed since. Missing keys, keys the secret does not declare and entries sealed for another
 * scope are synth errors that name the `npx dapr-secure seal` command to run.
 */
export class SealedSecretDelivery implements ISecretDelivery {
  public readonly kind = 'sealed';
  public readonly createsKubernetesSecret = true;
  /** Absolute path of the sealed file. */
  public readonly sealedFile: string;
  /** The scope the values are sealed for. */
  public readonly scope: SealingScope;
  /** Absolute path of the controller certificate, when given. */
  public readonly certificate?: string;
  private file?: { readonly content: SealedFile; readonly exists: boolean };
  private certificateFingerprint?: string;
  /** A scope given that is no `SealingScope`, refused when a secret binds (`scope` is then STRICT). */
  private readonly unknownScope?: { readonly given: unknown };

  public constructor(options: SealedSecretDeliveryOptions = {}) {
    this.sealedFile = path.resolve(options.sealedFile ?? DEFAULT_SEALED_FILE);
    const known = options.scope === undefined || (Object.values(SealingScope) as unknown[]).includes(options.scope);
    if (!known) this.unknownScope = { given: options.scope };
    this.scope = known ? options.scope ?? SealingScope.STRICT : SealingScope.STRICT;
    this.certificate = options.certificate === undefined ? undefined : path.resolve(options.certificate);
  }

  public bind(secret: DeclaredSecret): void {
    if (!_requireKubernetesBackedStore(secret, 'sealed delivery creates a Kubernetes Secret', 'keep the value in the store itself (SecretDelivery.storeManaged()), or use a Kubernetes secret store')) return;
    refuse(secret, this.unknownScope ? {
      field: 'delivery.scope',
      problem: `${show(this.unknownScope.given)} is not a sealing scope`,
      fix: 'pass SealingScope.STRICT, SealingScope.NAMESPACE_WIDE or SealingScope.CLUSTER_WIDE',
    } : undefined);
    this.load(secret);
    const entry = this.entryFor(secret);
    const scopeAnnotations = sealingScopeAnnotations(this.scope);
    const annotations = Object.keys(scopeAnnotations).length > 0 ? scopeAnnotations : undefined;
    const labels = Object.keys(secret.labels).length > 0 ? { ...secret.labels } : undefined;
    const encryptedData: Record<string, string> = {};
    for (const key of [...secret.keys].sort()) {
      const sealed = ownValue(entry?.keys, key);
      if (sealed) setOwn(encryptedData, key, sealed.ciphertext);
    }
    new ApiObject(secret, 'SealedSecret', {
      apiVersion: SEALED_SECRET_API_VERSION,
      kind: 'SealedSecret',
      metadata: { name: secret.secretName, namespace: secret.namespace, labels, annotations },
      spec: {
        encryptedData,
        template: {
          metadata: { name: secret.secretName, namespace: secret.namespace, labels, annotations },
          type: secret.type,
        },
      },
    });
    secret.node.addValidation({ validate: () => this.problems(secret) });
  }

  /** A hash of the secret's ciphertexts and scope: it changes exactly when a key is sealed again. */
  public fingerprint(secret: DeclaredSecret): string {
    this.load(secret);
    const entry = this.entryFor(secret);
    const keys = [...secret.keys].sort().map((key) => [key, ownValue(entry?.keys, key)?.ciphertext ?? null]);
    return createHash('sha256').update(JSON.stringify([this.kind, entry?.scope ?? null, keys])).digest('hex');
  }

  /** The `npx dapr-secure seal` command that seals `key` of `secret` for this delivery. */
  public sealCommandFor(secret: DeclaredSecret, key: string): string {
    return sealCommand({
      cert: this.certificate,
      file: this.sealedFile,
      namespace: secret.namespace,
      secret: secret.secretName,
      key,
      scope: this.scope,
      fromEnv: envVarName(secret.secretName, key),
    });
  }

  private entryFor(secret: DeclaredSecret): SealedEntry | undefined {
    const entries = this.file?.content.entries ?? {};
    const id = sealedEntryId(secret.namespace, secret.secretName);
    return Object.prototype.hasOwnProperty.call(entries, id) ? entries[id] : undefined;
  }

  /** Reads the file (and the certificate) once per delivery; a missing file reads as empty. */
  private load(secret: DeclaredSecret): void {
    if (this.file) return;
    try {
      const exists = fs.existsSync(this.sealedFile);
      this.file = { content: readSealedFile(this.sealedFile, { allowMissing: true }), exists };
      if (this.certificate !== undefined) {
        let pem: string;
        try {
          pem = fs.readFileSync(this.certificate, 'utf8');
        } catch (e) {
          const shown = displayPath(this.certificate);
          throw new Error(`cannot read the certificate ${shown} (the certificate option): ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}. `
            + `Fix: put the controller's certificate there with \`kubeseal --fetch-cert > ${shown}\`, or correct the certificate option`);
        }
        this.certificateFingerprint = parseSealingCertificate(pem).fingerprint;
      }
    } catch (e) {
      throw new Error(`[${secret.node.path}] delivery: ${(e as Error).message}`);
    }
  }

  private problems(secret: DeclaredSecret): string[] {
    const file = displayPath(this.sealedFile);
    const id = sealedEntryId(secret.namespace, secret.secretName);
    const entry = this.entryFor(secret);
    const reseal = (key: string) => `${this.sealCommandFor(secret, key)} (or pipe the value to stdin instead of --from-env)`;
    const errors: string[] = [];

    if (entry && entry.scope !== this.scope) {
      errors.push(describeProblem({
        field: 'delivery.scope',
        problem: `${file} holds ${show(id)} sealed for scope ${show(entry.scope)}, but this delivery unseals it as ${show(this.scope)}`,
        fix: `set scope: ${scopeConstant(entry.scope)} in the sealed delivery's options, or delete the entry ${show(id)} from ${file} and seal every key again: ${secret.keys.map((k) => this.sealCommandFor(secret, k)).join(' ; ')}`,
      }));
    }
    for (const key of secret.keys) {
      const sealed = ownValue(entry?.keys, key);
      if (!sealed) {
        const where = this.file?.exists ? file : `${file} (the file does not exist yet)`;
        errors.push(describeProblem({
          field: `keys[${key}]`,
          problem: `no sealed value for key ${show(key)} of secret ${show(id)} in ${where}`,
          fix: `seal it with: ${reseal(key)}`,
        }));
      } else if (this.certificateFingerprint !== undefined && sealed.certificateFingerprint !== this.certificateFingerprint) {
        errors.push(describeProblem({
          field: `keys[${key}]`,
          problem: `key ${show(key)} of secret ${show(id)} in ${file} was sealed with certificate sha256:${sealed.certificateFingerprint.slice(0, 16)}…, `
            + `not with ${displayPath(this.certificate!)} (sha256:${this.certificateFingerprint.slice(0, 16)}…), so the controller may not be able to unseal it`,
          fix: `seal it again with: ${reseal(key)}`,
        }));
      }
    }
    for (const key of Object.keys(entry?.keys ?? {}).sort()) {
      if (!secret.keys.includes(key)) {
        errors.push(describeProblem({
          field: 'keys',
          problem: `${file} holds a sealed value for key ${show(key)} of ${show(id)}, which the secret does not declare (declared: ${secret.keys.join(', ')})`,
          fix: `add ${show(key)} to the secret's keys, or delete keys[${show(key)}] from the entry ${show(id)} in ${file}`,
        }));
      }
    }
    return errors;
  }
}

function ownValue<T>(record: { readonly [key: string]: T } | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function scopeConstant(scope: SealingScope): string {
  const name = Object.entries(SealingScope).find(([, v]) => v === scope)?.[0];
  return name ? `SealingScope.${name}` : show(scope);
}
