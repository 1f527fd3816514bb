import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { taskApiStages } from '../../app/stages';
import { synthesizeStages } from '../../lib';
import { findLeaks, makeCanary, scanTree } from '../../lib/scan';
import { emptySealedFile, readSealedFile, serializeSealedFile } from '../../lib/secrets/sealed/sealed-file';
import { parseSealingCertificate, SealingScope, sealingLabel } from '../../lib/secrets/sealing';
import { CliRun, runCli, tempDir } from '../secrets/sealed/support/sealed';
import { rsaController, TestController } from '../secrets/sealing/support/keys';
import { unsealValue, unsealValueWebCrypto } from '../secrets/sealing/support/unseal';
import { REPO } from '../support/project-copy';
import { validateUpstream } from '../validation/support/upstream';

/**
 * The reference app's sealed output, end to end and in-process: in a scratch project whose package.json
 * names the reference program (as the repository's does), with the example certificate (whose private key
 * was discarded) replaced by one generated here, seal the six reference keys through the CLI's main(), run
 * the reference synth, and decrypt every `encryptedData` entry of the SealedSecrets with the private key,
 * which exists only in this process's memory. bin/dapr-secure.js and `npm run synth` as child processes
 * are covered once each, by test/cli/seal.test.ts and test/cli/synth-command.test.ts.
 */

/** The reference app's sealed keys, by secret (all in namespace `default`, scope strict). */
const REFERENCE_KEYS: Readonly<Record<string, readonly string[]>> = {
  'api-credentials': ['api-key', 'api-secret'],
  'redis-password': ['password'],
  'notification-api': ['api-key'],
  'kafka-credentials': ['username', 'password'],
};
const NAMESPACE = 'default';
const pairs = Object.entries(REFERENCE_KEYS).flatMap(([secret, keys]) => keys.map((key) => ({ secret, key, id: `${secret}/${key}` })));

let dir: string;
let controller: TestController;
/** Canary values by `<secret>/<key>`. */
let values: Record<string, string>;
let seals: Array<{ id: string; run: CliRun }>;
/** What the synth wrote, relative to dist/. */
let written: string[];
let sealedSecrets: any[];

/** Runs `fn` with `cwd` as the current directory, as `npm run synth` runs main.ts from the project folder. */
function inDirectory<T>(cwd: string, fn: () => T): T {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return fn();
  } finally {
    process.chdir(previous);
  }
}

