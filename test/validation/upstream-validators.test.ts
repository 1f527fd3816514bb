import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { validateManifest, validateManifests } from '../../lib/validation';
import { REPO } from '../support/project-copy';
import { offeredFactories, PROVIDER_CASES, synthEsoMatrix } from './support/eso-matrix';
import { UPSTREAM_KINDS, upstreamFailures, UpstreamResult, validateUpstream } from './support/upstream';

/**
 * Every SealedSecret, ExternalSecret, SecretStore and ClusterSecretStore the library synthesizes, validated
 * with the upstream schemas (@kubernetes-models/sealed-secrets and @kubernetes-models/external-secrets),
 * next to the project's own validator.
 */

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const kindOf = (o: any) => `${o.apiVersion}/${o.kind}`;

let distSealed: any[];
let matrix: any[];

const first = (kind: string) => clone(matrix.find((o) => o.kind === kind));
const firstWith = (kind: string, provider: string) => clone(matrix.find((o) => o.kind === kind && o.spec.provider[provider]));

/** [what, broken object, the upstream error expected at a path, the project's message]. */
const controls = (): Array<[string, any, Partial<{ instancePath: string; keyword: string; params: Record<string, unknown> }>, string]> => [
  ['ExternalSecret without remoteRef.key', (() => { const o = first('ExternalSecret'); delete o.spec.data[0].remoteRef.key; return o; })(),
    { instancePath: '/spec/data/0/remoteRef', keyword: 'required', params: { missingProperty: 'key' } }, '$.spec.data[0].remoteRef.key: is required'],
  ['ExternalSecret with secretStoreRef.kind "VaultStore"', (() => { const o = first('ExternalSecret'); o.spec.secretStoreRef.kind = 'VaultStore'; return o; })(),
    { instancePath: '/spec/secretStoreRef/kind', keyword: 'enum' }, '$.spec.secretStoreRef.kind: must be one of "SecretStore", "ClusterSecretStore"; got "VaultStore"'],
  ['SealedSecret without encryptedData', (() => { const o = clone(distSealed.find((x) => x.kind === 'SealedSecret')); delete o.spec.encryptedData; return o; })(),
    { instancePath: '/spec', keyword: 'required', params: { missingProperty: 'encryptedData' } }, '$.spec.encryptedData: is required'],
  ['ExternalSecret with target.name "Task_API"', (() => { const o = first('ExternalSecret'); o.spec.target.name = 'Task_API'; return o; })(),
    { instancePath: '/spec/target/name', keyword: 'pattern' }, '$.spec.target.name: must be a DNS-1123 subdomain (lowercase alphanumerics, "-" and "."); got "Task_API"'],
  ['ExternalSecret with secretStoreRef.name "Vault_Backend"', (() => { const o = first('ExternalSecret'); o.spec.secretStoreRef.name = 'Vault_Backend'; return o; })(),
    { instancePath: '/spec/secretStoreRef/name', keyword: 'pattern' }, '$.spec.secretStoreRef.name: must be a DNS-1123 subdomain'],
  ['SecretStore with a Vault provider without server', (() => { const o = firstWith('SecretStore', 'vault'); delete o.spec.provider.vault.server; return o; })(),
    { instancePath: '/spec/provider/vault', keyword: 'required', params: { missingProperty: 'server' } }, '$.spec.provider.vault.server: is required'],
  ['SecretStore with Vault KV version "v3"', (() => { const o = firstWith('SecretStore', 'vault'); o.spec.provider.vault.version = 'v3'; return o; })(),
    { instancePath: '/spec/provider/vault/version', keyword: 'enum' }, '$.spec.provider.vault.version: must be one of "v1", "v2"; got "v3"'],
  ['ClusterSecretStore with AWS service "KMS"', (() => { const o = firstWith('ClusterSecretStore', 'aws'); o.spec.provider.aws.service = 'KMS'; return o; })(),
    { instancePath: '/spec/provider/aws/service', keyword: 'enum' }, '$.spec.provider.aws.service: must be one of "SecretsManager", "ParameterStore"; got "KMS"'],
  ['ClusterSecretStore with AWS provider without region', (() => { const o = firstWith('ClusterSecretStore', 'aws'); delete o.spec.provider.aws.region; return o; })(),
    { instancePath: '/spec/provider/aws', keyword: 'required', params: { missingProperty: 'region' } }, '$.spec.provider.aws.region: is required'],
  ['SecretStore with Azure authType "Password"', (() => { const o = firstWith('SecretStore', 'azurekv'); o.spec.provider.azurekv.authType = 'Password'; return o; })(),
    { instancePath: '/spec/provider/azurekv/authType', keyword: 'enum' }, '$.spec.provider.azurekv.authType: must be one of "ServicePrincipal", "ManagedIdentity", "WorkloadIdentity"; got "Password"'],
  ['SecretStore with a Vault token secret key "api key"', (() => { const o = firstWith('SecretStore', 'vault'); o.spec.provider.vault.auth.tokenSecretRef.key = 'api key'; return o; })(),
    { instancePath: '/spec/provider/vault/auth/tokenSecretRef/key', keyword: 'pattern' }, '$.spec.provider.vault.auth.tokenSecretRef.key: must consist of alphanumerics, "-", "_" or "."; got "api key"'],
  ['ClusterSecretStore with GCP workload identity without serviceAccountRef', (() => {
    const o = clone(matrix.find((x) => x.kind === 'ClusterSecretStore' && x.spec.provider.gcpsm?.auth?.workloadIdentity));
    delete o.spec.provider.gcpsm.auth.workloadIdentity.serviceAccountRef;
    return o;
  })(), { instancePath: '/spec/provider/gcpsm/auth/workloadIdentity', keyword: 'required', params: { missingProperty: 'serviceAccountRef' } }, '$.spec.provider.gcpsm.auth.workloadIdentity.serviceAccountRef: is required'],
];

