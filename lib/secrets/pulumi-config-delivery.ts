import { createHash } from 'crypto';
import type { IConstruct } from 'constructs';
import { describeProblem, refuse, show } from '../core/errors';
import { AppGraph, RenderTarget } from '../graph/app-graph';
import type { DeclaredSecret } from './declared-secret';
import { _requireDeclaredKeys, _requireKubernetesBackedStore, ISecretDelivery, SynthArtifact } from './delivery';

/** The `kind` of `PulumiConfigDelivery`. */
export const PULUMI_CONFIG_DELIVERY_KIND = 'pulumi-config';

const PULUMI_CONFIG_DELIVERY = Symbol.for('dapr-secure-constructs.PulumiConfigDelivery');

/** A Pulumi config key name: what follows `<namespace>:` (no `:`, no whitespace). */
const CONFIG_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;
/** A Pulumi config namespace, such as a project name. */
const CONFIG_NAMESPACE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Options for Pulumi config delivery. */
export interface PulumiConfigDeliveryOptions {
  /**
   * Pulumi config key per secret key, overriding the derived one. Keys name the secret's declared keys; the
   * values are config key names without a namespace. Use one delivery object per secret when you override.
   * @default - `<secret name>.<key>`, such as `redis-password.password` (see `pulumiConfigKey`)
   */
  readonly configKeys?: { readonly [key: string]: string };
  /**
   * The Pulumi config namespace the values are read from.
   * @default - the Pulumi project's name, which is what `pulumi config set` uses when the key has no `<namespace>:` prefix
   */
  readonly configNamespace?: string;
}

/**
 * The Pulumi config key derived for `key` of the secret `secretName`: `<secretName>.<key>`, such as
 * `redis-password.password` or `api-credentials.api-key`. The dot is part of the name, so set it without
 * `--path`: `pulumi config set --secret redis-password.password`.
 */
export function pulumiConfigKey(secretName: string, key: string): string {
  return `${secretName}.${key}`;
}

/**
 * The secret's values live in the Pulumi stack's encrypted config (`pulumi config set --secret <key>`). The
 * Pulumi renderer (`renderToPulumi`) reads them as secret Outputs and creates the Secret as a
 * `k8s.core.v1.Secret` whose `stringData` is a Pulumi secret output, so values exist only in encrypted
 * config and encrypted state. Nothing about the values enters the construct tree.
 *
 * Plain `cdk8s synth` cannot deliver it: synthesizing such a secret without the Pulumi renderer is a
 * validation error that names the secret and the fix, never an empty or plaintext Secret.
 */
export class PulumiConfigDelivery implements ISecretDelivery {
  /** True for Pulumi config deliveries (works across copies of this module). */
  public static isPulumiConfigDelivery(x: unknown): x is PulumiConfigDelivery {
    return typeof x === 'object' && x !== null && (x as any)[PULUMI_CONFIG_DELIVERY] === true;
  }

  public readonly kind = PULUMI_CONFIG_DELIVERY_KIND;
  public readonly createsKubernetesSecret = true;
  /** The config namespace, when set explicitly; otherwise the Pulumi project's name at render time. */
  public readonly configNamespace?: string;
  private readonly configKeys: { [key: string]: string };

  public constructor(options: PulumiConfigDeliveryOptions = {}) {
    Object.defineProperty(this, PULUMI_CONFIG_DELIVERY, { value: true, enumerable: false });
    this.configKeys = { ...(options.configKeys ?? {}) };
    if (options.configNamespace !== undefined && !CONFIG_NAMESPACE.test(String(options.configNamespace))) {
      throw new Error(`configNamespace: ${show(options.configNamespace)} is not a Pulumi config namespace. Fix: use letters, digits, "_", "-" and ".", such as the project name`);
    }
    this.configNamespace = options.configNamespace;
  }

  /** The Pulumi config key (without namespace) that holds `key` of `secret`. */
  public configKeyFor(secret: DeclaredSecret, key: string): string {
    return (Object.hasOwn(this.configKeys, key) ? this.configKeys[key] : undefined) ?? pulumiConfigKey(secret.secretName, key);
  }

  /** The config key with its namespace, such as `dapr-task-api:redis-password.password`, for messages and collisions. */
  public qualifiedConfigKey(secret: DeclaredSecret, key: string, project: string): string {
    return `${this.configNamespace ?? project}:${this.configKeyFor(secret, key)}`;
  }

