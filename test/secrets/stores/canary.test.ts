import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { DeclaredSecret, OutOfBandDelivery, renderApp, synthesize, validateManifests } from '../../../lib';
import { envVarName } from '../../../lib/core/names';
import { findLeaks, formatFindings, makeCanary, scanTree } from '../../../lib/scan';
import { LocalEnvSecretStore } from '../../../lib/secrets/stores';
import { buildScenarioApp, STORE_FILES, STORE_SCENARIOS, StoreScenario } from './scenarios';

/** Variables the stores' own SDKs read credentials from, in case anything picked them up. */
const SDK_VARIABLES = [
  'VAULT_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', 'GOOGLE_APPLICATION_CREDENTIALS',
];

function canaryLabel(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'canary';
}

/**
 * Canaries for one scenario: in process.env under every variable a careless implementation could read
 * (the out-of-band variables of the store's credentials, the SDKs' variables, the variables a
 * LocalEnvSecretStore reads, variables derived from the store-managed secrets' names), and in every file
 * the stores point at, written in `dir`.
 */
function plantCanaries(scenario: StoreScenario, dir: string): { canaries: Record<string, string>; env: Record<string, string> } {
  const canaries: Record<string, string> = {};
  const env: Record<string, string> = {};
  const inEnv = (variable: string) => {
    if (env[variable] !== undefined) return;
    canaries[`env ${variable}`] = makeCanary(canaryLabel(`env-${variable}`));
    env[variable] = canaries[`env ${variable}`];
  };
  const inFile = (file: string) => {
    canaries[`file ${file}`] = makeCanary(canaryLabel(`file-${file}`));
    return canaries[`file ${file}`];
  };

  fs.writeFileSync(path.join(dir, STORE_FILES.vaultToken), inFile(STORE_FILES.vaultToken));
  fs.writeFileSync(path.join(dir, STORE_FILES.vaultCa), inFile(STORE_FILES.vaultCa));
  fs.writeFileSync(path.join(dir, STORE_FILES.azureCertificate), inFile(STORE_FILES.azureCertificate));
  // The local file store's JSON, holding the values under the names the scenario declares.
  const redis = makeCanary('file-redis-password');
  const notification = makeCanary('file-notification-api-key');
  canaries['file secrets.json redis:password'] = redis;
  canaries['file secrets.json notification:api-key'] = notification;
  fs.writeFileSync(path.join(dir, STORE_FILES.localSecrets), JSON.stringify({ redis: { password: redis }, notification: { 'api-key': notification } }, null, 2));

  const probe = buildScenarioApp(scenario, dir);
  const secrets = probe.app.node.findAll().filter(DeclaredSecret.isDeclaredSecret);
  for (const s of secrets) {
    if (s.delivery instanceof OutOfBandDelivery) {
      for (const key of s.keys) inEnv(s.delivery.envVarFor(s, key));
    } else {
      inEnv(envVarName(s.secretName));
      for (const key of s.keys) inEnv(envVarName(s.secretName, key));
    }
  }
  for (const store of probe.app.node.findAll().filter((c): c is LocalEnvSecretStore => c instanceof LocalEnvSecretStore)) {
    for (const s of store.declaredSecrets) {
      inEnv(store.variableFor(s.secretName));
      inEnv(s.secretName);
    }
  }
  SDK_VARIABLES.forEach(inEnv);
  return { canaries, env };
}

describe.each(STORE_SCENARIOS.map((s) => [s.title, s] as const))('canaries: %s', (_title, scenario) => {
  test('no canary from the environment or from the files the store points at appears in any output, in any encoding', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-canary-files-'));
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-canary-')), 'dist');
    const { canaries, env } = plantCanaries(scenario, dir);
    if (scenario.type === 'secretstores.local.env') {
      // The very variables daprd would read for the declared secrets are planted.
      const store = buildScenarioApp(scenario, dir).store as LocalEnvSecretStore;
      expect(env[store.variableFor(scenario.componentSecret.name)]).toBeDefined();
      expect(env[store.variableFor(scenario.readSecret.name)]).toBeDefined();
    }
    for (const s of scenario.credentialSecrets) expect(Object.keys(env).some((v) => v.startsWith(envVarName(s)))).toBe(true);

    const saved = { ...process.env };
    Object.assign(process.env, env);
    let rendered;
    try {
      rendered = renderApp(buildScenarioApp(scenario, dir).app);
      synthesize(buildScenarioApp(scenario, dir).app, { outdir: out });
    } finally {
      process.env = saved;
    }

    const files = fs.readdirSync(out).sort();
    expect(files).toEqual(scenario.credentialSecrets.length > 0
      ? ['create-secrets.sh', 'kustomization.yaml', 'task-api.k8s.yaml']
      : ['kustomization.yaml', 'task-api.k8s.yaml']);
    const leaks = scanTree(out, canaries);
    expect(formatFindings(leaks)).toBe(formatFindings([]));
    expect(leaks).toEqual([]);
    for (const file of rendered) expect({ file: file.path, leaks: findLeaks(file.content, canaries) }).toEqual({ file: file.path, leaks: [] });

    // The output is the real thing: valid objects, the store, and the reference by name only.
    const objects = parseAllDocuments(fs.readFileSync(path.join(out, 'task-api.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    expect(validateManifests(objects)).toEqual([]);
    expect(objects.find((o) => o.kind === 'Component' && o.spec.type === scenario.type)).toBeDefined();
    const statestore = objects.find((o) => o.kind === 'Component' && o.metadata.name === 'statestore');
    expect(statestore.spec.metadata.find((m: any) => m.name === 'redisPassword').secretKeyRef.name).toBe(scenario.componentSecret.name);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);

    // Control: the same scan over a copy of this output with canaries planted in it does find them.
    const control = fs.mkdtempSync(path.join(os.tmpdir(), 'store-canary-control-'));
    for (const f of files) fs.copyFileSync(path.join(out, f), path.join(control, f));
    const [first, second, third] = Object.keys(canaries);
    fs.appendFileSync(path.join(control, 'task-api.k8s.yaml'), `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\ndata:\n  value: ${Buffer.from(canaries[first]).toString('base64')}\n`);
    fs.writeFileSync(path.join(control, 'leak.json'), JSON.stringify({ value: canaries[second] }));
    fs.writeFileSync(path.join(control, 'leak.url'), `https://example.test/?token=${encodeURIComponent(canaries[third])}`);
    const found = scanTree(control, canaries).map((l) => `${l.file} ${l.canary} ${l.encoding}`);
    expect(found).toEqual([`leak.json ${second} json`, `leak.url ${third} url`, `task-api.k8s.yaml ${first} base64`]);
  });
});
