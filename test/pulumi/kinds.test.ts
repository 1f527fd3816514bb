import { apiGroup, isBuiltinGroup, TYPED_KINDS, WORKLOAD_KINDS } from '../../lib/pulumi';
import { installMocks } from './support/mock-runtime';

const rt = installMocks();

describe('TYPED_KINDS', () => {
  test('each field list is exactly what its @pulumi/kubernetes class passes on (anything else is dropped silently)', async () => {
    const expected: { [apiVersionKind: string]: string[] } = {};
    Object.entries(TYPED_KINDS).forEach(([apiVersionKind, typed], i) => {
      const slash = apiVersionKind.lastIndexOf('/');
      const object: { [field: string]: unknown } = {
        apiVersion: apiVersionKind.slice(0, slash),
        kind: apiVersionKind.slice(slash + 1),
        metadata: { name: `object-${i}`, namespace: 'default' },
        notAField: 'dropped',
      };
      for (const f of typed.fields) object[f] = f === 'automountServiceAccountToken' || f === 'immutable' ? true : { probe: f };
      const ResourceClass = typed.resourceClass();
      new ResourceClass(`probe-${i}`, object);
      expected[`probe-${i}`] = ['apiVersion', 'kind', 'metadata', ...typed.fields].sort();
    });
    await rt.settle();
    const registered = Object.fromEntries(rt.registrations.map((r) => [r.name, Object.keys(r.inputs).sort()]));
    expect(registered).toEqual(expected);
    // and the type token of each class matches its apiVersion and kind
    for (const [i, apiVersionKind] of Object.keys(TYPED_KINDS).entries()) {
      const r = rt.registrations.find((x) => x.name === `probe-${i}`)!;
      expect({ apiVersionKind, apiVersion: r.inputs.apiVersion, kind: r.inputs.kind }).toEqual({
        apiVersionKind, apiVersion: apiVersionKind.slice(0, apiVersionKind.lastIndexOf('/')), kind: apiVersionKind.slice(apiVersionKind.lastIndexOf('/') + 1),
      });
    }
  });

  test('has no Secret: Secrets with data come only from Pulumi config', () => {
    expect(Object.keys(TYPED_KINDS).filter((k) => k.endsWith('/Secret'))).toEqual([]);
  });

  test('workload kinds', () => {
    expect([...WORKLOAD_KINDS].sort()).toEqual(['CronJob', 'DaemonSet', 'Deployment', 'Job', 'Pod', 'ReplicaSet', 'StatefulSet']);
  });
});

describe('API groups', () => {
  test.each([
    ['v1', '', true],
    ['apps/v1', 'apps', true],
    ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io', true],
    ['networking.k8s.io/v1', 'networking.k8s.io', true],
    ['dapr.io/v1alpha1', 'dapr.io', false],
    ['bitnami.com/v1alpha1', 'bitnami.com', false],
    ['external-secrets.io/v1', 'external-secrets.io', false],
  ])('%s is group %j, built in: %s', (apiVersion, group, builtin) => {
    expect(apiGroup(apiVersion)).toBe(group);
    expect(isBuiltinGroup(group)).toBe(builtin);
  });
});