  public bind(secret: DeclaredSecret): void {
    if (!_requireKubernetesBackedStore(secret, 'Pulumi config delivery creates a Kubernetes Secret', 'keep the value in the store itself (SecretDelivery.storeManaged()), or use a Kubernetes secret store')) return;
    _requireDeclaredKeys(secret, 'configKeys', this.configKeys);
    for (const [key, configKey] of Object.entries(this.configKeys)) {
      if (typeof configKey === 'string' && CONFIG_KEY.test(configKey)) continue;
      refuse(secret, {
        field: `delivery.configKeys.${key}`,
        problem: `${show(configKey)} is not a Pulumi config key name`,
        fix: 'use letters, digits, "_", "-", "." and "/", without a "<namespace>:" prefix (set configNamespace for that)',
      });
      // Refused for every secret of this delivery, so the key falls back to its derived name.
      delete this.configKeys[key];
    }
    refuse(secret, ...secret.keys.filter((key) => !CONFIG_KEY.test(this.configKeyFor(secret, key))).map((key) => ({
      field: `keys[${key}]`,
      problem: `the derived Pulumi config key ${show(this.configKeyFor(secret, key))} is not a valid config key name`,
      fix: `give it another name with SecretDelivery.pulumiConfig({ configKeys: { '${key}': 'other-name' } })`,
    })));
    AppGraph.of(secret).addValidation(secret, () => this.validate(secret));
  }

  /** Plain cdk8s synth never gets here (validation fails first); refuses anyway for any other caller. */
  public artifacts(secrets: DeclaredSecret[]): SynthArtifact[] {
    throw new Error(secrets.map((s) => `[${s.node.path}] ${describeProblem(notRenderable(s))}`).join('\n'));
  }

  /** A hash of the config keys the values come from (never of a value). */
  public fingerprint(secret: DeclaredSecret): string {
    return createHash('sha256')
      .update(JSON.stringify([
        secret.store.storeName, secret.namespace, secret.secretName, secret.type, [...secret.keys].sort(), this.kind,
        this.configNamespace ?? '', secret.keys.map((k) => this.configKeyFor(secret, k)),
      ]))
      .digest('hex');
  }

  private validate(secret: DeclaredSecret): string[] {
    if (AppGraph.of(secret).renderContext?.target !== RenderTarget.PULUMI) return [describeProblem(notRenderable(secret))];
    return this.validateUniqueConfigKeys(secret);
  }

  private validateUniqueConfigKeys(secret: DeclaredSecret): string[] {
    // Each clash is reported once, on the later secret.
    const graph = AppGraph.of(secret);
    const holders = graph.memo('pulumi-config-keys', () => {
      const byKey = new Map<string, { secret: DeclaredSecret; key: string }[]>();
      for (const s of graph.secrets) {
        if (!PulumiConfigDelivery.isPulumiConfigDelivery(s.delivery)) continue;
        for (const k of s.keys) {
          const configKey = s.delivery.qualifiedConfigKey(s, k, '<project>');
          const list = byKey.get(configKey) ?? [];
          list.push({ secret: s, key: k });
          byKey.set(configKey, list);
        }
      }
      return byKey;
    });
    const errors: string[] = [];
    for (const key of secret.keys) {
      const seen = new Set<DeclaredSecret>();
      for (const { secret: other, key: clash } of holders.get(this.qualifiedConfigKey(secret, key, '<project>')) ?? []) {
        if (seen.has(other) || !graph.isBefore(other, secret)) continue;
        seen.add(other);
        if (other.namespace !== secret.namespace || other.secretName !== secret.secretName) {
          errors.push(describeProblem({
            field: `keys[${key}]`,
            problem: `the Pulumi config key ${show(this.configKeyFor(secret, key))} would hold both this key and key ${show(clash)} of ${other.node.path}`,
            fix: `give one of them its own key with SecretDelivery.pulumiConfig({ configKeys: { '${key}': 'other-name' } })`,
          }));
        }
      }
    }
    return errors;
  }
}

function notRenderable(secret: DeclaredSecret) {
  return {
    field: 'delivery',
    problem: `secret ${show(secret.secretName)} takes its values from Pulumi config (pulumi-config delivery), which only the Pulumi renderer can read, so cdk8s synth cannot create it and will not write a manifest without it`,
    fix: `deploy with \`pulumi up\` (Pulumi.yaml, renderToPulumi), or choose SecretDelivery.outOfBand() for ${show(secret.secretName)} to synthesize with cdk8s`,
  };
}

/**
 * Runs `fn` (a synthesis of the app that `scope` belongs to) as a Pulumi render, in which Pulumi config
 * deliveries are allowed: only the Pulumi renderer calls this. @internal
 */
export function _withPulumiRendering<T>(scope: IConstruct, fn: () => T): T {
  return AppGraph.of(scope).render({ target: RenderTarget.PULUMI }, fn);
}
