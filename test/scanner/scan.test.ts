import { ApiObject, App, Chart } from 'cdk8s';
import { isSensitiveComponentField, scanManifests, scanManifestsSync } from '../../lib/scanner';
import { renderedObjectFindings } from '../../lib/scanner/synth-check';
import { manifestProblems } from '../../lib/synth/manifest-checks';
import { randomBytesSeeded } from '../support/random';

function value(label: string): string {
  return `unit-${label}-${randomBytesSeeded(8).toString('hex')}`;
}

function component(type: string, metadata: object[]): object {
  return { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'c', namespace: 'ns' }, spec: { type, version: 'v1', metadata } };
}

describe('scanManifests on parsed documents', () => {
  test('reports object, field and rule without a position, and never the value', async () => {
    const v = value('obj');
    const r = await scanManifests([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, data: { 'tls.key': Buffer.from(v).toString('base64') } }], { file: 'rendered' });
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'k8s-secret-data', file: 'rendered', object: 'Secret ns/s', field: 'data["tls.key"]' })]);
    expect(r.findings[0].line).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain(v);
    expect(JSON.stringify(r)).not.toContain(Buffer.from(v).toString('base64'));
  });

  test('a Component field is sensitive by the catalog, the curated list or the name rule of its spec.type', () => {
    expect(isSensitiveComponentField('state.redis', 'v1', 'redisPassword')).toBe(true);
    expect(isSensitiveComponentField('state.redis', 'v1', 'REDISPASSWORD')).toBe(true);
    expect(isSensitiveComponentField('state.redis', 'v1', 'redisHost')).toBe(false);
    expect(isSensitiveComponentField('state.redis', 'v1', 'clientKey')).toBe(true); // curated
    expect(isSensitiveComponentField('secretstores.hashicorp.vault', 'v1', 'vaultToken')).toBe(true); // curated
    expect(isSensitiveComponentField('secretstores.aws.secretmanager', 'v1', 'multipleKeyValuesPerSecret')).toBe(false);
    expect(isSensitiveComponentField('pluggable.unknown', 'v1', 'apiToken')).toBe(true); // name rule for a type the catalog does not know
    expect(isSensitiveComponentField('pluggable.unknown', 'v1', 'endpoint')).toBe(false);
  });

  test('Dapr: value and envRef of sensitive fields are findings; secretKeyRef, empty values and other fields are not', () => {
    const r = scanManifestsSync([
      component('state.redis', [
        { name: 'redisHost', value: 'redis:6379' },
        { name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } },
        { name: 'clientKey', envRef: 'REDIS_CLIENT_KEY' },
        { name: 'redisUsername', value: '' },
      ]),
      { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'no-type' }, spec: { metadata: [{ name: 'password', value: value('t') }] } },
    ]);
    expect(r.findings.map((f) => [f.rule, f.object, f.field])).toEqual([['dapr-plain-sensitive-value', 'Component ns/c', 'spec.metadata[clientKey].envRef']]);
  });

  test('one finding per value, under the most specific rule, even when several rules fire and aliases share it', () => {
    const url = `postgres://u:${value('pg')}@db/x`;
    const r = scanManifestsSync(`apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  url: &u "${url}"\n  again: *u\n`);
    expect(r.findings.map((f) => [f.rule, f.field, f.line])).toEqual([['k8s-secret-string-data', 'stringData.url', 5]]);
  });

  test('inline comments: after a block scalar\'s header or a multi-line quoted value; never the next key\'s comment', () => {
    const v = value('block');
    const text = [
      'apiVersion: v1', 'kind: Secret', 'metadata: {name: s}', 'stringData:',
      '  a: |  # dapr-secure:allow -- header', `    ${v}`,
      '  b: |', `    ${v}`, '  c: "x"  # dapr-secure:allow -- belongs to c',
      `  d: "${v}`, '    continued"  # dapr-secure:allow -- end of d', '',
    ].join('\n');
    const r = scanManifestsSync(text);
    expect(r.findings.map((f) => f.field)).toEqual(['stringData.b']);
    expect(r.suppressed.map((f) => [f.field, f.suppressed!.reason])).toEqual([['stringData.a', 'header'], ['stringData.c', 'belongs to c'], ['stringData.d', 'end of d']]);
  });

  test('a !!binary data value is previewed as its base64, like any data value', () => {
    const r = scanManifestsSync('apiVersion: v1\nkind: Secret\nmetadata: {name: b}\ndata:\n  key: !!binary aGVsbG8td29ybGQtc2VjcmV0\n');
    expect(r.findings.map((f) => [f.line, f.rule, f.preview])).toEqual([[5, 'k8s-secret-data', '"aG•••" (24 characters)']]);
  });

  test('SealedSecret ciphertext, digests, fingerprints and references are never findings', () => {
    const ciphertext = 'AgB' + 'x'.repeat(40) + '/+' + 'y'.repeat(40);
    const r = scanManifestsSync([
      { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 's' }, spec: { encryptedData: { password: ciphertext, url: 'redis://:sealed-looking@x' } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', annotations: { 'checksum/secret': 'redis://:digest-looking@x' } }, spec: {} },
      { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'e' }, spec: { data: [{ secretKey: 'password', remoteRef: { key: 'db/password' } }] } },
    ]);
    expect(r.findings).toEqual([]);
  });

  test('inputs that are not manifests: an empty text, comments only, scalars, a document without kind', () => {
    expect(scanManifestsSync('').findings).toEqual([]);
    expect(scanManifestsSync('# nothing\n').findings).toEqual([]);
    expect(scanManifestsSync('just a string\n').findings).toEqual([]);
    const r = scanManifestsSync(`password: p\nurl: redis://:${value('doc')}@r\n`, { file: 'values.yaml' });
    expect(r.findings.map((f) => [f.rule, f.object, f.field, f.line, f.column])).toEqual([['url-password', 'document 1', 'url', 2, 6]]);
  });

  test('findings are ordered and fingerprints depend on rule, file, object and field, not on the line or the value', () => {
    const text = (v: string, pad = '') => `${pad}apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  b: ${v}\n  a: ${v}\n`;
    const one = scanManifestsSync(text(value('one')), { file: 'f.yaml' });
    const two = scanManifestsSync(text(value('two'), '# moved\n\n'), { file: 'f.yaml' });
    expect(one.findings.map((f) => f.field)).toEqual(['stringData.b', 'stringData.a']);
    expect(two.findings.map((f) => f.fingerprint)).toEqual(one.findings.map((f) => f.fingerprint));
    expect(scanManifestsSync(text(value('x')), { file: 'g.yaml' }).findings[0].fingerprint).not.toBe(one.findings[0].fingerprint);
  });
});

