import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  addSyncWaves, DaprApp, DeclaredSecret, EsoProvider, ExternalSecretStore, KubernetesSecretStore, RedisStateStore, SecretDelivery, SYNC_WAVE_ANNOTATION, SyncLayer, syncLayerOf, VaultAuth,
} from '../../lib';
import { SEALED_FILE, SEALING_CERT } from '../../app/task-api';

const DIST = path.resolve(__dirname, '..', '..', 'dist');

function stage(name: string): any[] {
  return fs.readdirSync(path.join(DIST, name)).filter((f) => f.endsWith('.k8s.yaml'))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(DIST, name, f), 'utf8')).map((d) => d.toJS()));
}

const wave = (o: any) => Number(o.metadata.annotations[SYNC_WAVE_ANNOTATION]);

/**
 * Every "must exist first" relationship among a stage's objects, as [before, after]: the producer of each
 * Secret before what references it, a component's secret store before the component, every component,
 * HTTP endpoint and Configuration an app uses before its workload, the Namespace before everything.
 */
function dependencies(objects: any[]): Array<[any, any]> {
  const out: Array<[any, any]> = [];
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const producers = (secret: string) => objects.filter((o) => ['SealedSecret', 'ExternalSecret', 'Secret'].includes(o.kind)
    && (o.metadata.name === secret || o.spec?.target?.name === secret || o.spec?.template?.metadata?.name === secret));
  const ns = objects.find((o) => o.kind === 'Namespace');
  for (const o of objects) if (o !== ns) out.push([ns, o]);
  for (const c of objects.filter((o) => o.apiVersion.startsWith('dapr.io/'))) {
    const refs: string[] = (c.spec?.metadata ?? []).filter((m: any) => m.secretKeyRef).map((m: any) => m.secretKeyRef.name);
    for (const r of refs) for (const p of producers(r)) out.push([p, c]);
    // The built-in `kubernetes` store (operator-resolved references) has no Component.
    if (c.auth?.secretStore && c.auth.secretStore !== 'kubernetes') out.push([find('Component', c.auth.secretStore), c]);
  }
  for (const e of objects.filter((o) => o.kind === 'ExternalSecret')) out.push([find(e.spec.secretStoreRef.kind, e.spec.secretStoreRef.name), e]);
  // An External Secrets Operator store authenticates with Secrets of its own (`...SecretRef: { name, key }`).
  for (const s of objects.filter((o) => o.kind === 'SecretStore' || o.kind === 'ClusterSecretStore')) {
    for (const r of secretRefNames(s.spec)) for (const p of producers(r)) out.push([p, s]);
  }
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const a = d.spec.template.metadata.annotations;
    const app = a['dapr.io/app-id'];
    for (const c of objects.filter((o) => o.apiVersion.startsWith('dapr.io/') && o.kind !== 'Configuration' && (o.scopes ?? []).includes(app))) out.push([c, d]);
    out.push([find('Configuration', a['dapr.io/config']), d]);
    // Secrets read through the Secrets API at startup.
    const config = find('Configuration', a['dapr.io/config']);
    for (const s of config.spec.secrets.scopes.flatMap((x: any) => x.allowedSecrets ?? [])) for (const p of producers(s)) out.push([p, d]);
  }
  return out;
}

/** The Secret names an External Secrets Operator store's provider refers to (`*SecretRef` / `secretRef` objects). */
function secretRefNames(value: any, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => secretRefNames(v, key));
  if (value === null || typeof value !== 'object') return [];
  const own = /secretref$/i.test(key) && typeof value.name === 'string' ? [value.name] : [];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => secretRefNames(v, k))];
}

