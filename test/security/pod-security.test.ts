import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  checkPodSecurity, DAPR_CHART_INJECTOR_DEFAULTS, formatPodSecurityFinding, podSecurityRules, podTemplates, RECOMMENDED_DAPR_INJECTOR_CONFIG,
} from '../../lib';

const DIST = path.join(__dirname, '..', '..', 'dist');

/** Every object of every YAML file under dist/. */
function distObjects(): any[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.yaml')) files.push(p);
    }
  };
  walk(DIST);
  return files.sort().flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS()).filter(Boolean));
}

/** A Deployment that passes "restricted" with the recommended injector values: the dist/ one, without cdk8s labels. */
function basePod(): any {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop', namespace: 'apps' },
    spec: {
      template: {
        metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'shop', 'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault' } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001 },
          containers: [{
            name: 'app', image: 'shop:1',
            ports: [{ containerPort: 8000 }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

const recommended = (objs: unknown[]) => checkPodSecurity(objs, { injector: RECOMMENDED_DAPR_INJECTOR_CONFIG });

describe('checkPodSecurity on dist/', () => {
  const objects = distObjects();

  test('dist/ has Dapr-enabled pods to check', () => {
    const pods = podTemplates(objects);
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) expect(p.metadata.annotations?.['dapr.io/enabled']).toBe('true');
  });

  test('every pod in dist/ passes "restricted" with the recommended injector values', () => {
    expect(recommended(objects).map(formatPodSecurityFinding)).toEqual([]);
  });

  test('with the Dapr chart defaults, each pod fails only because daprd keeps its capabilities', () => {
    const findings = checkPodSecurity(objects, { injector: DAPR_CHART_INJECTOR_DEFAULTS });
    const pods = podTemplates(objects);
    expect(findings).toHaveLength(pods.length);
    for (const f of findings) {
      expect(f).toMatchObject({ container: 'daprd', injected: true, rule: 'capabilities_restricted', field: 'spec.template.spec.containers[daprd].securityContext.capabilities.drop' });
      expect(formatPodSecurityFinding(f)).toContain('Fix: set the Dapr Helm value dapr_sidecar_injector.sidecarDropALLCapabilities=true');
    }
  });

  test('the chart defaults are the default', () => {
    expect(checkPodSecurity(objects)).toEqual(checkPodSecurity(objects, { injector: DAPR_CHART_INJECTOR_DEFAULTS }));
  });

  test('dist/ pods also pass "baseline" with the chart defaults', () => {
    expect(checkPodSecurity(objects, { level: 'baseline' })).toEqual([]);
  });
});

describe('checkPodSecurity rules', () => {
  test('the base pod passes', () => {
    expect(recommended([basePod()])).toEqual([]);
  });

  type Case = [string, (d: any) => void, { rule: string; field: string; container?: string; injected?: boolean }];
  const spec = (d: any) => d.spec.template.spec;
  const app = (d: any) => spec(d).containers[0];
  const appSc = (d: any) => app(d).securityContext;
  const S = 'spec.template.spec';
  const A = `${S}.containers[app]`;
  const cases: Case[] = [
    ['hostNetwork', (d) => { spec(d).hostNetwork = true; }, { rule: 'hostNamespaces', field: `${S}.hostNetwork` }],
    ['hostPID', (d) => { spec(d).hostPID = true; }, { rule: 'hostNamespaces', field: `${S}.hostPID` }],
    ['hostIPC', (d) => { spec(d).hostIPC = true; }, { rule: 'hostNamespaces', field: `${S}.hostIPC` }],
    ['privileged', (d) => { appSc(d).privileged = true; }, { rule: 'privileged', field: `${A}.securityContext.privileged`, container: 'app' }],
    ['capability added', (d) => { appSc(d).capabilities.add = ['SYS_ADMIN']; }, { rule: 'capabilities_restricted', field: `${A}.securityContext.capabilities.add`, container: 'app' }],
    ['NET_RAW added', (d) => { appSc(d).capabilities.add = ['NET_RAW']; }, { rule: 'capabilities_restricted', field: `${A}.securityContext.capabilities.add`, container: 'app' }],
    ['ALL not dropped', (d) => { appSc(d).capabilities.drop = ['NET_RAW']; }, { rule: 'capabilities_restricted', field: `${A}.securityContext.capabilities.drop`, container: 'app' }],
    ['allowPrivilegeEscalation unset', (d) => { delete appSc(d).allowPrivilegeEscalation; }, { rule: 'allowPrivilegeEscalation', field: `${A}.securityContext.allowPrivilegeEscalation`, container: 'app' }],
    ['allowPrivilegeEscalation true', (d) => { appSc(d).allowPrivilegeEscalation = true; }, { rule: 'allowPrivilegeEscalation', field: `${A}.securityContext.allowPrivilegeEscalation`, container: 'app' }],
    ['runAsNonRoot false on a container', (d) => { appSc(d).runAsNonRoot = false; }, { rule: 'runAsNonRoot', field: `${A}.securityContext.runAsNonRoot`, container: 'app' }],
    ['runAsNonRoot false on the pod', (d) => { spec(d).securityContext.runAsNonRoot = false; appSc(d).runAsNonRoot = true; }, { rule: 'runAsNonRoot', field: `${S}.securityContext.runAsNonRoot` }],
    ['runAsUser 0 on the pod', (d) => { spec(d).securityContext.runAsUser = 0; }, { rule: 'runAsUser', field: `${S}.securityContext.runAsUser` }],
    ['runAsUser 0 on a container', (d) => { appSc(d).runAsUser = 0; }, { rule: 'runAsUser', field: `${A}.securityContext.runAsUser`, container: 'app' }],
    ['seccomp Unconfined', (d) => { appSc(d).seccompProfile.type = 'Unconfined'; }, { rule: 'seccompProfile_restricted', field: `${A}.securityContext.seccompProfile.type`, container: 'app' }],
    ['seccomp unset', (d) => { delete appSc(d).seccompProfile; }, { rule: 'seccompProfile_restricted', field: `${A}.securityContext.seccompProfile`, container: 'app' }],
    ['hostPath volume', (d) => { spec(d).volumes.push({ name: 'host', hostPath: { path: '/' } }); }, { rule: 'restrictedVolumes', field: `${S}.volumes[host].hostPath` }],
    ['nfs volume', (d) => { spec(d).volumes.push({ name: 'share', nfs: { server: 'nfs', path: '/' } }); }, { rule: 'restrictedVolumes', field: `${S}.volumes[share].nfs` }],
    ['hostPort', (d) => { app(d).ports[0].hostPort = 8000; }, { rule: 'hostPorts', field: `${A}.ports[8000].hostPort`, container: 'app' }],
    ['procMount Unmasked', (d) => { appSc(d).procMount = 'Unmasked'; }, { rule: 'procMount', field: `${A}.securityContext.procMount`, container: 'app' }],
    ['unsafe sysctl', (d) => { spec(d).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }, { rule: 'sysctls', field: `${S}.securityContext.sysctls[kernel.msgmax]` }],
    ['AppArmor Unconfined', (d) => { appSc(d).appArmorProfile = { type: 'Unconfined' }; }, { rule: 'appArmorProfile', field: `${A}.securityContext.appArmorProfile.type`, container: 'app' }],
    ['AppArmor annotation unconfined', (d) => { d.spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/app'] = 'unconfined'; }, { rule: 'appArmorProfile', field: 'spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]', container: 'app' }],
    ['SELinux custom type', (d) => { appSc(d).seLinuxOptions = { type: 'spc_t' }; }, { rule: 'seLinuxOptions', field: `${A}.securityContext.seLinuxOptions`, container: 'app' }],
    ['SELinux custom user', (d) => { spec(d).securityContext.seLinuxOptions = { user: 'root' }; }, { rule: 'seLinuxOptions', field: `${S}.securityContext.seLinuxOptions` }],
    ['Windows HostProcess', (d) => { appSc(d).windowsOptions = { hostProcess: true }; }, { rule: 'windowsHostProcess', field: `${A}.securityContext.windowsOptions.hostProcess`, container: 'app' }],
    ['probe host', (d) => { app(d).livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }; }, { rule: 'hostProbesAndHostLifecycle', field: `${A}.livenessProbe.httpGet.host`, container: 'app' }],
    ['lifecycle host', (d) => { app(d).lifecycle = { preStop: { tcpSocket: { host: 'node', port: 1 } } }; }, { rule: 'hostProbesAndHostLifecycle', field: `${A}.lifecycle.preStop.tcpSocket.host`, container: 'app' }],
    ['an init container', (d) => { spec(d).initContainers = [{ name: 'init', image: 'x', securityContext: { ...appSc(d), privileged: true } }]; }, { rule: 'privileged', field: `${S}.initContainers[init].securityContext.privileged`, container: 'init' }],
    ['no seccomp annotation: the injected daprd has none', (d) => { delete d.spec.template.metadata.annotations['dapr.io/sidecar-seccomp-profile-type']; }, { rule: 'seccompProfile_restricted', field: `${S}.containers[daprd].securityContext.seccompProfile`, container: 'daprd', injected: true }],
    ['seccomp annotation Unconfined', (d) => { d.spec.template.metadata.annotations['dapr.io/sidecar-seccomp-profile-type'] = 'Unconfined'; }, { rule: 'seccompProfile_restricted', field: `${S}.containers[daprd].securityContext.seccompProfile.type`, container: 'daprd', injected: true }],
    ['SSL_CERT_DIR in dapr.io/env: the injector runs daprd with runAsNonRoot false', (d) => { d.spec.template.metadata.annotations['dapr.io/env'] = 'SSL_CERT_DIR=/certs'; }, { rule: 'runAsNonRoot', field: `${S}.containers[daprd].securityContext.runAsNonRoot`, container: 'daprd', injected: true }],
    ['native sidecar without the seccomp annotation', (d) => { Object.assign(d.spec.template.metadata.annotations, { 'dapr.io/enable-native-sidecar': 'true' }); delete d.spec.template.metadata.annotations['dapr.io/sidecar-seccomp-profile-type']; }, { rule: 'seccompProfile_restricted', field: `${S}.initContainers[daprd].securityContext.seccompProfile`, container: 'daprd', injected: true }],
  ];

  test.each(cases)('%s', (_name, mutate, expected) => {
    const d = basePod();
    mutate(d);
    const findings = recommended([d]);
    expect(findings).toEqual([expect.objectContaining({ object: 'apps/Deployment/shop', container: undefined, injected: false, ...expected })]);
    expect(findings[0].fix.length).toBeGreaterThan(0);
    expect(formatPodSecurityFinding(findings[0])).toMatch(new RegExp(`^apps/Deployment/shop: .*\\(Pod Security (baseline|restricted) rule ${expected.rule}\\)\\. Fix: `));
  });

  test('every restricted rule has a crafted violation above', () => {
    const covered = new Set(cases.map(([, , e]) => e.rule));
    expect(podSecurityRules('restricted').filter((r) => !covered.has(r))).toEqual([]);
  });

  test('at baseline, hostPath and capabilities have their baseline rules and restricted-only rules are off', () => {
    const d = basePod();
    spec(d).volumes.push({ name: 'host', hostPath: { path: '/' } });
    appSc(d).capabilities = { add: ['SYS_ADMIN', 'CHOWN'] };
    delete appSc(d).allowPrivilegeEscalation;
    spec(d).securityContext.seccompProfile = { type: 'Unconfined' };
    expect(checkPodSecurity([d], { level: 'baseline' }).map((f) => [f.rule, f.field])).toEqual([
      ['capabilities_baseline', `${A}.securityContext.capabilities.add`],
      ['hostPathVolumes', `${S}.volumes[host].hostPath`],
      ['seccompProfile_baseline', `${S}.securityContext.seccompProfile.type`],
    ]);
  });

  test('a pod-level seccomp profile covers daprd without the annotation', () => {
    const d = basePod();
    delete d.spec.template.metadata.annotations['dapr.io/sidecar-seccomp-profile-type'];
    spec(d).securityContext.seccompProfile = { type: 'RuntimeDefault' };
    expect(recommended([d])).toEqual([]);
  });

  test('a pod without dapr.io/enabled gets no daprd', () => {
    const d = basePod();
    d.spec.template.metadata.annotations = {};
    expect(checkPodSecurity([d], { injector: DAPR_CHART_INJECTOR_DEFAULTS })).toEqual([]);
  });

  test('sidecarRunAsNonRoot=false fails daprd when the pod does not set runAsNonRoot', () => {
    const d = basePod();
    delete spec(d).securityContext.runAsNonRoot;
    appSc(d).runAsNonRoot = true;
    expect(checkPodSecurity([d], { injector: { ...RECOMMENDED_DAPR_INJECTOR_CONFIG, sidecarRunAsNonRoot: false } })).toEqual([
      expect.objectContaining({ rule: 'runAsNonRoot', container: 'daprd', injected: true, fix: 'set the Dapr Helm value dapr_sidecar_injector.sidecarRunAsNonRoot=true' }),
    ]);
  });

  test('Windows pods are exempt from the Linux-only rules', () => {
    const d = basePod();
    spec(d).os = { name: 'windows' };
    delete appSc(d).allowPrivilegeEscalation;
    delete appSc(d).seccompProfile;
    appSc(d).capabilities = {};
    expect(recommended([d])).toEqual([]);
  });

  describe.each([
    ['Pod', (t: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w', ...t.metadata }, spec: t.spec }), 'spec'],
    ['StatefulSet', (t: any) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'w' }, spec: { template: t } }), 'spec.template.spec'],
    ['DaemonSet', (t: any) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'w' }, spec: { template: t } }), 'spec.template.spec'],
    ['Job', (t: any) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'w' }, spec: { template: t } }), 'spec.template.spec'],
    ['CronJob', (t: any) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'w' }, spec: { jobTemplate: { spec: { template: t } } } }), 'spec.jobTemplate.spec.template.spec'],
  ])('%s', (kind, wrap, specPath) => {
    test('passes like the Deployment, and a violation names its path', () => {
      const t = basePod().spec.template;
      expect(recommended([wrap(t)])).toEqual([]);
      t.spec.hostNetwork = true;
      expect(recommended([wrap(t)])).toEqual([expect.objectContaining({ object: `${kind}/w`, rule: 'hostNamespaces', field: `${specPath}.hostNetwork` })]);
    });
  });

  test('objects that hold no pod are ignored', () => {
    expect(recommended([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }, null, 'text', { kind: 'Deployment' }])).toEqual([]);
  });
});