/** The originals of the controls, unbroken. */
const unbroken = () => [first('ExternalSecret'), clone(distSealed.find((x) => x.kind === 'SealedSecret')), firstWith('SecretStore', 'vault'), firstWith('ClusterSecretStore', 'aws'), firstWith('SecretStore', 'azurekv')];

// The CRDs' structural schemas make the API server prune unknown fields silently; the project reports them,
// and checks what the controllers would only reject at run time. Upstream accepts each of these.
const stricter = (): Array<[string, any, string]> => {
  const es = () => clone(matrix.find((o) => o.kind === 'ExternalSecret'));
  const ss = () => clone(distSealed.find((o) => o.kind === 'SealedSecret'));
  const st = () => clone(matrix.find((o) => o.kind === 'SecretStore' && o.spec.provider.vault));
  return [
    ['an unknown spec field of an ExternalSecret (a typo ESO would drop)', (() => { const o = es(); o.spec.storeRef = o.spec.secretStoreRef; return o; })(), '$.spec.storeRef: unknown field'],
    ['an unknown field in a remoteRef', (() => { const o = es(); o.spec.data[0].remoteRef.value = 'x'; return o; })(), '$.spec.data[0].remoteRef.value: unknown field'],
    ['a refreshInterval that is not a Go duration', (() => { const o = es(); o.spec.refreshInterval = '1 hour'; return o; })(), '$.spec.refreshInterval: must be a Go duration'],
    ['a secretStoreRef without name', (() => { const o = es(); delete o.spec.secretStoreRef.name; return o; })(), '$.spec.secretStoreRef.name: is required'],
    ['an ExternalSecret without spec', (() => { const o = es(); delete o.spec; return o; })(), '$.spec: is required'],
    ['encryptedData that is not base64 ciphertext', (() => { const o = ss(); o.spec.encryptedData[Object.keys(o.spec.encryptedData)[0]] = 'plain text'; return o; })(), 'must be non-empty standard base64 ciphertext'],
    ['the deprecated spec.data blob of a SealedSecret', (() => { const o = ss(); o.spec.data = Buffer.from('x').toString('base64'); return o; })(), '$.spec.data: unknown field'],
    ['an unknown field in a SealedSecret template', (() => { const o = ss(); o.spec.template.stringData = { a: 'b' }; return o; })(), '$.spec.template.stringData: unknown field'],
    ['a SealedSecret name that is not a DNS-1123 subdomain', (() => { const o = ss(); o.metadata.name = 'Redis_Password'; return o; })(), '$.metadata.name: must be a DNS-1123 subdomain'],
    ['a negative SecretStore refreshInterval', (() => { const o = st(); o.spec.refreshInterval = -1; return o; })(), '$.spec.refreshInterval: must be >= 0'],
    ['a retryInterval that is not a Go duration', (() => { const o = st(); o.spec.retrySettings = { retryInterval: '10 seconds' }; return o; })(), '$.spec.retrySettings.retryInterval: must be a Go duration'],
    ['an unknown provider key', (() => { const o = st(); o.spec.provider = { hashicorp: o.spec.provider.vault }; return o; })(), '$.spec.provider.hashicorp: unknown field'],
  ];
};

