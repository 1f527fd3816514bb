/**
 * Random app graphs for the property tests: declared secrets with random names, keys and values, a store,
 * Redis state stores that reference random keys, and one Dapr app that reads some secrets through the
 * Secrets API. `build` turns a graph into a cdk8s App for a delivery; `checkInvariants` checks rendered
 * objects against the graph.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { CANARY_PREFIX } from '../../../lib/testing';
import {
  DaprApp, DeclaredSecret, ISecretDelivery, ISecretStore, KubernetesSecretStore, RedisStateStore, SecretDelivery,
} from '../../../lib';
import { sealedEntryId, SealedFile, SEALED_FILE_VERSION, serializeSealedFile } from '../../../lib/secrets/sealed/sealed-file';
import { parseSealingCertificate, sealingLabel, sealValue, SealingScope } from '../../../lib/secrets/sealing';
import { ExternalSecretDelivery } from '../../../lib/secrets/external';
import { vaultStore } from '../../secrets/external/fixtures';
import { TestController } from '../../secrets/sealing/support/keys';

/** How many runs a property makes: FUZZ_RUNS (npm run fuzz sets a large one), else `ci`. */
export function runs(ci: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : ci;
}

/**
 * The fast-check seed: FUZZ_SEED when set; else, in a long run (FUZZ_RUNS), a fresh one; else a fixed one, so
 * CI replays the same cases. fast-check prints the seed and the failing path; repeat with FUZZ_SEED=<seed>.
 */
export const SEED = process.env.FUZZ_SEED && Number.isInteger(Number(process.env.FUZZ_SEED)) ? Number(process.env.FUZZ_SEED)
  : process.env.FUZZ_RUNS ? Math.floor(Math.random() * 2 ** 31) : 20261206;

/** fast-check parameters: the seed, `numRuns`, and on failure the shrunk case, its cause and how to repeat it. */
export function propertyOptions<T>(numRuns: number): fc.Parameters<T> {
  return {
    seed: SEED,
    numRuns,
    endOnFailure: true,
    reporter: (details) => {
      if (!details.failed) return;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`${fc.defaultReportMessage(details)}\n\nCause: ${cause}\n\nRepeat with: FUZZ_SEED=${SEED} FUZZ_RUNS=${numRuns} npx jest test/reliability`);
    },
  };
}

export type Delivery = 'out-of-band' | 'sealed' | 'external' | 'pulumi-config';

export interface SecretSpec {
  readonly name: string;
  readonly keys: readonly string[];
  /** One value per key. */
  readonly values: readonly string[];
  /** The app reads it through the Secrets API. */
  readonly read: boolean;
}

export interface ComponentSpec {
  readonly secret: number;
  readonly key: number;
}

export interface GraphSpec {
  readonly namespace: string;
  readonly appId: string;
  /** A named `secretstores.kubernetes` Component (resolved by the sidecar), else the built-in store. */
  readonly namedStore: boolean;
  readonly secrets: readonly SecretSpec[];
  readonly components: readonly ComponentSpec[];
}

const label = (max: number) => fc.stringMatching(new RegExp(`^[a-z]([-a-z0-9]{0,${max}}[a-z0-9])?$`));
const KEY = fc.stringMatching(/^[-._a-zA-Z0-9]{1,16}$/).filter((k) => k !== '.' && k !== '..');

/** The awkward part of a value: unicode, newlines, quotes, YAML syntax, base64-looking text, very long text. */
export const payload: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\n', '\r\n', '"', '\'', ':', '#', '- ', '{', '}', '[', ']', '&', '*', '!', '|', '>', '%', '@', '`', ' ', '\t', '\\', '\u00e9', '\u2028', '\u{1F511}'), maxLength: 30 }),
  fc.base64String({ maxLength: 64 }),
  fc.constantFrom('', 'null', 'true', '~', '0x1F', '1e3', '---', '...', '${HOME}', '$(id)', '%s%n'),
  fc.string({ minLength: 2000, maxLength: 5000 }),
);

// Built once: a stringMatching arbitrary is costly to build (fast-check tokenizes its shrinking slices).
const HEX16 = fc.stringMatching(/^[0-9a-f]{16}$/);

/** A value: a canary head (unique, findable in every encoding) and a random payload. */
function value(i: number, j: number): fc.Arbitrary<string> {
  return fc.tuple(HEX16, payload).map(([hex, p]) => `${CANARY_PREFIX}s${i}k${j}:${hex}${p}`);
}

function secretSpec(name: string, i: number): fc.Arbitrary<SecretSpec> {
  return fc.uniqueArray(KEY, { minLength: 1, maxLength: 3, selector: (k) => k.toUpperCase().replace(/[^A-Z0-9]/g, '_') }).chain((keys) => fc.record({
    name: fc.constant(name),
    keys: fc.constant(keys),
    values: fc.tuple(...keys.map((_, j) => value(i, j))),
    read: fc.boolean(),
  }));
}

