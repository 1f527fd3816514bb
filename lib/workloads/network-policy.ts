/** daprd's internal gRPC port, where other sidecars call this app's sidecar (service invocation, actors). */
export const DAPR_INTERNAL_GRPC_PORT = 50002;

/** daprd's Prometheus metrics port (`dapr.io/metrics-port`). */
export const DAPR_METRICS_PORT = 9090;

/** The pod label the sidecar injector puts on every Dapr-enabled pod. */
export const DAPR_APP_ID_LABEL = 'dapr.io/app-id';

/** Pods allowed to reach a port of the app's pods: a label selection, in one namespace or in every namespace. */
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
  /** daprd's metrics port, if metrics are on. @default - metrics off: no metrics rule */
  readonly metricsPort?: number;
  /** Peers that may scrape daprd's metrics port (Prometheus). @default - none */
  readonly metricsPeers?: readonly AppPortPeer[];
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
 * control apply; the app port and daprd's metrics port only from the peers named. daprd reaches the app
 * over localhost, which no NetworkPolicy restricts; daprd's own connections to the control plane
 * (operator, sentry, placement, scheduler) are egress and their replies are allowed, so egress is left open.
 */
export function appNetworkPolicySpec(input: AppNetworkPolicyInput): Record<string, unknown> {
  const ingress: Record<string, unknown>[] = [{
    from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: DAPR_APP_ID_LABEL, operator: 'Exists' }] } }],
    ports: [{ protocol: 'TCP', port: input.internalGrpcPort ?? DAPR_INTERNAL_GRPC_PORT }],
  }];
  const rule = (port: number | undefined, peers: readonly AppPortPeer[] | undefined) => {
    if (port !== undefined && peers && peers.length > 0) {
      ingress.push({ from: peers.map((p) => peer(p, input.namespace)), ports: [{ protocol: 'TCP', port }] });
    }
  };
  rule(input.appPort, input.appPortPeers);
  rule(input.metricsPort, input.metricsPeers);
  return { podSelector: { matchLabels: { ...input.podLabels } }, policyTypes: ['Ingress'], ingress };
}

/** The ports daprd listens on for other pods, as the injector reads them from the pod annotations. */
export interface DaprListenPorts {
  /** `dapr.io/internal-grpc-port`, else 50002. */
  readonly internalGrpcPort: number;
  /** `dapr.io/metrics-port`, else 9090; undefined when `dapr.io/enable-metrics` turns metrics off. */
  readonly metricsPort?: number;
}

/** A port annotation as the injector reads it: a bad number is ignored (with a warning) for the default. */
function portOf(value: string | undefined, fallback: number): number {
  const n = value === undefined ? NaN : Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : fallback;
}

/** The ports of `DaprListenPorts` from the pod annotations (booleans as the injector parses them). */
export function daprListenPorts(annotations: { readonly [key: string]: string }): DaprListenPorts {
  const metrics = annotations['dapr.io/enable-metrics'];
  const metricsOn = metrics === undefined || ['y', 'yes', 'true', 't', 'on', '1'].includes(String(metrics).toLowerCase());
  return {
    internalGrpcPort: portOf(annotations['dapr.io/internal-grpc-port'], DAPR_INTERNAL_GRPC_PORT),
    metricsPort: metricsOn ? portOf(annotations['dapr.io/metrics-port'], DAPR_METRICS_PORT) : undefined,
  };
}