beforeAll(async () => {
  dir = tempDir('roundtrip-');
  const app = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'))['dapr-secure'].app as string;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'roundtrip', 'dapr-secure': { app: path.join(REPO, app) } }));
  controller = rsaController();
  fs.mkdirSync(path.join(dir, 'secrets'));
  fs.writeFileSync(path.join(dir, 'secrets', 'sealing-cert.pem'), controller.certificatePem);
  // The committed ciphertext was sealed for the example certificate; start from a file with no entries.
  fs.writeFileSync(path.join(dir, 'secrets', 'sealed.json'), serializeSealedFile(emptySealedFile()));

  values = Object.fromEntries(pairs.map((p) => [p.id, makeCanary(`${p.secret}-${p.key}`)]));
  // One at a time: each run rewrites secrets/sealed.json. Half of the values arrive with the trailing
  // newline `echo` would add, which seal removes.
  seals = [];
  for (const [i, p] of pairs.entries()) {
    const run = await runCli(['seal', '--cert', 'secrets/sealing-cert.pem', '--namespace', NAMESPACE, '--secret', p.secret, '--key', p.key],
      { cwd: dir, stdin: i % 2 === 0 ? values[p.id] : `${values[p.id]}\n` });
    seals.push({ id: p.id, run });
  }
  const files = inDirectory(dir, () => synthesizeStages(taskApiStages(), { outdir: 'dist' }).files);
  written = files.map((f) => f.path);
  sealedSecrets = files.flatMap((f) => (f.path.endsWith('.yaml') ? parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', f.path), 'utf8')).map((d) => d.toJS()) : []))
    .filter((o) => o?.kind === 'SealedSecret');
});

/** The SealedSecret named `name`. */
function sealedSecret(name: string): any {
  const found = sealedSecrets.find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no SealedSecret ${name} among ${sealedSecrets.map((o) => o.metadata.name).join(', ')}`);
  return found;
}

describe('the sealed reference output decrypts', () => {
  test('seal sealed each of the six keys against the program, into secrets/sealed.json with the new certificate', () => {
    const fingerprint = parseSealingCertificate(controller.certificatePem).fingerprint;
    for (const { id, run } of seals) {
      const [secret, key] = id.split('/');
      expect({ id, code: run.code, stderr: run.stderr }).toEqual({ id, code: 0, stderr: '' });
      expect(run.stdout).toBe(`sealed key "${key}" of ${NAMESPACE}/${secret} (scope strict, certificate sha256:${fingerprint.slice(0, 16)}…) into secrets/sealed.json\n`);
    }
    const sealed = readSealedFile(path.join(dir, 'secrets', 'sealed.json'));
    expect(Object.keys(sealed.entries).sort()).toEqual(Object.keys(REFERENCE_KEYS).map((s) => `${NAMESPACE}/${s}`).sort());
    for (const [secret, keys] of Object.entries(REFERENCE_KEYS)) {
      const entry = sealed.entries[`${NAMESPACE}/${secret}`];
      expect(entry.scope).toBe(SealingScope.STRICT);
      expect(Object.keys(entry.keys).sort()).toEqual([...keys].sort());
      for (const k of keys) expect(entry.keys[k].certificateFingerprint).toBe(fingerprint);
    }
  });

  test('the reference synth succeeds in the project and writes one strict SealedSecret per secret, holding exactly the sealed ciphertext', () => {
    expect(written).toContain('prod/task-api.k8s.yaml');
    expect(sealedSecrets.map((o) => o.metadata.name).sort()).toEqual(Object.keys(REFERENCE_KEYS).sort());
    const sealed = readSealedFile(path.join(dir, 'secrets', 'sealed.json'));
    for (const [secret, keys] of Object.entries(REFERENCE_KEYS)) {
      const obj = sealedSecret(secret);
      expect(obj.metadata.namespace).toBe(NAMESPACE);
      // strict: no namespace-wide or cluster-wide annotation, only the Argo CD sync wave
      expect(obj.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
      expect(obj.spec.template.metadata).toMatchObject({ name: secret, namespace: NAMESPACE });
      expect(Object.keys(obj.spec.encryptedData).sort()).toEqual([...keys].sort());
      for (const k of keys) expect(obj.spec.encryptedData[k]).toBe(sealed.entries[`${NAMESPACE}/${secret}`].keys[k].ciphertext);
    }
  });

  test('every encryptedData entry decrypts with the private key and the strict label to the value sealed (Node crypto and WebCrypto)', async () => {
    const decrypted: Record<string, string> = {};
    for (const obj of sealedSecrets) {
      const label = sealingLabel(SealingScope.STRICT, obj.metadata.namespace, obj.metadata.name);
      expect(label).toBe(`${NAMESPACE}/${obj.metadata.name}`);
      for (const [key, ciphertext] of Object.entries<string>(obj.spec.encryptedData)) {
        const plain = unsealValue(controller.privateKey, ciphertext, label).toString('utf8');
        expect((await unsealValueWebCrypto(controller.privateKey, ciphertext, label)).toString('utf8')).toBe(plain);
        decrypted[`${obj.metadata.name}/${key}`] = plain;
      }
    }
    // Compared by name, never printed: a mismatch shows which key, not the canary.
    expect(Object.keys(decrypted).sort()).toEqual(pairs.map((p) => p.id).sort());
    for (const p of pairs) expect({ key: p.id, matches: decrypted[p.id] === values[p.id] }).toEqual({ key: p.id, matches: true });
  });

  test('decrypting with another name, another namespace or a wider scope label fails', () => {
    for (const obj of sealedSecrets) {
      const name: string = obj.metadata.name;
      const otherName = Object.keys(REFERENCE_KEYS).find((s) => s !== name)!;
      for (const [key, ciphertext] of Object.entries<string>(obj.spec.encryptedData)) {
        for (const label of [`${NAMESPACE}/${otherName}`, `kube-system/${name}`, `${NAMESPACE}/${name}-x`, sealingLabel(SealingScope.NAMESPACE_WIDE, NAMESPACE, name), sealingLabel(SealingScope.CLUSTER_WIDE, NAMESPACE, name)]) {
          expect({ secret: `${name}/${key}`, label, decrypts: decrypts(ciphertext, label) }).toEqual({ secret: `${name}/${key}`, label, decrypts: false });
        }
      }
    }
  });

  test('no canary appears in any file of the project\'s dist/ or secrets/, or in any seal output, in any encoding', () => {
    const canaries = Object.fromEntries(Object.entries(values).map(([id, v]) => [id.replace('/', '.'), v]));
    // Positive control: the scanner finds a canary planted in a file, base64-encoded as in a Secret's data.
    const planted = tempDir('roundtrip-control-');
    fs.writeFileSync(path.join(planted, 'secret.yaml'), `data:\n  password: ${Buffer.from(values['redis-password/password']).toString('base64')}\n`);
    expect(scanTree(planted, canaries).map((l) => l.canary)).toEqual(['redis-password.password']);

    expect(fs.readdirSync(path.join(dir, 'dist', 'prod')).sort()).toEqual(['ACCESS.md', 'kustomization.yaml', 'namespace.k8s.yaml', 'task-api.k8s.yaml']);
    expect(scanTree(path.join(dir, 'dist'), canaries)).toEqual([]);
    expect(scanTree(path.join(dir, 'secrets'), canaries)).toEqual([]);
    const outputs = seals.flatMap(({ run }) => [run.stdout, run.stderr]).join('\n');
    expect(findLeaks(outputs, canaries)).toEqual([]);
  });

  test('the SealedSecrets synthesized from real ciphertext validate against the upstream schema', () => {
    const results = validateUpstream(sealedSecrets);
    expect(results.map((r) => [r.name, r.validator, r.valid, r.errors])).toEqual(sealedSecrets.map((o) => [o.metadata.name, 'bitnami.com/v1alpha1/SealedSecret', true, []]));
  });
});

/** Whether `ciphertext` decrypts under `label` (RSA-OAEP binds the label; a wrong one fails to unwrap). */
function decrypts(ciphertext: string, label: string): boolean {
  try {
    unsealValue(controller.privateKey, ciphertext, label);
    return true;
  } catch {
    return false;
  }
}
