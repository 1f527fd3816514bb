import { appNetworkPolicySpec } from '../../lib/workloads/network-policy';

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
