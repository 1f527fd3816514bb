import {
  DAPR_CHART_INJECTOR_DEFAULTS, daprAnnotationTrue, daprEnvAnnotationKeys, daprInjectorConfigFromEnv, daprInjectorConfigOf, daprInjectorHelmSetFlags, injectedDaprSidecar,
  RECOMMENDED_DAPR_INJECTOR_CONFIG,
} from '../../lib/security';

const enabled = { 'dapr.io/enabled': 'true' };

describe('injectedDaprSidecar', () => {
  test('injects nothing unless dapr.io/enabled is true', () => {
    expect(injectedDaprSidecar(undefined)).toBeUndefined();
    expect(injectedDaprSidecar({ 'dapr.io/enabled': 'false' })).toBeUndefined();
    expect(injectedDaprSidecar({ 'dapr.io/app-id': 'x' })).toBeUndefined();
  });

  test('with the chart defaults daprd keeps its capabilities and has no seccomp profile', () => {
    expect(injectedDaprSidecar(enabled, DAPR_CHART_INJECTOR_DEFAULTS)!.container.securityContext).toEqual({
      allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true,
    });
  });

  test('with the recommended values and the seccomp annotation daprd drops ALL and runs RuntimeDefault', () => {
    const sidecar = injectedDaprSidecar({ ...enabled, 'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault' }, RECOMMENDED_DAPR_INJECTOR_CONFIG)!;
    expect(sidecar.list).toBe('containers');
    expect(sidecar.container.securityContext).toEqual({
      allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true,
      seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] },
    });
  });

  test('sets runAsUser and runAsGroup only when larger than 0', () => {
    expect(injectedDaprSidecar(enabled, { sidecarRunAsUser: 1000, sidecarRunAsGroup: 2000 })!.container.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 2000 });
    expect(injectedDaprSidecar(enabled, { sidecarRunAsUser: 0 })!.container.securityContext.runAsUser).toBeUndefined();
  });

  test('SSL_CERT_DIR in dapr.io/env or dapr.io/env-from-secret turns runAsNonRoot off, as the injector does', () => {
    for (const a of [{ 'dapr.io/env': 'A=1, SSL_CERT_DIR=/certs' }, { 'dapr.io/env-from-secret': 'SSL_CERT_DIR=certs:dir' }]) {
      const s = injectedDaprSidecar({ ...enabled, ...a }, { ...RECOMMENDED_DAPR_INJECTOR_CONFIG, sidecarRunAsUser: 5 })!.container.securityContext;
      expect(s.runAsNonRoot).toBe(false);
      expect(s.readOnlyRootFilesystem).toBe(false);
      expect(s.runAsUser).toBeUndefined();
    }
  });

  test('a native sidecar goes to initContainers; a unix socket adds an emptyDir', () => {
    const s = injectedDaprSidecar({ ...enabled, 'dapr.io/enable-native-sidecar': 'yes', 'dapr.io/unix-domain-socket-path': '/tmp' })!;
    expect(s.list).toBe('initContainers');
    expect(s.volumes.map((v) => v.name)).toEqual(['dapr-identity-token', 'dapr-unix-domain-socket']);
  });
});

describe('annotation parsing', () => {
  test.each(['y', 'YES', 'true', 'T', 'on', '1', ' true '])('%j is true', (v) => expect(daprAnnotationTrue(v)).toBe(true));
  test.each(['false', '0', '', 'enabled', undefined])('%j is false', (v) => expect(daprAnnotationTrue(v)).toBe(false));
  test('env keys', () => {
    expect(daprEnvAnnotationKeys('A=1,B_2=x=y, C=3')).toEqual(['A', 'B_2', 'C']);
    expect(daprEnvAnnotationKeys(undefined)).toEqual([]);
  });
});

test('daprInjectorHelmSetFlags renders sorted --set flags', () => {
  expect(daprInjectorHelmSetFlags(RECOMMENDED_DAPR_INJECTOR_CONFIG)).toEqual([
    '--set', 'dapr_sidecar_injector.sidecarDropALLCapabilities=true',
    '--set', 'dapr_sidecar_injector.sidecarReadOnlyRootFilesystem=true',
    '--set', 'dapr_sidecar_injector.sidecarRunAsNonRoot=true',
  ]);
});

describe('the settings of a running injector', () => {
  test('from its environment, parsed as the injector does', () => {
    expect(daprInjectorConfigFromEnv({})).toEqual(DAPR_CHART_INJECTOR_DEFAULTS);
    expect(daprInjectorConfigFromEnv({ SIDECAR_DROP_ALL_CAPABILITIES: 'True', SIDECAR_RUN_AS_NON_ROOT: 'true', SIDECAR_READ_ONLY_ROOT_FILESYSTEM: 'true' })).toEqual(RECOMMENDED_DAPR_INJECTOR_CONFIG);
    expect(daprInjectorConfigFromEnv({ SIDECAR_RUN_AS_NON_ROOT: 'false', SIDECAR_DROP_ALL_CAPABILITIES: 'no' })).toMatchObject({ sidecarRunAsNonRoot: false, sidecarDropALLCapabilities: false });
  });

  test('from the injector Deployment', () => {
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'dapr-sidecar-injector', namespace: 'dapr-system' },
      spec: { template: { spec: { containers: [{ name: 'dapr-sidecar-injector', env: [{ name: 'SIDECAR_DROP_ALL_CAPABILITIES', value: 'true' }, { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }] }] } } },
    };
    expect(daprInjectorConfigOf([{ kind: 'Service' }, deployment])).toEqual(RECOMMENDED_DAPR_INJECTOR_CONFIG);
    expect(daprInjectorConfigOf([{ kind: 'Deployment', metadata: { name: 'other' } }])).toBeUndefined();
  });
});
