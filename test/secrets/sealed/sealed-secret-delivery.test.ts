import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { TaskApiChart } from '../../../app/task-api';
import {
  DaprApp, DeclaredSecret, KubernetesSecretStore, renderApp, SECRETS_FINGERPRINT_ANNOTATION, SealingScope, validateManifests,
} from '../../../lib';
import { parseSealingCertificate, sealingLabel, sealValue } from '../../../lib/secrets/sealing';
import { SealedSecretDelivery } from '../../../lib/secrets/sealed/sealed-secret-delivery';
import { readSealedFile, withSealedKey, writeSealedFile, emptySealedFile, SealedFile } from '../../../lib/secrets/sealed/sealed-file';
import { findObject, synthErrors, VaultLikeStore } from '../../support/chart';
import { REPO } from '../../support/project-copy';
import { randomValue } from '../sealing/support/keys';
import { unsealValue } from '../sealing/support/unseal';
import { controllerIn, fakeCiphertext, fakeFingerprint, tempDir, writeFakeSealedFile } from './support/sealed';

/**
 * A chart in `namespace` with a Kubernetes store, secret `db` delivered sealed from `file`, and app `orders`
 * that reads `db` through the Secrets API (so it loads the store; a component no app loads fails synth).
 */
function sealedChart(file: string, options: { namespace?: string; keys?: string[]; scope?: SealingScope; certificate?: string; type?: string; labels?: Record<string, string> } = {}) {
  const chart = new Chart(Testing.app(), 'test', { namespace: options.namespace ?? 'shop' });
  const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
  const delivery = new SealedSecretDelivery({ sealedFile: file, scope: options.scope, certificate: options.certificate });
  const secret = new DeclaredSecret(chart, 'db', { store, keys: options.keys ?? ['username', 'password'], delivery, type: options.type, labels: options.labels });
  const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', secretReads: [secret] });
  return { chart, store, delivery, secret, app };
}

function sealedSecretOf(chart: Chart, name = 'db'): any {
  return findObject(Testing.synth(chart), 'SealedSecret', name);
}

