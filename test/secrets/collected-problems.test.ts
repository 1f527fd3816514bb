import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { DaprApp, DeclaredSecret, KubernetesSecretStore, SecretDelivery } from '../../lib';
import { collectProblems, COLLECT_PROBLEMS_ENV } from '../../lib/core/errors';
import { envVarName } from '../../lib/core/names';
import { makeCanary } from '../../lib/scan';
import { EsoProvider, ExternalSecretDelivery, ExternalSecretStore, VaultAuth } from '../../lib/secrets/external';
import { SealedSecretDelivery } from '../../lib/secrets/sealed';
import { SealingScope } from '../../lib/secrets/sealing';
import { HashicorpVaultSecretStore, LocalFileSecretStore } from '../../lib/secrets/stores';
import { renderApp } from '../../lib/synth/synthesize';
import { tempDir } from './sealed/support/sealed';

/** The field each `[path] field: ...` message is about. */
const fields = (messages: string[]) => messages.map((m) => /^\[[^\]]+\] ([^:]+):/.exec(m)?.[1]);

/** Builds `fn` in a fresh chart with problems collected; returns what `refuse` recorded. */
function recordedBy(fn: (chart: Chart) => void): { messages: string[]; chart: Chart } {
  const chart = new Chart(new App(), 'shop', { namespace: 'shop' });
  const recorded: Error[] = [];
  collectProblems(() => fn(chart), recorded);
  return { messages: recorded.map((e) => e.message), chart };
}

/** The message renderApp (what synth runs) fails with. */
function renderError(app: App): string {
  try {
    renderApp(app);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('renderApp did not fail');
}

/** Every rendered object of the chart, as JSON, whether or not the app would synthesize. */
function renderedObjects(chart: Chart): string {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => JSON.stringify(o.toJson())).join('\n');
}

/**
 * A program with one mistake of each kind in its secrets, and a canary wherever a value could slip in: in
 * a prop DeclaredSecret does not have, an option and a remote reference field ExternalSecretDelivery does
 * not have, and the user info of a provider URL.
 */
function buildSecretMistakes(chart: Chart, canary: string, sealedFile: string): void {
  new DeclaredSecret(chart, 'Redis_Password', { keys: ['password'] });
  const db = new DeclaredSecret(chart, 'db', { keys: ['password', 'bad key!', 'password'], password: canary } as any);
  new KubernetesSecretStore(chart, 'kubernetes');
  new DeclaredSecret(chart, 'cert', { keys: ['tls.crt', 'tls.key'], delivery: SecretDelivery.sealed({ sealedFile, scope: 'everywhere' as SealingScope }) });
  new DeclaredSecret(chart, 'api', { keys: ['token'], delivery: SecretDelivery.outOfBand({ envVars: { token: '1TOKEN' } }) });
  const vaultToken = new DeclaredSecret(chart, 'vault-token', { keys: ['token'] });
  const eso = new ExternalSecretStore(chart, 'vault-backend', {
    provider: EsoProvider.vault({ server: `https://root:${canary.split(':').pop()}@vault.example.com`, auth: VaultAuth.token(vaultToken.keyRef('token')) }),
  });
  new DeclaredSecret(chart, 'payments', {
    keys: ['key'],
    delivery: new ExternalSecretDelivery({
      store: eso,
      remoteRefs: { key: { key: 'shop/payments', value: canary } as any },
      refreshInterval: '1h',
      password: canary,
    } as any),
  });
  new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr: 'vault:8200', vaultTokenMountPath: '/var/run/secrets/vault/token' });
  new LocalFileSecretStore(chart, 'local', { secretsFile: 'secrets.json' });
  // The program goes on after its mistakes: references to its keys, including the refused one, still work.
  const app = new DaprApp(chart, 'api-app', { appId: 'api', image: 'ghcr.io/example/api:1.0.0' } as any);
  db.grantRead(app);
  db.keyRef('bad key!');
  db.grantRead(chart as any);
}

/** Each mistake of `buildSecretMistakes`, in the order the program makes them. */
const MISTAKES: Array<[path: string, field: string, problem: string]> = [
  ['shop/Redis_Password', 'name', 'store "kubernetes" cannot hold a secret named "Redis_Password"'],
  ['shop/db', 'password', 'DeclaredSecret has no prop "password"'],
  ['shop/db', 'keys', '"bad key!" is not a valid Secret key'],
  ['shop/db', 'keys', 'key "password" is declared twice'],
  ['shop/kubernetes', 'name', 'daprd already creates a store named "kubernetes" in every namespace'],
  ['shop/cert', 'delivery.scope', '"everywhere" is not a sealing scope'],
  ['shop/api', 'delivery.envVars.token', '"1TOKEN" is not a shell variable name'],
  ['shop/vault-backend', 'spec.provider.vault.server', 'the URL carries user info'],
  ['shop/payments', 'delivery.password', 'external delivery has no option "password"'],
  ['shop/payments', 'delivery.remoteRefs.key.value', 'a remote reference has no field "value"'],
  ['shop/payments', 'delivery.refreshInterval', 'expected a non-negative cdk8s Duration, got "1h"'],
  ['shop/vault', 'vaultAddr', '"vault:8200" is not an http(s) URL'],
  ['shop/local', 'secretsFile', '"secrets.json" is not an absolute path'],
  ['shop/db', 'grantRead', '"shop" cannot read secrets through the Dapr Secrets API'],
];

