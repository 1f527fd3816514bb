import { Yaml } from 'cdk8s';
import { SYNC_WAVE_ANNOTATION, SyncLayer } from './sync-waves';

/** Where Flux finds a stage's manifests. */
export interface FluxKustomizationsProps {
  /** Prefix of the Kustomizations' names, such as `task-api-prod`; each layer adds `-<layer>`. */
  readonly name: string;
  /** The stage folder in the source, such as `./dist/prod`. */
  readonly path: string;
  /** The Flux source that holds it. */
  readonly sourceRef: { readonly kind: 'GitRepository' | 'OCIRepository' | 'Bucket'; readonly name: string; readonly namespace?: string };
  /** Namespace of the Kustomization objects. @default 'flux-system' */
  readonly namespace?: string;
  /** How often Flux reconciles. @default '10m' */
  readonly interval?: string;
}

/** A layer's name in a Kustomization's name: `secret-stores` for `SECRET_STORES`. */
function layerName(layer: string): string {
  return layer.toLowerCase().replace(/_/g, '-');
}

/**
 * The Flux equivalent of the Argo CD sync waves: one Flux `Kustomization` per layer (`SyncLayer`), each
 * building the whole stage folder and keeping only its own wave (a `$patch: delete` for every object of
 * another wave), each `dependsOn` the one before it, with `wait: true` so a layer is healthy before the
 * next is applied. Returns the YAML documents, ready to commit beside the Flux sources.
 */
export function renderFluxKustomizations(props: FluxKustomizationsProps): string {
  const layers = Object.entries(SyncLayer).filter(([, v]) => typeof v === 'number') as Array<[string, number]>;
  layers.sort((a, b) => a[1] - b[1]);
  const docs = layers.map(([layer, wave], i) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: `${props.name}-${layerName(layer)}`, namespace: props.namespace ?? 'flux-system' },
    spec: {
      interval: props.interval ?? '10m',
      path: props.path,
      prune: true,
      wait: true,
      sourceRef: { ...props.sourceRef },
      ...(i === 0 ? {} : { dependsOn: [{ name: `${props.name}-${layerName(layers[i - 1][0])}` }] }),
      patches: [{
        target: { annotationSelector: `${SYNC_WAVE_ANNOTATION} notin (${wave})` },
        patch: '$patch: delete\napiVersion: v1\nkind: Any\nmetadata:\n  name: any\n',
      }],
    },
  }));
  return Yaml.stringify(...docs);
}