describe('SealedSecretDelivery', () => {
  test('renders one SealedSecret from the sealed file: ciphertext per declared key, template with name, namespace, labels and type', () => {
    const file = path.join(tempDir(), 'sealed.json');
    writeFakeSealedFile(file, { 'shop/db': { keys: ['username', 'password'] }, 'shop/other': { keys: ['x'] } });
    const { chart, secret, delivery } = sealedChart(file, { type: 'kubernetes.io/basic-auth', labels: { 'app.kubernetes.io/part-of': 'shop' } });
    expect(delivery.kind).toBe('sealed');
    expect(delivery.createsKubernetesSecret).toBe(true);
    expect(delivery.sealedFile).toBe(file);
    expect(delivery.scope).toBe(SealingScope.STRICT);
    expect(secret.node.findChild('SealedSecret')).toBeDefined();

    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Component/kubernetes-secrets', 'SealedSecret/db',
      'Configuration/orders-config', 'ServiceAccount/orders', 'Deployment/orders', 'NetworkPolicy/orders', 'Role/orders-secret-reader', 'RoleBinding/orders-secret-reader',
    ]);
    const sealed = findObject(objects, 'SealedSecret', 'db');
    expect(sealed).toEqual({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'db', namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } },
      spec: {
        encryptedData: { password: fakeCiphertext('shop/db:password'), username: fakeCiphertext('shop/db:username') },
        template: {
          metadata: { name: 'db', namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } },
          type: 'kubernetes.io/basic-auth',
        },
      },
    });
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(['password', 'username']);
    expect(validateManifests(objects)).toEqual([]);
    expect(objects).toMatchSnapshot();
  });

  test.each([
    [SealingScope.NAMESPACE_WIDE, { 'sealedsecrets.bitnami.com/namespace-wide': 'true' }],
    [SealingScope.CLUSTER_WIDE, { 'sealedsecrets.bitnami.com/cluster-wide': 'true' }],
  ])('%s scope: the scope annotation is on the SealedSecret and on its template', (scope, annotations) => {
    const file = path.join(tempDir(), 'sealed.json');
    writeFakeSealedFile(file, { 'shop/db': { scope, keys: ['password'] } });
    const { chart } = sealedChart(file, { scope, keys: ['password'] });
    const objects = Testing.synth(chart);
    const sealed = findObject(objects, 'SealedSecret', 'db');
    expect(sealed.metadata.annotations).toEqual(annotations);
    expect(sealed.spec.template.metadata).toEqual({ name: 'db', namespace: 'shop', annotations });
    expect(sealed.spec.template.type).toBe('Opaque');
    expect(validateManifests(objects)).toEqual([]);
  });

  test.each([SealingScope.STRICT, SealingScope.NAMESPACE_WIDE, SealingScope.CLUSTER_WIDE])(
    '%s scope: every synthesized value decrypts with the controller key and the label of the SealedSecret, and with no other label',
    (scope) => {
      const dir = tempDir();
      const controller = controllerIn(dir);
      const cert = parseSealingCertificate(controller.certificatePem);
      const values: Record<string, string> = { username: randomValue(), password: randomValue() };
      let sealedFile: SealedFile = emptySealedFile();
      for (const [key, value] of Object.entries(values)) {
        sealedFile = withSealedKey(sealedFile, {
          namespace: 'shop', name: 'db', key, scope, certificateFingerprint: cert.fingerprint, ciphertext: sealValue(cert, value, sealingLabel(scope, 'shop', 'db')),
        });
      }
      const file = path.join(dir, 'sealed.json');
      writeSealedFile(file, sealedFile);
      const sealed = sealedSecretOf(sealedChart(file, { scope }).chart);
      const label = sealingLabel(scope, sealed.metadata.namespace, sealed.metadata.name);
      for (const [key, value] of Object.entries(values)) {
        expect(unsealValue(controller.privateKey, sealed.spec.encryptedData[key], label).toString('utf8')).toBe(value);
        for (const wrong of ['shop/other', 'other/db', 'shop', 'other', ''].filter((l) => l !== label)) {
          expect(() => unsealValue(controller.privateKey, sealed.spec.encryptedData[key], wrong)).toThrow();
        }
      }
    },
  );

  test('output is deterministic and synth never changes the sealed file', () => {
    const file = path.join(tempDir(), 'sealed.json');
    writeFakeSealedFile(file, { 'shop/db': { keys: ['username', 'password'] } });
    const before = fs.readFileSync(file, 'utf8');
    const render = () => {
      const app = new App();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
      const secret = new DeclaredSecret(chart, 'db', { store, keys: ['username', 'password'], delivery: new SealedSecretDelivery({ sealedFile: file }) });
      new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', secretReads: [secret] });
      return renderApp(app);
    };
    const first = render();
    expect(render()).toEqual(first);
    expect(first.map((f) => f.path)).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('a relative sealedFile resolves against the current directory', () => {
    expect(new SealedSecretDelivery({ sealedFile: 'secrets/x.json' }).sealedFile).toBe(path.join(process.cwd(), 'secrets', 'x.json'));
    expect(new SealedSecretDelivery().sealedFile).toBe(path.join(process.cwd(), 'secrets', 'sealed.json'));
  });
});