let controlCases: ReturnType<typeof controls>;
let unbrokenObjects: any[];
let stricterCases: ReturnType<typeof stricter>;
let upstream: Map<unknown, UpstreamResult>;
const upstreamOf = (objects: readonly unknown[]): UpstreamResult[] => objects.map((o) => upstream.get(o)!);

beforeAll(() => {
  distSealed = parseAllDocuments(fs.readFileSync(path.join(REPO, 'dist', 'prod', 'task-api.k8s.yaml'), 'utf8')).map((d) => d.toJS());
  matrix = synthEsoMatrix().objects;
  controlCases = controls();
  unbrokenObjects = unbroken();
  stricterCases = stricter();
  // One child process for every object the tests ask about: starting Node is most of the time of a call.
  const asked = [...distSealed, ...matrix, ...controlCases.map(([, o]) => o), ...unbrokenObjects, ...stricterCases.map(([, o]) => o)];
  const results = validateUpstream(asked);
  upstream = new Map(asked.map((o, i) => [o, results[i]]));
});

describe('the upstream packages', () => {
  test('are the pinned devDependencies, loaded with their own kubernetes-models 5 while the project keeps 4.5.1', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@kubernetes-models/sealed-secrets']).toBe('6.0.0');
    expect(pkg.devDependencies['@kubernetes-models/external-secrets']).toBe('2.0.0');
    expect(pkg.dependencies['kubernetes-models']).toBe('4.5.1');
    const version = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')).version;
    // What the project's own code (lib/validation/core.ts) resolves:
    expect(version(require.resolve('kubernetes-models/package.json', { paths: [path.join(REPO, 'lib', 'validation')] }))).toBe('4.5.1');
    for (const [name, expected] of [['sealed-secrets', '6.0.0'], ['external-secrets', '2.0.0']]) {
      const dir = path.join(REPO, 'node_modules', '@kubernetes-models', name);
      expect(version(path.join(dir, 'package.json'))).toBe(expected);
      expect(version(require.resolve('kubernetes-models/package.json', { paths: [dir] }))).toMatch(/^5\./);
    }
  });

  test('are ESM-only (import conditions only), which is why a child process runs them', () => {
    for (const name of ['sealed-secrets', 'external-secrets']) {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', '@kubernetes-models', name, 'package.json'), 'utf8'));
      expect(pkg.type).toBe('module');
      const conditions = Object.values(pkg.exports).flatMap((e: any) => (typeof e === 'object' ? Object.keys(e) : []));
      expect(conditions).not.toContain('require');
      expect(conditions).toContain('import');
    }
  });
});

describe('dist/prod/task-api.k8s.yaml', () => {
  test('every SealedSecret validates upstream (and with the project validator)', () => {
    const distResults = upstreamOf(distSealed);
    const sealed = distResults.filter((r) => r.kind === 'SealedSecret');
    expect(sealed.map((r) => r.name).sort()).toEqual(['api-credentials', 'kafka-credentials', 'notification-api', 'redis-password']);
    expect(sealed.every((r) => r.validator === 'bitnami.com/v1alpha1/SealedSecret')).toBe(true);
    expect(upstreamFailures(distResults)).toEqual([]);
    expect(sealed.map((r) => r.valid)).toEqual([true, true, true, true]);
    expect(validateManifests(distSealed)).toEqual([]);
  });

  test('the objects without an upstream validator are exactly the other kinds', () => {
    const without = upstreamOf(distSealed).filter((r) => r.validator === null).map((r) => `${r.apiVersion}/${r.kind}`);
    expect(without.length).toBe(distSealed.length - 4);
    for (const k of without) expect(UPSTREAM_KINDS).not.toContain(k);
  });
});