/** A random graph: 1 to 4 secrets, 0 to 3 components, one app. */
export const graphSpec: fc.Arbitrary<GraphSpec> = fc.record({
  namespace: label(10),
  appId: label(10).map((l) => `app-${l}`),
  namedStore: fc.boolean(),
  names: fc.uniqueArray(label(10).map((l) => `s${l}`), { minLength: 1, maxLength: 4 }),
  components: fc.array(fc.record({ secret: fc.nat(), key: fc.nat() }), { maxLength: 3 }),
}).chain((g) => fc.tuple(...g.names.map((n, i) => secretSpec(n, i))).map((secrets) => ({
  namespace: g.namespace,
  appId: g.appId,
  namedStore: g.namedStore,
  secrets,
  components: g.components.map((c) => ({ secret: c.secret % secrets.length, key: c.key % secrets[c.secret % secrets.length].keys.length })),
})));

/** The values of a graph as canaries for the leak search, by `<secret>.<key>`. */
export function canariesOf(g: GraphSpec): Record<string, string> {
  return Object.fromEntries(g.secrets.flatMap((s) => s.keys.map((k, j) => [`${s.name}.${k}`, s.values[j]])));
}

/** Seals every value of the graph with `controller` into a sealed file under a fresh folder; returns the paths. */
export function sealGraph(g: GraphSpec, controller: TestController): { sealedFile: string; certificate: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-sealed-'));
  const cert = parseSealingCertificate(controller.certificatePem);
  const file: SealedFile = {
    version: SEALED_FILE_VERSION,
    entries: Object.fromEntries(g.secrets.map((s) => [sealedEntryId(g.namespace, s.name), {
      scope: SealingScope.STRICT,
      keys: Object.fromEntries(s.keys.map((k, j) => [k, {
        certificateFingerprint: cert.fingerprint,
        ciphertext: sealValue(cert, s.values[j], sealingLabel(SealingScope.STRICT, g.namespace, s.name)),
      }])),
    }])),
  };
  const sealedFile = path.join(dir, 'sealed.json');
  const certificate = path.join(dir, 'cert.pem');
  fs.writeFileSync(sealedFile, serializeSealedFile(file));
  fs.writeFileSync(certificate, controller.certificatePem);
  return { sealedFile, certificate };
}

