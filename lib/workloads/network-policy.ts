/** daprd's internal gRPC port, where other sidecars call this app's sidecar (service invocation, actors). */
export const DAPR_INTERNAL_GRPC_PORT = 50002;

/** The pod label the sidecar injector puts on every Dapr-enabled pod. */
export const DAPR_APP_ID_LABEL = 'dapr.io/app-id';

/** Pods allowed to reach the app port directly: a label selection, in one namespace or in every namespace. */
export interface AppPortPeer {
  /** Labels the peer pods carry. @default - every pod of the selected namespaces */
  readonly podLabels?: { readonly [key: string]: string };
  /** The peers' namespace; `'*'` for every namespace. @default - the app's namespace */
  readonly namespace?: string;
}

/** What the policy of one app is built from. */
export interface AppNetworkPolicyInput {
  /** The labels that select the app's pods. */
  readonly podLabels: { readonly [key: string]: string };
  /** The app's namespace. */
  readonly namespace: string;
  /** The app port, if the app has one. */
  readonly appPort?: number;
  /** daprd's internal gRPC port. @default 50002 */
  readonly internalGrpcPort?: number;
  /** Peers that may call the app port directly, past Dapr. @default - none */
  readonly appPortPeers?: readonly AppPortPeer[];
}

function peer(p: AppPortPeer, namespace: string): Record<string, unknown> {
  const ns = p.namespace ?? namespace;
  return {
    namespaceSelector: ns === '*' ? {} : { matchLabels: { 'kubernetes.io/metadata.name': ns } },
    podSelector: p.podLabels && Object.keys(p.podLabels).length > 0 ? { matchLabels: { ...p.podLabels } } : {},
  };
}

/**
 * The `spec` of an app's NetworkPolicy: ingress only from Dapr sidecars (pods with the injector's
 * `dapr.io/app-id` label, in any namespace) to daprd's internal gRPC port, where Dapr's mTLS and access
 * control apply; the app port only from the peers named. daprd reaches the app over localhost, which no
 * NetworkPolicy restricts.
 */
export function appNetworkPolicySpec(input: AppNetworkPolicyInput): Record<string, unknown> {
  const ingress: Record<string, unknown>[] = [{
    from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: DAPR_APP_ID_LABEL, operator: 'Exists' }] } }],
    ports: [{ protocol: 'TCP', port: input.internalGrpcPort ?? DAPR_INTERNAL_GRPC_PORT }],
  }];
  const peers = input.appPortPeers ?? [];
  if (input.appPort !== undefined && peers.length > 0) {
    ingress.push({ from: peers.map((p) => peer(p, input.namespace)), ports: [{ protocol: 'TCP', port: input.appPort }] });
  }
  return { podSelector: { matchLabels: { ...input.podLabels } }, policyTypes: ['Ingress'], ingress };
}
