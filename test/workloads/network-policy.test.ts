import { appNetworkPolicySpec, daprListenPorts } from '../../lib/workloads/network-policy';

const DAPR_ONLY = {
  from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'dapr.io/app-id', operator: 'Exists' }] } }],
  ports: [{ protocol: 'TCP', port: 50002 }],
};

describe('appNetworkPolicySpec', () => {
  test('by default only Dapr sidecars, on the internal gRPC port; nothing on the app port', () => {
    expect(appNetworkPolicySpec({ podLabels: { app: 'orders' }, namespace: 'shop', appPort: 8000 })).toEqual({
      podSelector: { matchLabels: { app: 'orders' } },
      policyTypes: ['Ingress'],
      ingress: [DAPR_ONLY],
    });
  });

  test('a custom internal gRPC port', () => {
    const spec = appNetworkPolicySpec({ podLabels: { app: 'orders' }, namespace: 'shop', internalGrpcPort: 6002 }) as any;
    expect(spec.ingress).toEqual([{ ...DAPR_ONLY, ports: [{ protocol: 'TCP', port: 6002 }] }]);
  });

  test('peers named for the app port: same namespace by default, another namespace, or every namespace', () => {
    const spec = appNetworkPolicySpec({
      podLabels: { app: 'orders' },
      namespace: 'shop',
      appPort: 8000,
      appPortPeers: [{ podLabels: { app: 'gateway' } }, { namespace: 'ingress' }, { podLabels: { role: 'probe' }, namespace: '*' }],
    }) as any;
    expect(spec.ingress[1]).toEqual({
      from: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'gateway' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } }, podSelector: {} },
        { namespaceSelector: {}, podSelector: { matchLabels: { role: 'probe' } } },
      ],
      ports: [{ protocol: 'TCP', port: 8000 }],
    });
  });

  test('peers without an app port open nothing', () => {
    const spec = appNetworkPolicySpec({ podLabels: { app: 'w' }, namespace: 'n', appPortPeers: [{ namespace: '*' }] }) as any;
    expect(spec.ingress).toEqual([DAPR_ONLY]);
  });
});

describe('appNetworkPolicySpec, metrics', () => {
  test('the metrics port opens only to the peers named, after the app port', () => {
    const spec = appNetworkPolicySpec({
      podLabels: { app: 'orders' }, namespace: 'shop', appPort: 8000, appPortPeers: [{ podLabels: { app: 'gateway' } }],
      metricsPort: 9090, metricsPeers: [{ podLabels: { app: 'prometheus' }, namespace: 'monitoring' }],
    }) as any;
    expect(spec.ingress.map((r: any) => r.ports)).toEqual([[{ protocol: 'TCP', port: 50002 }], [{ protocol: 'TCP', port: 8000 }], [{ protocol: 'TCP', port: 9090 }]]);
    expect(spec.ingress[2].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }]);
  });

  test('no metrics rule without peers or without a metrics port', () => {
    expect((appNetworkPolicySpec({ podLabels: { app: 'a' }, namespace: 'n', metricsPort: 9090 }) as any).ingress).toEqual([DAPR_ONLY]);
    expect((appNetworkPolicySpec({ podLabels: { app: 'a' }, namespace: 'n', metricsPeers: [{ namespace: '*' }] }) as any).ingress).toEqual([DAPR_ONLY]);
  });
});

describe('daprListenPorts', () => {
  test('the injector defaults', () => {
    expect(daprListenPorts({})).toEqual({ internalGrpcPort: 50002, metricsPort: 9090 });
  });

  test('the port annotations; a bad number falls back to the default, as the injector does', () => {
    expect(daprListenPorts({ 'dapr.io/internal-grpc-port': '6002', 'dapr.io/metrics-port': '9191' })).toEqual({ internalGrpcPort: 6002, metricsPort: 9191 });
    expect(daprListenPorts({ 'dapr.io/internal-grpc-port': 'x', 'dapr.io/metrics-port': '70000' })).toEqual({ internalGrpcPort: 50002, metricsPort: 9090 });
  });

  test('dapr.io/enable-metrics: only the injector\'s true values keep metrics on', () => {
    for (const on of ['true', 'TRUE', 'yes', 'y', 't', 'on', '1']) expect(daprListenPorts({ 'dapr.io/enable-metrics': on }).metricsPort).toBe(9090);
    for (const off of ['false', 'no', '0', '']) expect(daprListenPorts({ 'dapr.io/enable-metrics': off }).metricsPort).toBeUndefined();
  });
});