/** A stage with a sealed Vault token, the ESO store that authenticates with it, and a secret fetched through that store. */
function esoStage(): any[] {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'default' });
  const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
  const sealed = SecretDelivery.sealed({ sealedFile: path.resolve(__dirname, '..', '..', SEALED_FILE), certificate: path.resolve(__dirname, '..', '..', SEALING_CERT) });
  const vaultToken = new DeclaredSecret(chart, 'redis-password', { store, keys: ['password'], delivery: sealed });
  const vault = new ExternalSecretStore(chart, 'vault', { provider: EsoProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', auth: VaultAuth.token(vaultToken.keyRef('password')) }) });
  const redis = new DeclaredSecret(chart, 'redis-pw', { store, keys: ['password'], delivery: SecretDelivery.external({ store: vault, remoteRefs: { password: { key: 'redis', property: 'password' } } }) });
  const statestore = new RedisStateStore(chart, 'statestore', { redisHost: 'r:6379', redisPassword: redis.keyRef('password') });
  new DaprApp(chart, 'shop', { appId: 'shop', image: 'shop:1.0.0', components: [statestore] });
  addSyncWaves(app);
  return Testing.synth(chart);
}

describe('Argo CD sync waves', () => {
  test('an External Secrets Operator store comes after the sealed Secret it authenticates with, and before the ExternalSecrets it serves', () => {
    const objects = esoStage();
    const byKind = (kind: string) => objects.filter((o) => o.kind === kind).map(wave);
    expect({ sealed: byKind('SealedSecret'), store: byKind('SecretStore'), external: byKind('ExternalSecret') }).toEqual({ sealed: [1], store: [2], external: [3] });
    const deps = dependencies([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', annotations: { [SYNC_WAVE_ANNOTATION]: '0' } } }, ...objects]);
    const storeDeps = deps.filter(([, after]) => after.kind === 'SecretStore');
    expect(storeDeps.map(([before]) => `${before.kind}/${before.metadata.name}`)).toContain('SealedSecret/redis-password');
    for (const [before, after] of deps) expect({ before: before.metadata.name, after: after.metadata.name, ordered: wave(before) < wave(after) }).toEqual({ before: before.metadata.name, after: after.metadata.name, ordered: true });
  });

  test.each(['dev', 'prod'])('in dist/%s every object has a wave, and every dependency is in a lower wave than what needs it', (name) => {
    const objects = stage(name);
    expect(objects.every((o) => Number.isInteger(wave(o)))).toBe(true);
    const deps = dependencies(objects);
    expect(deps.length).toBeGreaterThan(objects.length);
    for (const [before, after] of deps) {
      expect(before).toBeDefined();
      const id = (o: any) => `${o.kind}/${o.metadata.name}`;
      expect({ before: id(before), after: id(after), ordered: wave(before) < wave(after) }).toEqual({ before: id(before), after: id(after), ordered: true });
    }
    if (name === 'prod') expect(objects.filter((o) => o.kind === 'SealedSecret').map(wave)).toEqual([1, 1, 1, 1]);
  });

  test('layers: secrets, then secret stores, then other Dapr resources, then workloads', () => {
    expect(syncLayerOf({ apiVersion: 'v1', kind: 'Namespace' })).toBe(SyncLayer.NAMESPACE);
    expect(syncLayerOf({ apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore' })).toBe(SyncLayer.SECRET_BACKENDS);
    expect(syncLayerOf({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' })).toBe(SyncLayer.EXTERNAL_SECRETS);
    expect(syncLayerOf({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret' })).toBe(SyncLayer.SECRETS);
    expect(syncLayerOf({ apiVersion: 'v1', kind: 'Secret' })).toBe(SyncLayer.SECRETS);
    expect(syncLayerOf({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', spec: { type: 'secretstores.hashicorp.vault' } })).toBe(SyncLayer.SECRET_STORES);
    expect(syncLayerOf({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', spec: { type: 'state.redis' } })).toBe(SyncLayer.DAPR_RESOURCES);
    expect(syncLayerOf({ apiVersion: 'dapr.io/v1alpha1', kind: 'HTTPEndpoint' })).toBe(SyncLayer.DAPR_RESOURCES);
    expect(syncLayerOf({ apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration' })).toBe(SyncLayer.DAPR_RESOURCES);
    expect(syncLayerOf({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(SyncLayer.WORKLOADS);
    expect(syncLayerOf({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' })).toBe(SyncLayer.WORKLOADS);
    const order = [SyncLayer.NAMESPACE, SyncLayer.SECRETS, SyncLayer.SECRET_BACKENDS, SyncLayer.EXTERNAL_SECRETS, SyncLayer.SECRET_STORES, SyncLayer.DAPR_RESOURCES, SyncLayer.WORKLOADS];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('addSyncWaves keeps a wave the program set itself', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'x' });
    const own = new ApiObject(chart, 'own', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'own', annotations: { [SYNC_WAVE_ANNOTATION]: '-5' } } });
    const other = new ApiObject(chart, 'other', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } });
    addSyncWaves(app);
    expect(own.toJson().metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('-5');
    expect(other.toJson().metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe(String(SyncLayer.WORKLOADS));
  });
});
