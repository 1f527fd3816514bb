/**
 * Cross-check against the independent npm implementation @linode/kubeseal-encrypt
 * (WebCrypto based). Its API is encryptSecretItem(spkiPem, namespace, data):
 * the namespace is used verbatim as the OAEP label, so it can only produce the
 * namespace-wide label (it rejects "" and "<namespace>/<name>" as namespaces).
 */
import { encryptSecretItem, validateNamespace } from '@linode/kubeseal-encrypt';
import { parseSealingCertificate, SealingCertificate, SealingScope, sealingLabel, sealValue } from '../../../lib/secrets/sealing';
import { randomValue, rsaController, TestController } from './support/keys';
import { splitSealed, unsealValue, unsealValueWebCrypto } from './support/unseal';

const NAMESPACE = 'payments';
const NAME = 'db-credentials';

describe('@linode/kubeseal-encrypt cross-check', () => {
  let controller: TestController;
  let cert: SealingCertificate;
  let spkiPem: string;
  const label = sealingLabel(SealingScope.NAMESPACE_WIDE, NAMESPACE);

  beforeAll(() => {
    controller = rsaController();
    cert = parseSealingCertificate(controller.certificatePem);
    spkiPem = cert.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  });

  test.each([
    ['an empty value', ''],
    ['an ascii value', 'generated-at-runtime'],
    ['a multi-byte utf-8 value', 'pässwörd-日本語-🔐'],
  ])('our decryption opens its output: %s', async (_what, value) => {
    const theirs = await encryptSecretItem(spkiPem, NAMESPACE, value);
    expect(unsealValue(controller.privateKey, theirs, label).toString('utf8')).toBe(value);
  });

  test('its output is bound to the namespace label only', async () => {
    const theirs = await encryptSecretItem(spkiPem, NAMESPACE, randomValue());
    expect(() => unsealValue(controller.privateKey, theirs, sealingLabel(SealingScope.STRICT, NAMESPACE, NAME))).toThrow();
    expect(() => unsealValue(controller.privateKey, theirs, sealingLabel(SealingScope.CLUSTER_WIDE))).toThrow();
    expect(() => unsealValue(controller.privateKey, theirs, sealingLabel(SealingScope.NAMESPACE_WIDE, 'other-ns'))).toThrow();
  });

  test('our namespace-wide ciphertext is opened by the same decryption, with the same label', async () => {
    const value = `ünïcode-${randomValue()}`;
    const theirs = await encryptSecretItem(spkiPem, NAMESPACE, value);
    const ours = sealValue(cert, value, label);
    expect(unsealValue(controller.privateKey, ours, label).toString('utf8')).toBe(value);
    expect(unsealValue(controller.privateKey, theirs, label).toString('utf8')).toBe(value);
    // and through WebCrypto, the primitive the package itself is built on
    expect((await unsealValueWebCrypto(controller.privateKey, ours, label)).toString('utf8')).toBe(value);
    expect((await unsealValueWebCrypto(controller.privateKey, theirs, label)).toString('utf8')).toBe(value);
  });

  test('both produce the same layout and length', async () => {
    const value = randomValue(40);
    const theirs = await encryptSecretItem(spkiPem, NAMESPACE, value);
    const ours = sealValue(cert, value, label);
    expect(ours.length).toBe(theirs.length);
    expect(splitSealed(ours).rsaLength).toBe(splitSealed(theirs).rsaLength);
    expect(splitSealed(ours).aesCiphertext.length).toBe(splitSealed(theirs).aesCiphertext.length);
    expect(Buffer.from(ours, 'base64').toString('base64')).toBe(ours);
    expect(Buffer.from(theirs, 'base64').toString('base64')).toBe(theirs);
  });

  test('its API cannot express the strict or cluster-wide labels', () => {
    expect(validateNamespace(sealingLabel(SealingScope.STRICT, NAMESPACE, NAME)).valid).toBe(false);
    expect(validateNamespace(sealingLabel(SealingScope.CLUSTER_WIDE)).valid).toBe(false);
    expect(validateNamespace(label).valid).toBe(true);
  });
});