describe('secrets built with problems collected (the CLI)', () => {
  const saved = new Map<string, string | undefined>();
  let canary: string;
  let sealedFile: string;

  beforeEach(() => {
    canary = makeCanary('collected-secrets');
    sealedFile = path.join(tempDir('collected-secrets-'), 'sealed.json');
    // The variables create-secrets.sh would read the values from: nothing of the program may read them.
    for (const name of [envVarName('db', 'password'), envVarName('api', 'token'), '1TOKEN']) {
      saved.set(name, process.env[name]);
      process.env[name] = canary;
    }
  });

  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    saved.clear();
  });

  test('without collectProblems (the library) the first mistake throws, as before', () => {
    const chart = new Chart(new App(), 'shop', { namespace: 'shop' });
    expect(() => buildSecretMistakes(chart, canary, sealedFile)).toThrow(
      /^\[shop\/Redis_Password\] name: store "kubernetes" cannot hold a secret named "Redis_Password": .* Fix: use a name such as "redis-password"$/,
    );
    expect(process.env[COLLECT_PROBLEMS_ENV]).toBeUndefined();
  });

  test('every mistake is recorded with path, field and fix; the program builds to its end', () => {
    const { messages } = recordedBy((c) => buildSecretMistakes(c, canary, sealedFile));
    expect(messages).toHaveLength(MISTAKES.length);
    MISTAKES.forEach(([p, field, problem], i) => {
      expect(messages[i].startsWith(`[${p}] ${field}: `)).toBe(true);
      expect(messages[i]).toContain(problem);
      expect(messages[i]).toMatch(/\. Fix: \S/);
    });
  });

  test('synth then fails listing every one of them, and the canary is in no message and no rendered object', () => {
    const { messages, chart } = recordedBy((c) => buildSecretMistakes(c, canary, sealedFile));
    const error = renderError(chart.node.root as App);
    expect(error).toMatch(/^Validation failed with the following errors:\n/);
    for (const m of messages) expect(error).toContain(`\n  ${m}`);
    const hex = canary.split(':').pop()!;
    for (const text of [error, ...messages, renderedObjects(chart)]) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(hex);
    }
  });

  test('refused values are left out of what the constructs hold and render', () => {
    const { chart } = recordedBy((c) => buildSecretMistakes(c, canary, sealedFile));
    const find = <T>(id: string) => chart.node.findChild(id) as T;
    const bad = find<DeclaredSecret>('Redis_Password');
    expect(bad.secretName).toBe('redis-password');
    expect(find<DeclaredSecret>('db').keys).toEqual(['password']);
    const cert = find<DeclaredSecret>('cert');
    expect((cert.delivery as SealedSecretDelivery).scope).toBe(SealingScope.STRICT);
    expect((cert.node.findChild('SealedSecret') as ApiObject).toJson().metadata.annotations).toBeUndefined();
    expect((find<DeclaredSecret>('api').delivery as any).envVarFor(find<DeclaredSecret>('api'), 'token')).toBe('API_TOKEN');
    const externalSecret = (find<DeclaredSecret>('payments').node.findChild('ExternalSecret') as ApiObject).toJson();
    expect(externalSecret.spec.refreshInterval).toBe('1h');
    expect(externalSecret.spec.data).toEqual([{ secretKey: 'key', remoteRef: { key: 'shop/payments' } }]);
    const esoStore = (find<ExternalSecretStore>('vault-backend').apiObject).toJson();
    expect(esoStore.spec.provider.vault.server).toBeUndefined();
    const vault = find<HashicorpVaultSecretStore>('vault');
    expect(vault.metadataValue('vaultAddr')).toBeUndefined();
    expect(vault.metadataValue('vaultTokenMountPath')).toBe('/var/run/secrets/vault/token');
    expect(find<LocalFileSecretStore>('local').metadataValue('secretsFile')).toBeUndefined();
  });

  test('with one mistake fixed, that one is no longer reported', () => {
    const { messages } = recordedBy((c) => {
      new DeclaredSecret(c, 'db', { keys: ['password', 'password'] });
      new DeclaredSecret(c, 'cache', { keys: ['password'] });
    });
    expect(fields(messages)).toEqual(['keys']);
  });

  test('what cannot go on still stops the build: a secret without keys, and keyRef of a key never given', () => {
    expect(() => recordedBy((c) => new DeclaredSecret(c, 'db', { keys: [] }))).toThrow('[shop/db] keys: secret "db" declares no keys');
    expect(() => recordedBy((c) => new DeclaredSecret(c, 'db', { keys: ['password'] }).keyRef('pasword'))).toThrow(
      '[shop/db] keyRef: secret "db" declares no key "pasword" (declared: password)',
    );
  });
});