describe('synth-time errors name the construct, the secret, the key and the exact fix command', () => {
  test('a declared key missing from the file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sealed.json');
    writeFakeSealedFile(file, { 'shop/db': { keys: ['username'] } });
    const errors = synthErrors(sealedChart(file).chart);
    expect(errors).toContain(
      `[test/db] keys[password]: no sealed value for key "password" of secret "shop/db" in ${file}. `
      + `Fix: seal it with: npx dapr-secure seal --cert <controller-cert.pem> --file ${file} --namespace shop --secret db --key password --from-env DB_PASSWORD`
      + ' (or pipe the value to stdin instead of --from-env)',
    );
    expect(errors).not.toContain('keys[username]');
  });

  test('a missing file reports every key, says the file does not exist, and names the certificate and scope when known', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sealed.json');
    const cert = controllerIn(dir).certFile;
    const errors = synthErrors(sealedChart(file, { scope: SealingScope.NAMESPACE_WIDE, certificate: cert }).chart);
    for (const key of ['username', 'password']) {
      expect(errors).toContain(
        `[test/db] keys[${key}]: no sealed value for key "${key}" of secret "shop/db" in ${file} (the file does not exist yet). `
        + `Fix: seal it with: npx dapr-secure seal --cert ${cert} --file ${file} --namespace shop --secret db --key ${key} --scope namespace-wide --from-env DB_${key.toUpperCase()}`,
      );
    }
  });

  test('paths under the current directory are shown relative to it', () => {
    const delivery = new SealedSecretDelivery({ sealedFile: 'secrets/none.json', certificate: 'secrets/sealing-cert.pem' });
    const chart = new Chart(Testing.app(), 'test', { namespace: 'default' });
    const secret = new DeclaredSecret(chart, 'api-credentials', { store: new KubernetesSecretStore(chart, 'kubernetes-secrets'), keys: ['api-key'], delivery });
    expect(delivery.sealCommandFor(secret, 'api-key')).toBe(
      'npx dapr-secure seal --cert secrets/sealing-cert.pem --file secrets/none.json --namespace default --secret api-credentials --key api-key --from-env API_CREDENTIALS_API_KEY',
    );
  });

  test('an entry sealed for another scope', () => {
    const file = path.join(tempDir(), 'sealed.json');
    writeFakeSealedFile(file, { 'shop/db': { scope: SealingScope.CLUSTER_WIDE, keys: ['username', 'password'] } });
    expect(synthErrors(sealedChart(file).chart)).toContain(
      `[test/db] delivery.scope: ${file} holds "shop/db" sealed for scope "cluster-wide", but this delivery unseals it as "strict". `
      + `Fix: set scope: SealingScope.CLUSTER_WIDE in the sealed delivery's options, or delete the entry "shop/db" from ${file} and seal every key again: `
      + `npx dapr-secure seal --cert <controller-cert.pem> --file ${file} --namespace shop --secret db --key username --from-env DB_USERNAME ; `
      + `npx dapr-secure seal --cert <controller-cert.pem> --file ${file} --namespace shop --secret db --key password --from-env DB_PASSWORD`,
    );
  });

  test('a key in the file that the secret does not declare', () => {
    const file = path.join(tempDir(), 'sealed.json');
    writeFakeSealedFile(file, { 'shop/db': { keys: ['username', 'password', 'pasword'] } });
    expect(synthErrors(sealedChart(file).chart)).toContain(
      `[test/db] keys: ${file} holds a sealed value for key "pasword" of "shop/db", which the secret does not declare (declared: username, password). `
      + `Fix: add "pasword" to the secret's keys, or delete keys["pasword"] from the entry "shop/db" in ${file}`,
    );
  });

  test('with a certificate given, a value sealed with another certificate', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sealed.json');
    const controller = controllerIn(dir);
    const fingerprint = parseSealingCertificate(controller.certificatePem).fingerprint;
    writeFakeSealedFile(file, { 'shop/db': { keys: ['username'], cert: fingerprint } });
    const sealed = readSealedFile(file);
    writeSealedFile(file, withSealedKey(sealed, { namespace: 'shop', name: 'db', key: 'password', scope: SealingScope.STRICT, certificateFingerprint: fakeFingerprint('old'), ciphertext: fakeCiphertext('old') }));
    const errors = synthErrors(sealedChart(file, { certificate: controller.certFile }).chart);
    expect(errors).toContain(
      `[test/db] keys[password]: key "password" of secret "shop/db" in ${file} was sealed with certificate sha256:${fakeFingerprint('old').slice(0, 16)}…, `
      + `not with ${controller.certFile} (sha256:${fingerprint.slice(0, 16)}…), so the controller may not be able to unseal it. `
      + `Fix: seal it again with: npx dapr-secure seal --cert ${controller.certFile} --file ${file} --namespace shop --secret db --key password --from-env DB_PASSWORD`,
    );
    expect(errors).not.toContain('keys[username]');
    // without the certificate option the file is accepted
    expect(synthErrors(sealedChart(file).chart)).toBe('');
  });

  test('a malformed file stops construction with the construct path and the file', () => {
    const file = path.join(tempDir(), 'sealed.json');
    fs.writeFileSync(file, '{ "version": 1, "entries": [] }');
    expect(() => sealedChart(file)).toThrow(`[test/db] delivery: ${file} is not a valid sealed file:\n  - $.entries: must be an object, got array`);
  });

  test('a certificate option naming no file stops construction with the path and how to fetch the certificate', () => {
    const dir = tempDir();
    const cert = path.join(dir, 'secrets', 'sealing-cert.pem');
    expect(() => sealedChart(path.join(dir, 'sealed.json'), { certificate: cert })).toThrow(`[test/db] delivery: cannot read the certificate ${cert} (the certificate option): ENOENT. `
      + `Fix: put the controller's certificate there with \`kubeseal --fetch-cert > ${cert}\`, or correct the certificate option`);
  });

  test('a store that does not read Kubernetes Secrets is refused', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new DeclaredSecret(chart, 'db', { store: new VaultLikeStore(chart, 'vault'), keys: ['password'], delivery: new SealedSecretDelivery({ sealedFile: '/nonexistent/sealed.json' }) }))
      .toThrow('[test/db] delivery: sealed delivery creates a Kubernetes Secret, but store "vault" does not read Kubernetes Secrets. Fix: keep the value in the store itself (SecretDelivery.storeManaged()), or use a Kubernetes secret store');
  });
});

