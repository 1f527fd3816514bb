import * as pulumi from '@pulumi/pulumi';
import { show } from '../core/errors';
import type { DeclaredSecret } from '../secrets/declared-secret';
import { PulumiConfigDelivery } from '../secrets/pulumi-config-delivery';

/** One key of a config secret, read from the stack's config as a secret Output. @internal */
export interface ConfigValue {
  readonly secret: DeclaredSecret;
  readonly key: string;
  readonly value: pulumi.Output<string>;
}

/** Why a set value cannot become a key of a Kubernetes Secret. */
export enum BlankValue {
  /** `''`. */
  EMPTY = 'empty',
  /** Only spaces, tabs, newlines or other whitespace. */
  WHITESPACE = 'whitespace',
}

/** Whether a raw config value is empty or only whitespace; undefined for any other value. */
export function blankValue(raw: string): BlankValue | undefined {
  if (raw === '') return BlankValue.EMPTY;
  return raw.trim() === '' ? BlankValue.WHITESPACE : undefined;
}

/** A flat config key that `pulumi config set --path` stored inside the object of another key instead. */
export interface StructuredConfig {
  /** The config key (without namespace) that holds the object: the part of the flat key before its first dot. */
  readonly root: string;
  /** Whether the object holds a value at the flat key's remaining path. */
  readonly holdsKey: boolean;
}

/**
 * Whether `configKey` (such as `api-credentials.api-key`), which is not set, was stored with `--path`:
 * `pulumi config set --path a.b.c` stores `{"b":{"c":…}}` under key `a`. `rawOf` returns a key's raw
 * config value (objects as JSON). Looks only at the structure, never at a value.
 */
export function structuredConfig(configKey: string, rawOf: (key: string) => string | undefined): StructuredConfig | undefined {
  const [root, ...path] = configKey.split('.');
  if (path.length === 0) return undefined;
  const raw = rawOf(root);
  if (raw === undefined) return undefined;
  let node: unknown;
  try {
    node = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(node)) return undefined;
  for (const segment of path) {
    if (!isObject(node) || !Object.hasOwn(node, segment)) return { root, holdsKey: false };
    node = node[segment];
  }
  return { root, holdsKey: true };
}

function isObject(x: unknown): x is { [key: string]: unknown } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Reads every config secret up front, by config key (`<namespace>:<key>`). Throws one error listing every
 * missing, misplaced (`--path`), empty, whitespace-only or plaintext value with the commands that fix it;
 * never a value.
 */
export function readConfigSecrets(secrets: DeclaredSecret[], config: pulumi.Config | undefined): Map<string, ConfigValue> {
  const project = pulumi.getProject();
  const values = new Map<string, ConfigValue>();
  const missing: string[] = [];
  const nested: string[] = [];
  const empty: string[] = [];
  const whitespace: string[] = [];
  const plaintext: string[] = [];
  const commands: string[] = [];
  // @internal in @pulumi/pulumi (runtime/config): whether the CLI passed the key as a secret.
  const isConfigSecret = (pulumi.runtime as any).isConfigSecret as ((key: string) => boolean) | undefined;
  if (secrets.length > 0 && typeof isConfigSecret !== 'function') {
    throw new Error('renderToPulumi: this @pulumi/pulumi has no runtime.isConfigSecret, so a value set without --secret could not be refused. Fix: use @pulumi/pulumi 3.248.x, the version dapr-secure-constructs is tested with');
  }
  for (const secret of secrets) {
    const delivery = secret.delivery as PulumiConfigDelivery;
    const bag = delivery.configNamespace !== undefined ? new pulumi.Config(delivery.configNamespace) : config ?? new pulumi.Config();
    const cliKey = (key: string) => (bag.name === project ? key : `${bag.name}:${key}`);
    for (const key of secret.keys) {
      const name = delivery.configKeyFor(secret, key);
      const full = `${bag.name}:${name}`;
      const cli = cliKey(name);
      const what = `secret ${secret.namespace}/${secret.secretName}, key ${key}`;
      const earlier = values.get(full);
      if (earlier) {
        throw new Error(`[${secret.node.path}] Pulumi config key ${show(full)} would hold both key ${show(key)} of this secret and key ${show(earlier.key)} of ${earlier.secret.node.path}. Fix: give one of them its own key with SecretDelivery.pulumiConfig({ configKeys: { '${key}': 'other-name' } })`);
      }
      const value = bag.getSecret(name);
      if (value === undefined) {
        const structured = structuredConfig(name, (k) => pulumi.runtime.getConfig(`${bag.name}:${k}`));
        if (structured?.holdsKey) {
          nested.push(`  ${full}  (${what}; \`--path\` stored it inside the object of ${bag.name}:${structured.root})`);
          commands.push(`  pulumi config rm --path ${cli} && pulumi config set --secret ${cli}`);
        } else if (structured) {
          nested.push(`  ${full}  (${what}; ${bag.name}:${structured.root} holds an object set with \`--path\`, without this key)`);
          commands.push(`  pulumi config set --secret ${cli}`);
        } else {
          missing.push(`  ${full}  (${what})`);
          commands.push(`  pulumi config set --secret ${cli}`);
        }
        continue;
      }
      // Read without a secret-use warning; only whether it is blank is looked at.
      const blank = blankValue(pulumi.runtime.getConfig(full) ?? '');
      if (blank !== undefined) {
        (blank === BlankValue.EMPTY ? empty : whitespace).push(`  ${full}  (${what})`);
        commands.push(`  pulumi config set --secret ${cli}`);
        continue;
      }
      if (!isConfigSecret!(full)) {
        plaintext.push(`  ${full}  (${what})`);
        commands.push(`  pulumi config rm ${cli} && pulumi config set --secret ${cli}`);
        continue;
      }
      values.set(full, { secret, key, value });
    }
  }
  if (missing.length + nested.length + empty.length + whitespace.length + plaintext.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`${missing.length} Pulumi config secret(s) are not set; each one becomes a key of a Kubernetes Secret:`, ...missing);
    if (nested.length > 0) {
      parts.push(`${nested.length} Pulumi config secret(s) are not set as a key of their own: the renderer reads each value from the flat key named below, `
        + 'and `pulumi config set --path` was the mistake (it stores the value inside an object under the part of the name before the first dot). Set them without --path:', ...nested);
    }
    if (empty.length > 0) parts.push(`${empty.length} Pulumi config secret(s) are set to an empty value, which would become an empty key of a Kubernetes Secret:`, ...empty);
    if (whitespace.length > 0) parts.push(`${whitespace.length} Pulumi config secret(s) are set to a value that is only whitespace (spaces, tabs or newlines), which would become a blank key of a Kubernetes Secret:`, ...whitespace);
    if (plaintext.length > 0) parts.push(`${plaintext.length} Pulumi config value(s) are stored in plaintext in Pulumi.${pulumi.getStack()}.yaml instead of encrypted:`, ...plaintext);
    parts.push('Fix: run these commands (Pulumi prompts for each value, so it stays out of your shell history), then run the program again:', ...commands);
    throw new Error(parts.join('\n'));
  }
  return values;
}
