import { describeProblem, fieldError, show } from '../core/errors';
import { envVarName } from '../core/names';
import { renderCreateSecretsScript } from './create-secrets-script';
import type { DeclaredSecret } from './declared-secret';
import type { ISecretDelivery, SynthArtifact } from './delivery';

/** The script out-of-band delivery writes beside the manifests. */
export const CREATE_SECRETS_SCRIPT = 'create-secrets.sh';

/** Options for out-of-band delivery. */
export interface OutOfBandDeliveryOptions {
  /**
   * Environment variable per key, overriding the derived name.
   * @default - `<SECRET_NAME>_<KEY>` in upper case with `_` for other characters, such as `API_CREDENTIALS_API_KEY`
   */
  readonly envVars?: { readonly [key: string]: string };
}

/**
 * The secret's data never enters the program: synth writes `create-secrets.sh`, which creates the Secret
 * with `kubectl create secret generic --dry-run=client -o yaml | kubectl apply -f -` from environment
 * variables. Nothing about the Secret lands in the manifests.
 */
export class OutOfBandDelivery implements ISecretDelivery {
  public readonly kind = 'out-of-band';
  public readonly createsKubernetesSecret = true;
  private readonly envVars: { readonly [key: string]: string };

  public constructor(options: OutOfBandDeliveryOptions = {}) {
    this.envVars = { ...(options.envVars ?? {}) };
  }

  /** The environment variable the script reads for `key` of `secret`. */
  public envVarFor(secret: DeclaredSecret, key: string): string {
    return this.envVars[key] ?? envVarName(secret.secretName, key);
  }

  public bind(secret: DeclaredSecret): void {
    if (!secret.store.kubernetesBacked) {
      throw fieldError(secret, {
        field: 'delivery',
        problem: `out-of-band delivery creates a Kubernetes Secret, but store ${show(secret.store.storeName)} does not read Kubernetes Secrets`,
        fix: 'keep the value in the store itself, or use a Kubernetes secret store',
      });
    }
    for (const [key, env] of Object.entries(this.envVars)) {
      if (!secret.keys.includes(key)) {
        throw fieldError(secret, {
          field: `delivery.envVars.${key}`,
          problem: `secret ${show(secret.secretName)} declares no key ${show(key)}`,
          fix: `name only declared keys (${secret.keys.join(', ')})`,
        });
      }
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) {
        throw fieldError(secret, {
          field: `delivery.envVars.${key}`,
          problem: `${show(env)} is not a shell variable name`,
          fix: 'use letters, digits and "_", not starting with a digit',
        });
      }
    }
    secret.node.addValidation({ validate: () => this.validateUniqueEnvVars(secret) });
  }

  public artifacts(secrets: DeclaredSecret[]): SynthArtifact[] {
    const script = renderCreateSecretsScript(secrets.map((s) => ({
      namespace: s.namespace,
      name: s.secretName,
      type: s.type,
      keys: s.keys.map((key) => ({ key, envVar: outOfBand(s).envVarFor(s, key) })),
    })));
    return [{ path: CREATE_SECRETS_SCRIPT, content: script, mode: 0o755 }];
  }

  private validateUniqueEnvVars(secret: DeclaredSecret): string[] {
    // Each clash is reported once, on the later secret; exact duplicates get their own error.
    const all = secret.node.root.node.findAll();
    const others = all.slice(0, all.indexOf(secret))
      .filter((c): c is DeclaredSecret => (c as DeclaredSecret).delivery instanceof OutOfBandDelivery)
      .filter((o) => o.namespace !== secret.namespace || o.secretName !== secret.secretName);
    const errors: string[] = [];
    for (const key of secret.keys) {
      const env = this.envVarFor(secret, key);
      for (const other of others) {
        const clash = other.keys.find((k) => outOfBand(other).envVarFor(other, k) === env);
        if (clash !== undefined) {
          errors.push(describeProblem({
            field: `keys[${key}]`,
            problem: `the create-secrets script would read ${env} for both this key and key ${show(clash)} of ${other.node.path}`,
            fix: `give one of them its own variable with SecretDelivery.outOfBand({ envVars: { '${key}': 'OTHER_NAME' } })`,
          }));
        }
      }
    }
    return errors;
  }
}

function outOfBand(secret: DeclaredSecret): OutOfBandDelivery {
  return secret.delivery as OutOfBandDelivery;
}