describe('fingerprint', () => {
  function appWithSecret(file: string) {
    // sealedChart's app `orders` reads the secret.
    const { chart, secret, app } = sealedChart(file);
    const deployment = findObject(Testing.synth(chart), 'Deployment', 'orders');
    return { secret, app, annotation: deployment.spec.template.metadata.annotations[SECRETS_FINGERPRINT_ANNOTATION] as string };
  }

  test('is a hash of the ciphertext: re-sealing a key changes it and rolls the pods; other entries do not', () => {
    const file = path.join(tempDir(), 'sealed.json');
    writeFakeSealedFile(file, { 'shop/db': { keys: ['username', 'password'] }, 'shop/other': { keys: ['x'] } });
    const first = appWithSecret(file);
    expect(first.secret.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(first.annotation).toBe(first.app.secretsFingerprint);
    expect(appWithSecret(file).secret.fingerprint).toBe(first.secret.fingerprint);

    const sealed = readSealedFile(file);
    writeSealedFile(file, withSealedKey(sealed, { namespace: 'shop', name: 'other', key: 'x', scope: SealingScope.STRICT, certificateFingerprint: fakeFingerprint('t'), ciphertext: fakeCiphertext('x2') }));
    expect(appWithSecret(file).annotation).toBe(first.annotation);

    writeSealedFile(file, withSealedKey(readSealedFile(file), { namespace: 'shop', name: 'db', key: 'password', scope: SealingScope.STRICT, certificateFingerprint: fakeFingerprint('t'), ciphertext: fakeCiphertext('resealed') }));
    const second = appWithSecret(file);
    expect(second.secret.fingerprint).not.toBe(first.secret.fingerprint);
    expect(second.annotation).not.toBe(first.annotation);
    expect(second.annotation).toBe(second.app.secretsFingerprint);
  });
});

describe('the committed example for the reference app', () => {
  const sealedFile = path.join(REPO, 'secrets', 'sealed.json');
  const certificate = path.join(REPO, 'secrets', 'sealing-cert.pem');

  test('the sealed variant of the Task API synthesizes four valid SealedSecrets sealed with the committed certificate', () => {
    const app = new App();
    new TaskApiChart(app, 'task-api', { deliveryFor: () => new SealedSecretDelivery({ sealedFile, certificate }) });
    const files = renderApp(app);
    expect(files.map((f) => f.path)).toEqual(['kustomization.yaml', 'task-api.k8s.yaml']);
    const objects = parseAllDocuments(files[1].content).map((d) => d.toJS());
    expect(validateManifests(objects)).toEqual([]);
    const sealed = objects.filter((o) => o.kind === 'SealedSecret');
    expect(sealed.map((o) => `${o.metadata.namespace}/${o.metadata.name}:${Object.keys(o.spec.encryptedData).join(',')}`).sort()).toEqual([
      'default/api-credentials:api-key,api-secret',
      'default/kafka-credentials:password,username',
      'default/notification-api:api-key',
      'default/redis-password:password',
    ]);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('the certificate is RSA-4096, valid for about ten years, and secrets/ holds no private key', () => {
    const pem = fs.readFileSync(certificate, 'utf8');
    const cert = new X509Certificate(pem);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
    const years = (new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(parseSealingCertificate(pem).expired).toBe(false);
    for (const f of fs.readdirSync(path.join(REPO, 'secrets'))) {
      expect(fs.readFileSync(path.join(REPO, 'secrets', f), 'utf8')).not.toMatch(/PRIVATE KEY/);
    }
    const file = readSealedFile(sealedFile);
    const fingerprint = parseSealingCertificate(pem).fingerprint;
    for (const entry of Object.values(file.entries)) {
      expect(entry.scope).toBe(SealingScope.STRICT);
      for (const k of Object.values(entry.keys)) {
        expect(k.certificateFingerprint).toBe(fingerprint);
        expect(Buffer.from(k.ciphertext, 'base64').readUInt16BE(0)).toBe(512);
      }
    }
  });
});
