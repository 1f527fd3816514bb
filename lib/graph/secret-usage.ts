import { describeProblem, FieldProblem, show } from '../core/errors';
import type { DeclaredSecret } from '../secrets/declared-secret';
import { AppGraph } from './app-graph';

/** What the unused-secret check reads of a declared secret. */
export interface SecretUsageSubject {
  readonly secretName: string;
  readonly keys: readonly string[];
  /** Who uses the secret outside the program, if anyone (every key then counts as used). */
  readonly externalConsumer?: string;
}

/**
 * The problems of a declared secret whose keys nothing uses: one for the whole secret when no key is used,
 * else one per unused key. None when something outside the program consumes it (`externalConsumer`).
 */
export function unusedSecretProblems(secret: SecretUsageSubject, used: ReadonlySet<string>): FieldProblem[] {
  if (secret.externalConsumer !== undefined) return [];
  const unused = secret.keys.filter((k) => !used.has(k));
  if (unused.length === 0) return [];
  const optOut = "or set externalConsumer: '<who reads it>' if something outside this program reads it";
  const use = (key: string) => `pass secret.keyRef('${key}') to a component, Dapr resource or secret store, set a container's env with secret.envValue(workload, '${key}')`;
  if (unused.length === secret.keys.length) {
    return [{
      field: 'keys',
      problem: `secret ${show(secret.secretName)} is declared but nothing in the program references it`,
      fix: `${use(secret.keys[0])}, grant an app the read with secret.grantRead(app), remove it, ${optOut}`,
    }];
  }
  return unused.map((key) => ({
    field: `keys[${key}]`,
    problem: `key ${show(key)} of secret ${show(secret.secretName)} is declared but nothing in the program references it`,
    fix: `${use(key)}, remove the key, ${optOut}`,
  }));
}

const CHECKED = new WeakSet<DeclaredSecret>();

/**
 * Adds, once, the synth-time check that something uses every key of `secret`. The render pipeline adds it
 * when a renderer renders the App, so it sees the whole program and runs once per render.
 */
export function addUnusedSecretValidation(secret: DeclaredSecret): void {
  if (CHECKED.has(secret)) return;
  CHECKED.add(secret);
  const graph = AppGraph.of(secret);
  graph.addValidation(secret, () => unusedSecretProblems(secret, graph.usedKeysOf(secret)).map(describeProblem));
}