/** Builds the graph as a cdk8s App whose secrets all use `delivery`. */
export function build(g: GraphSpec, delivery: Delivery, sealed?: { sealedFile: string; certificate: string }): App {
  const app = new App();
  const chart = new Chart(app, 'fuzz', { namespace: g.namespace });
  const named = g.namedStore ? new KubernetesSecretStore(chart, 'kubernetes-secrets') : undefined;
  const store: ISecretStore = named ?? KubernetesSecretStore.builtin(chart);
  const shared: ISecretDelivery | undefined = delivery === 'out-of-band' ? SecretDelivery.outOfBand()
    : delivery === 'sealed' ? SecretDelivery.sealed({ sealedFile: sealed!.sealedFile, certificate: sealed!.certificate })
      : delivery === 'pulumi-config' ? SecretDelivery.pulumiConfig() : undefined;
  const eso = delivery === 'external' ? vaultStore(chart, 'vault-backend') : undefined;
  const secrets = g.secrets.map((s, i) => new DeclaredSecret(chart, `secret-${i}`, {
    name: s.name,
    store,
    keys: [...s.keys],
    // A key that no component references and the app does not read stands for one read outside the program.
    externalConsumer: s.read || s.keys.every((_, j) => g.components.some((c) => c.secret === i && c.key === j)) ? undefined : 'a reader outside the program',
    delivery: shared ?? new ExternalSecretDelivery({
      store: eso!,
      remoteRefs: Object.fromEntries(s.keys.map((k) => [k, { key: `apps/${s.name}`, property: k }])),
    }),
  }));
  const components = g.components.map((c, i) => new RedisStateStore(chart, `state-${i}`, {
    redisHost: 'redis-master:6379',
    redisPassword: secrets[c.secret].keyRef(g.secrets[c.secret].keys[c.key]),
  }));
  new DaprApp(chart, 'app', {
    appId: g.appId,
    image: 'registry.example.com/app:1.0.0',
    components: named ? [named, ...components] : components,
    secretReads: secrets.filter((_, i) => g.secrets[i].read),
  });
  return app;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/**
 * The invariants over the rendered objects of a graph (from either renderer), as messages; empty when all
 * hold: every secretKeyRef, auth.secretStore, dapr.io/config and roleRef resolves; the Role grants `get`
 * on exactly the Secrets the pod's token must read (the Secrets API reads, and the references a named
 * Kubernetes store resolves in the sidecar); the Configuration denies by default and allows exactly the
 * reads; each component is scoped to the app.
 */
export function checkInvariants(g: GraphSpec, objects: any[], delivered: (name: string, key: string) => boolean): string[] {
  const problems: string[] = [];
  const of = (kind: string) => objects.filter((o) => o?.kind === kind && o.metadata?.namespace === g.namespace);
  const declared = new Map(g.secrets.map((s) => [s.name, s]));
  const components = of('Component');
  const storeComponents = new Map(components.filter((c) => String(c.spec?.type).startsWith('secretstores.')).map((c) => [c.metadata.name, c]));
  const appComponents = components.filter((c) => c.spec?.type === 'state.redis');
  if (appComponents.length !== g.components.length) problems.push(`expected ${g.components.length} state stores, got ${appComponents.length}`);

  const sidecarResolved: string[] = [];
  for (const c of appComponents) {
    const storeName = c.auth?.secretStore ?? 'kubernetes';
    if (storeName !== 'kubernetes' && !storeComponents.has(storeName)) problems.push(`${c.metadata.name}: auth.secretStore ${storeName} is no secret store`);
    if (JSON.stringify(c.scopes) !== JSON.stringify([g.appId])) problems.push(`${c.metadata.name}: scopes ${JSON.stringify(c.scopes)}, expected [${g.appId}]`);
    for (const m of c.spec?.metadata ?? []) {
      if (!m.secretKeyRef) continue;
      const { name, key } = m.secretKeyRef;
      if (!declared.get(name)?.keys.includes(key)) problems.push(`${c.metadata.name}: secretKeyRef ${name}/${key} is not declared`);
      else if (!delivered(name, key)) problems.push(`${c.metadata.name}: secretKeyRef ${name}/${key} is not delivered`);
      if (storeComponents.get(storeName)?.spec?.type === 'secretstores.kubernetes') sidecarResolved.push(name);
    }
  }

  const reads = g.secrets.filter((s) => s.read).map((s) => s.name);
  const roles = of('Role').filter((r) => (r.rules ?? []).some((rule: any) => (rule.resources ?? []).includes('secrets')));
  const granted = roles.flatMap((r) => r.rules.flatMap((rule: any) => rule.resourceNames ?? ['<every secret>']));
  const expected = sorted([...reads, ...sidecarResolved]);
  if (JSON.stringify(sorted(granted)) !== JSON.stringify(expected)) problems.push(`Role resourceNames ${JSON.stringify(sorted(granted))}, expected ${JSON.stringify(expected)}`);
  for (const r of roles) {
    for (const rule of r.rules) if (JSON.stringify(rule.verbs) !== '["get"]') problems.push(`Role ${r.metadata.name} verbs ${JSON.stringify(rule.verbs)}`);
  }
  const roleNames = new Set(of('Role').map((r) => r.metadata.name));
  const serviceAccounts = new Set(of('ServiceAccount').map((a) => a.metadata.name));
  for (const b of of('RoleBinding')) {
    if (!roleNames.has(b.roleRef?.name)) problems.push(`RoleBinding ${b.metadata.name}: roleRef ${b.roleRef?.name} does not exist`);
    for (const s of b.subjects ?? []) if (s.kind === 'ServiceAccount' && !serviceAccounts.has(s.name)) problems.push(`RoleBinding ${b.metadata.name}: subject ${s.name} does not exist`);
  }

  const deployment = of('Deployment').find((d) => d.metadata.name === g.appId);
  const account = deployment?.spec?.template?.spec?.serviceAccountName;
  if (account !== undefined && !serviceAccounts.has(account)) problems.push(`Deployment ${g.appId}: serviceAccountName ${account} does not exist`);
  const configName = deployment?.spec?.template?.metadata?.annotations?.['dapr.io/config'];
  const config = of('Configuration').find((c) => c.metadata.name === configName);
  if (!config) {
    problems.push(`dapr.io/config ${configName} names no Configuration`);
  } else {
    const scopes: any[] = config.spec?.secrets?.scopes ?? [];
    for (const s of scopes) if (s.defaultAccess !== 'deny') problems.push(`scope ${s.storeName}: defaultAccess ${s.defaultAccess}`);
    if (!scopes.some((s) => s.storeName === 'kubernetes')) problems.push('the built-in kubernetes store has no scope');
    const allowed = sorted(scopes.flatMap((s) => s.allowedSecrets ?? []));
    for (const name of allowed) if (!declared.has(name)) problems.push(`allowedSecrets names ${name}, which is not declared`);
    if (JSON.stringify(allowed) !== JSON.stringify(sorted(reads))) problems.push(`allowedSecrets ${JSON.stringify(allowed)}, expected ${JSON.stringify(sorted(reads))}`);
    const readStore = g.namedStore ? 'kubernetes-secrets' : 'kubernetes';
    for (const s of scopes) {
      if (s.storeName !== readStore && (s.allowedSecrets ?? []).length > 0) problems.push(`scope ${s.storeName} allows ${JSON.stringify(s.allowedSecrets)} though the app reads only through ${readStore}`);
    }
  }
  return problems;
}
