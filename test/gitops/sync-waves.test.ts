import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { addSyncWaves, SYNC_WAVE_ANNOTATION, SyncLayer, syncLayerOf } from '../../lib';

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
    if (c.auth?.secretStore) out.push([find('Component', c.auth.secretStore), c]);
  }
  for (const e of objects.filter((o) => o.kind === 'ExternalSecret')) out.push([find(e.spec.secretStoreRef.kind, e.spec.secretStoreRef.name), e]);
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

describe('Argo CD sync waves', () => {
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
    if (name === 'prod') expect(objects.filter((o) => o.kind === 'SealedSecret').map(wave)).toEqual([2, 2, 2, 2]);
  });

  test('layers: secrets, then secret stores, then other Dapr resources, then workloads', () => {
    expect(syncLayerOf({ apiVersion: 'v1', kind: 'Namespace' })).toBe(SyncLayer.NAMESPACE);
    expect(syncLayerOf({ apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore' })).toBe(SyncLayer.SECRET_BACKENDS);
    expect(syncLayerOf({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' })).toBe(SyncLayer.SECRETS);
    expect(syncLayerOf({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret' })).toBe(SyncLayer.SECRETS);
    expect(syncLayerOf({ apiVersion: 'v1', kind: 'Secret' })).toBe(SyncLayer.SECRETS);
    expect(syncLayerOf({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', spec: { type: 'secretstores.hashicorp.vault' } })).toBe(SyncLayer.SECRET_STORES);
    expect(syncLayerOf({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', spec: { type: 'state.redis' } })).toBe(SyncLayer.DAPR_RESOURCES);
    expect(syncLayerOf({ apiVersion: 'dapr.io/v1alpha1', kind: 'HTTPEndpoint' })).toBe(SyncLayer.DAPR_RESOURCES);
    expect(syncLayerOf({ apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration' })).toBe(SyncLayer.DAPR_RESOURCES);
    expect(syncLayerOf({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(SyncLayer.WORKLOADS);
    expect(syncLayerOf({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' })).toBe(SyncLayer.WORKLOADS);
    expect(SyncLayer.SECRETS < SyncLayer.SECRET_STORES && SyncLayer.SECRET_STORES < SyncLayer.DAPR_RESOURCES && SyncLayer.DAPR_RESOURCES < SyncLayer.WORKLOADS).toBe(true);
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
