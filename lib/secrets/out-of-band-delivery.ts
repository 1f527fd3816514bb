import { describeProblem, refuse, show } from '../core/errors';
import { envVarName } from '../core/names';
import { AppGraph } from '../graph/app-graph';
import { _labelKeyProblem, _labelValueProblem, _reservedEnvVar, renderCreateSecretsScript } from './create-secrets-script';
import type { DeclaredSecret } from './declared-secret';
import { _requireDeclaredKeys, _requireKubernetesBackedStore, ISecretDelivery, SynthArtifact } from './delivery';

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
 * with `kubectl create secret generic --type <type>` (`tls` for a certificate and its key)
 * `--dry-run=client -o yaml | kubectl apply --server-side -f -` from environment
 * variables, with the secret's `type` and its `labels` (through `kubectl label --local`). Nothing about
 * the Secret lands in the manifests.
 *
 * Every key reads its own variable: two keys of one script never share one, and names that the script,
 * bash, the loader, kubectl or Dapr use themselves (`KUBECTL`, `PATH`, `IFS`, `LD_PRELOAD`, `BASH_ENV`,
 * `DAPR_API_TOKEN`, …) are refused.
 */
export class OutOfBandDelivery implements ISecretDelivery {
  public readonly kind = 'out-of-band';
  public readonly createsKubernetesSecret = true;
  private readonly envVars: { [key: string]: string };

  public constructor(options: OutOfBandDeliveryOptions = {}) {
    this.envVars = { ...(options.envVars ?? {}) };
  }

  /** The environment variable the script reads for `key` of `secret`. */
  public envVarFor(secret: DeclaredSecret, key: string): string {
    // Own properties only: a key such as `toString` or `constructor` must not find Object's members.
    return (Object.hasOwn(this.envVars, key) ? this.envVars[key] : undefined) ?? envVarName(secret.secretName, key);
  }

  public bind(secret: DeclaredSecret): void {
    if (!_requireKubernetesBackedStore(secret, 'out-of-band delivery creates a Kubernetes Secret', 'keep the value in the store itself, or use a Kubernetes secret store')) return;
    _requireDeclaredKeys(secret, 'envVars', this.envVars);
    for (const [key, env] of Object.entries(this.envVars)) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) continue;
      refuse(secret, {
        field: `delivery.envVars.${key}`,
        problem: `${show(env)} is not a shell variable name`,
        fix: 'use letters, digits and "_", not starting with a digit',
      });
      // Refused for every secret of this delivery, so the key falls back to its derived name.
      delete this.envVars[key];
    }
    this.checkEnvVarsOf(secret);
    this.checkScriptInputs(secret);
    AppGraph.of(secret).addValidation(secret, () => this.validateUniqueEnvVars(secret));
  }

  public artifacts(secrets: DeclaredSecret[]): SynthArtifact[] {
    const script = renderCreateSecretsScript(secrets.map((s) => ({
      namespace: s.namespace,
      name: s.secretName,
      type: s.type,
      keys: s.keys.map((key) => ({ key, envVar: outOfBand(s).envVarFor(s, key) })),
      labels: s.labels,
    })));
    return [{ path: CREATE_SECRETS_SCRIPT, content: script, mode: 0o755 }];
  }

  /** Within one secret: no reserved name, and no variable read for two keys. */
  private checkEnvVarsOf(secret: DeclaredSecret): void {
    const seen = new Map<string, string>();
    for (const key of secret.keys) {
      const env = this.envVarFor(secret, key);
      const given = Object.hasOwn(this.envVars, key);
      const field = given ? `delivery.envVars.${key}` : `keys[${key}]`;
      const reserved = _reservedEnvVar(env);
      if (reserved) {
        const derived = envVarName(secret.secretName, key);
        const suggestion = given && !_reservedEnvVar(derived) ? derived : envVarName('secret', secret.secretName, key);
        refuse(secret, {
          field,
          problem: `the create-secrets script would read key ${show(key)} from ${env}, a name reserved because ${reserved}`,
          fix: `give the key another variable with SecretDelivery.outOfBand({ envVars: { '${key}': '${suggestion}' } })`,
        });
      }
      const clash = seen.get(env);
      if (clash !== undefined) {
        refuse(secret, {
          field,
          problem: `the create-secrets script would read ${env} for both key ${show(clash)} and key ${show(key)}, so both would get one value`,
          fix: `give each key its own variable with SecretDelivery.outOfBand({ envVars: { '${key}': 'OTHER_NAME' } })`,
        });
      }
      seen.set(env, key);
    }
  }

  /** The Secret's type and labels, which the script passes to kubectl as words. */
  private checkScriptInputs(secret: DeclaredSecret): void {
    refuse(secret, /^[A-Za-z0-9]([-A-Za-z0-9_.\/]*[A-Za-z0-9])?$/.test(secret.type) ? undefined : {
      field: 'type',
      problem: `${show(secret.type)} is not a Secret type the create-secrets script can pass to kubectl`,
      fix: 'use a type such as "Opaque" or "kubernetes.io/basic-auth" (letters, digits, "-", "_", "." and "/")',
    });
    for (const [key, value] of Object.entries(secret.labels)) {
      const keyProblem = _labelKeyProblem(key);
      const valueProblem = keyProblem ? undefined : _labelValueProblem(value);
      refuse(secret, keyProblem ? {
        field: `labels[${key}]`,
        problem: `${show(key)} is not a label key: ${keyProblem}`,
        fix: 'use a key such as "app.kubernetes.io/part-of"',
      } : valueProblem ? {
        field: `labels[${key}]`,
        problem: `${show(value)} is not a label value: ${valueProblem}`,
        fix: 'use a value such as "task-api"',
      } : undefined);
    }
  }

  private validateUniqueEnvVars(secret: DeclaredSecret): string[] {
    // Each clash is reported once, on the later secret; exact duplicates get their own error.
    const graph = AppGraph.of(secret);
    const readers = graph.memo('out-of-band-env-vars', () => {
      const byEnv = new Map<string, { secret: DeclaredSecret; key: string }[]>();
      for (const s of graph.secrets) {
        if (!(s.delivery instanceof OutOfBandDelivery)) continue;
        for (const k of s.keys) {
          const env = outOfBand(s).envVarFor(s, k);
          const list = byEnv.get(env) ?? [];
          list.push({ secret: s, key: k });
          byEnv.set(env, list);
        }
      }
      return byEnv;
    });
    const errors: string[] = [];
    for (const key of secret.keys) {
      const env = this.envVarFor(secret, key);
      const seen = new Set<DeclaredSecret>();
      for (const { secret: other, key: clash } of readers.get(env) ?? []) {
        if (seen.has(other) || !graph.isBefore(other, secret)) continue;
        seen.add(other);
        if (other.namespace !== secret.namespace || other.secretName !== secret.secretName) {
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