describe('synth refuses output the scanner flags', () => {
  test('renderedObjectFindings reports Secrets with data and private keys, and leaves to synth\'s own checks what they report', () => {
    const key = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(value('k')).toString('base64')}\n-----END PRIVATE KEY-----\n`;
    expect(renderedObjectFindings({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: value('s') } }))
      .toEqual([expect.stringMatching(/^stringData\.password: a Secret in the manifest holds this key in plain text in `stringData` \(rule k8s-secret-string-data, the value is not shown\)\. Fix: /)]);
    expect(renderedObjectFindings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'key.pem': key } })).toEqual([expect.stringMatching(/^data\["key\.pem"\]: a PEM private key/)]);
    expect(renderedObjectFindings(component('state.redis', [{ name: 'redisPassword', value: value('c') }]))).toEqual([]);
    expect(renderedObjectFindings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { url: `redis://:${value('u')}@r` } })).toEqual([]);
  });

  test('manifestProblems names the construct path of a raw Secret with stringData', () => {
    const app = new App();
    const chart = new Chart(app, 'shop');
    const v = value('raw');
    new ApiObject(chart, 'db-secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: v } } as any);
    const problems = manifestProblems(app);
    expect(problems).toContainEqual(expect.stringMatching(/^\[shop\/db-secret\] stringData\.password: .*rule k8s-secret-string-data/));
    expect(problems.join('\n')).not.toContain(v);
  });
});
