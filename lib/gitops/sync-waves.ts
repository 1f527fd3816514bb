import { App } from 'cdk8s';
import { AppGraph } from '../graph/app-graph';

/** The Argo CD annotation that orders a sync: lower waves are applied (and healthy) before higher ones. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The layers of a Dapr app, in the order a GitOps tool must apply them. Each value is the Argo CD wave; a
 * Flux setup uses one `Kustomization` per layer, each `dependsOn` the one before.
 */
export enum SyncLayer {
  /** The stage's Namespace. */
  NAMESPACE = 0,
  /** Secrets from the repository: SealedSecret, Secret (which External Secrets Operator stores may authenticate with). */
  SECRETS = 1,
  /** External Secrets Operator stores, which ExternalSecrets read from. */
  SECRET_BACKENDS = 2,
  /** Secrets fetched from a backend: ExternalSecret, ClusterExternalSecret. */
  EXTERNAL_SECRETS = 3,
  /** Dapr secret store components (`secretstores.*`), which other components resolve `secretKeyRef` through. */
  SECRET_STORES = 4,
  /** The other Dapr components, Configurations, HTTP endpoints, subscriptions and resiliency policies. */
  DAPR_RESOURCES = 5,
  /** Workloads and what they need: ServiceAccounts, RBAC, Deployments, Services, policies. */
  WORKLOADS = 6,
}

/** The layer an object belongs to, from its apiVersion, kind and (for Dapr components) its type. */
export function syncLayerOf(obj: any): SyncLayer {
  const group = typeof obj?.apiVersion === 'string' && obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const kind = obj?.kind;
  if (group === '' && kind === 'Namespace') return SyncLayer.NAMESPACE;
  if ((group === '' && kind === 'Secret') || (group === 'bitnami.com' && kind === 'SealedSecret')) return SyncLayer.SECRETS;
  if (group === 'external-secrets.io' && (kind === 'SecretStore' || kind === 'ClusterSecretStore')) return SyncLayer.SECRET_BACKENDS;
  if (group === 'external-secrets.io' && (kind === 'ExternalSecret' || kind === 'ClusterExternalSecret')) return SyncLayer.EXTERNAL_SECRETS;
  if (group === 'dapr.io') {
    return kind === 'Component' && typeof obj.spec?.type === 'string' && obj.spec.type.startsWith('secretstores.') ? SyncLayer.SECRET_STORES : SyncLayer.DAPR_RESOURCES;
  }
  return SyncLayer.WORKLOADS;
}

/**
 * Annotates every API object of `app` with its Argo CD sync wave (`syncLayerOf`). Call it after the app is
 * built and before it is synthesized; an object that already sets the annotation keeps its own value.
 */
export function addSyncWaves(app: App): void {
  for (const obj of AppGraph.of(app).apiObjects) {
    let json: any;
    try {
      json = obj.toJson();
    } catch {
      continue; // synth reports the object's own problem
    }
    if (json?.metadata?.annotations?.[SYNC_WAVE_ANNOTATION] !== undefined) continue;
    obj.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(syncLayerOf(json)));
  }
}