describe('every ESO provider and auth method, as SecretStore and ClusterSecretStore, with their ExternalSecrets', () => {
  test('the program covers every provider and auth factory the library offers', () => {
    const offered = offeredFactories();
    expect(offered.providers).toEqual(['awsParameterStore', 'awsSecretsManager', 'azureKeyVault', 'gcpSecretManager', 'vault']);
    expect([...new Set(PROVIDER_CASES.map((c) => c.provider))].sort()).toEqual(offered.providers);
    expect([...new Set(PROVIDER_CASES.map((c) => c.auth))].sort()).toEqual(offered.auths);
    // Each AWS service with each AWS auth method.
    for (const provider of ['awsSecretsManager', 'awsParameterStore']) {
      expect(new Set(PROVIDER_CASES.filter((c) => c.provider === provider).map((c) => c.auth))).toEqual(new Set(offered.auths.filter((a) => a.startsWith('AwsAuth.'))));
    }
  });

  test('the synthesized objects hold every store kind, provider, auth shape, policy and sealing scope', () => {
    const of = (kind: string) => matrix.filter((o) => o.kind === kind);
    expect(of('SecretStore')).toHaveLength(PROVIDER_CASES.length);
    expect(of('ClusterSecretStore')).toHaveLength(PROVIDER_CASES.length);
    expect(of('ExternalSecret')).toHaveLength(2 * PROVIDER_CASES.length);
    for (const kind of ['SecretStore', 'ClusterSecretStore']) {
      expect(of(kind).map((o) => Object.keys(o.spec.provider)[0]).sort()).toEqual(PROVIDER_CASES.map((c) => ({ vault: 'vault', azureKeyVault: 'azurekv', gcpSecretManager: 'gcpsm' } as any)[c.provider] ?? 'aws').sort());
    }
    const aws = of('SecretStore').map((o) => o.spec.provider.aws).filter(Boolean);
    expect([...new Set(aws.map((a) => a.service))].sort()).toEqual(['ParameterStore', 'SecretsManager']);
    expect([...new Set(of('SecretStore').map((o) => o.spec.provider.azurekv?.authType).filter(Boolean))].sort()).toEqual(['ManagedIdentity', 'ServicePrincipal', 'WorkloadIdentity']);
    expect(new Set(of('ExternalSecret').map((o) => o.spec.secretStoreRef.kind))).toEqual(new Set(['SecretStore', 'ClusterSecretStore']));
    expect(new Set(of('ExternalSecret').map((o) => `${o.spec.target.creationPolicy}/${o.spec.target.deletionPolicy}`))).toEqual(new Set([
      'Owner/Delete', 'Owner/Merge', 'Owner/Retain', 'Orphan/Delete', 'Orphan/Merge', 'Orphan/Retain', 'Merge/Merge', 'Merge/Retain', 'None/Retain',
    ]));
    const scopes = of('SealedSecret').map((o) => Object.keys(o.metadata.annotations ?? {}).join(',') || 'strict');
    expect(new Set(scopes)).toEqual(new Set(['strict', 'sealedsecrets.bitnami.com/namespace-wide', 'sealedsecrets.bitnami.com/cluster-wide']));
  });

  test('every SealedSecret, ExternalSecret, SecretStore and ClusterSecretStore validates upstream (and with the project validator)', () => {
    const matrixResults = upstreamOf(matrix);
    const checked = matrixResults.filter((r) => r.validator !== null);
    expect(checked.length).toBe(matrix.filter((o) => UPSTREAM_KINDS.includes(kindOf(o))).length);
    expect(new Set(checked.map((r) => r.validator))).toEqual(new Set(UPSTREAM_KINDS));
    expect(upstreamFailures(matrixResults)).toEqual([]);
    expect(checked.every((r) => r.valid === true)).toBe(true);
    expect(validateManifests(matrix)).toEqual([]);
  });
});

describe('controls: broken objects are reported invalid upstream and by the project', () => {
  test('each control is invalid upstream with the expected error, and the project reports it too', () => {
    const results = upstreamOf(controlCases.map(([, o]) => o));
    controlCases.forEach(([what, obj, expected, projectMessage], i) => {
      expect({ what, valid: results[i].valid }).toEqual({ what, valid: false });
      expect({ what, errors: results[i].errors }).toEqual({ what, errors: expect.arrayContaining([expect.objectContaining(expected)]) });
      expect({ what, project: validateManifest(obj).join('\n') }).toEqual({ what, project: expect.stringContaining(projectMessage) });
    });
  });

  test('the same objects unbroken are valid (the controls fail only for what was broken)', () => {
    expect(upstreamOf(unbrokenObjects).map((r) => r.valid)).toEqual(unbrokenObjects.map(() => true));
    expect(validateManifests(unbrokenObjects)).toEqual([]);
  });
});

describe('where the project validator is deliberately stricter than upstream', () => {
  test('each is rejected by the project and accepted upstream', () => {
    const results = upstreamOf(stricterCases.map(([, o]) => o));
    stricterCases.forEach(([what, obj, message], i) => {
      expect({ what, upstream: results[i].valid }).toEqual({ what, upstream: true });
      expect({ what, project: validateManifest(obj).join('\n') }).toEqual({ what, project: expect.stringContaining(message) });
    });
  });
});
