import { DAPR_CHART_INJECTOR_DEFAULTS, daprEnvAnnotationKeys, DaprInjectorConfig, injectedDaprSidecar } from './dapr-injector';
import { PodTemplate, podTemplates } from './pod-templates';

/** A Pod Security Standards level. */
export type PodSecurityLevel = 'baseline' | 'restricted';

/** The checks of the Kubernetes Pod Security Standards, named as `pod-security-admission` names them. */
export type PodSecurityRule =
  | 'hostNamespaces' | 'privileged' | 'capabilities_baseline' | 'hostPathVolumes' | 'hostPorts' | 'appArmorProfile'
  | 'seLinuxOptions' | 'procMount' | 'seccompProfile_baseline' | 'sysctls' | 'windowsHostProcess' | 'hostProbesAndHostLifecycle'
  | 'restrictedVolumes' | 'allowPrivilegeEscalation' | 'runAsNonRoot' | 'runAsUser' | 'seccompProfile_restricted' | 'capabilities_restricted';

/** One rule a pod breaks. */
export interface PodSecurityFinding {
  /** `[<namespace>/]<Kind>/<name>` of the workload. */
  readonly object: string;
  /** The container, or undefined for a pod-level field. */
  readonly container?: string;
  /** True when the container is the `daprd` sidecar the Dapr injector adds (it is not in the manifest). */
  readonly injected: boolean;
  readonly rule: PodSecurityRule;
  /** The lowest level the rule belongs to. */
  readonly level: PodSecurityLevel;
  /** Dotted path of the field in the object, such as `spec.template.spec.containers[app].securityContext`. */
  readonly field: string;
  /** What is wrong. */
  readonly problem: string;
  /** What to change. */
  readonly fix: string;
}

/** Options of `checkPodSecurity`. */
export interface PodSecurityOptions {
  /**
   * The Dapr sidecar injector's Helm values; the injected daprd of every pod with `dapr.io/enabled: "true"`
   * is checked as this injector would render it.
   * @default DAPR_CHART_INJECTOR_DEFAULTS
   */
  readonly injector?: DaprInjectorConfig;
  /** @default 'restricted' */
  readonly level?: PodSecurityLevel;
}

/** A container of the pod, with where it sits. */
interface Slot {
  readonly c: Record<string, any>;
  readonly name: string;
  readonly field: string;
  readonly injected: boolean;
}

interface Pod {
  readonly t: PodTemplate;
  readonly specField: string;
  readonly spec: Record<string, any>;
  readonly containers: Slot[];
  readonly volumes: Array<Record<string, any>>;
  readonly windows: boolean;
  readonly injector: DaprInjectorConfig;
}

type Emit = (rule: PodSecurityRule, slot: Slot | undefined, field: string, problem: string, fix: string) => void;

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const GOOD_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);
const GOOD_APPARMOR = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

const SECCOMP_ANNOTATION_FIX = 'annotate the pod template with dapr.io/sidecar-seccomp-profile-type: "RuntimeDefault" (a DaprApp does), or set securityContext.seccompProfile.type: RuntimeDefault on the pod';

function obj(v: unknown): Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, any> : {};
}

function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function podOf(t: PodTemplate, injector: DaprInjectorConfig): Pod {
  const specField = t.path === '' ? 'spec' : `${t.path}.spec`;
  const containers: Slot[] = [];
  for (const l of ['initContainers', 'containers', 'ephemeralContainers']) {
    list(t.spec[l]).forEach((c, i) => {
      const name = typeof c?.name === 'string' ? c.name : String(i);
      containers.push({ c: obj(c), name, field: `${specField}.${l}[${name}]`, injected: false });
    });
  }
  const volumes = list(t.spec.volumes).map(obj);
  const sidecar = injectedDaprSidecar(t.metadata.annotations, injector);
  if (sidecar) {
    containers.push({ c: sidecar.container, name: 'daprd', field: `${specField}.${sidecar.list}[daprd]`, injected: true });
    volumes.push(...sidecar.volumes);
  }
  return { t, specField, spec: t.spec, containers, volumes, windows: obj(t.spec.os).name === 'windows', injector };
}

function sc(slot: Slot): Record<string, any> {
  return obj(slot.c.securityContext);
}

function hostNamespaces(p: Pod, emit: Emit): void {
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (p.spec[k] === true) emit('hostNamespaces', undefined, `${p.specField}.${k}`, `${k} is true, so the pod shares the node's namespace`, `remove ${k} (or set it false)`);
  }
}

function privileged(p: Pod, emit: Emit): void {
  for (const s of p.containers) {
    if (sc(s).privileged === true) emit('privileged', s, `${s.field}.securityContext.privileged`, 'the container is privileged', 'remove securityContext.privileged (or set it false)');
  }
}

function capabilitiesBaseline(p: Pod, emit: Emit): void {
  for (const s of p.containers) {
    const extra = list(obj(sc(s).capabilities).add).filter((a) => !BASELINE_CAPABILITIES.has(a));
    if (extra.length > 0) emit('capabilities_baseline', s, `${s.field}.securityContext.capabilities.add`, `adds ${extra.join(', ')}, beyond the baseline capabilities`, `add none of ${extra.join(', ')}`);
  }
}

function hostPathVolumes(p: Pod, emit: Emit): void {
  p.volumes.forEach((v) => {
    if (v.hostPath !== undefined) emit('hostPathVolumes', undefined, `${p.specField}.volumes[${v.name}].hostPath`, 'mounts a directory of the node (hostPath)', 'use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead');
  });
}

function hostPorts(p: Pod, emit: Emit): void {
  for (const s of p.containers) {
    for (const port of list(s.c.ports)) {
      if (typeof port?.hostPort === 'number' && port.hostPort !== 0) {
        emit('hostPorts', s, `${s.field}.ports[${port.containerPort}].hostPort`, `publishes hostPort ${port.hostPort} on the node`, 'remove hostPort; expose the port through a Service');
      }
    }
  }
}

function appArmor(p: Pod, emit: Emit): void {
  const bad = (type: unknown) => type !== undefined && !GOOD_APPARMOR.has(type as string);
  const podType = obj(obj(p.spec.securityContext).appArmorProfile).type;
  if (bad(podType)) emit('appArmorProfile', undefined, `${p.specField}.securityContext.appArmorProfile.type`, `AppArmor profile ${JSON.stringify(podType)} is not RuntimeDefault or Localhost`, 'use RuntimeDefault (or a Localhost profile), or leave it unset');
  for (const s of p.containers) {
    const type = obj(sc(s).appArmorProfile).type;
    if (bad(type)) emit('appArmorProfile', s, `${s.field}.securityContext.appArmorProfile.type`, `AppArmor profile ${JSON.stringify(type)} is not RuntimeDefault or Localhost`, 'use RuntimeDefault (or a Localhost profile), or leave it unset');
  }
  for (const [key, value] of Object.entries(obj(p.t.metadata.annotations))) {
    if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
    if (value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'))) continue;
    const slot = p.containers.find((s) => s.name === key.slice(APPARMOR_ANNOTATION.length));
    emit('appArmorProfile', slot, `${p.t.path === '' ? '' : `${p.t.path}.`}metadata.annotations[${key}]`, `AppArmor profile ${JSON.stringify(value)} is not runtime/default or localhost/*`, 'use runtime/default (or a localhost/ profile), or remove the annotation');
  }
}

function seLinux(p: Pod, emit: Emit): void {
  const check = (o: Record<string, any>, slot: Slot | undefined, field: string) => {
    const why = [
      o.type !== undefined && !SELINUX_TYPES.has(o.type) ? `type ${JSON.stringify(o.type)} is not a container_* type` : undefined,
      o.user ? 'sets a custom user' : undefined,
      o.role ? 'sets a custom role' : undefined,
    ].filter(Boolean);
    if (why.length > 0) emit('seLinuxOptions', slot, field, `SELinux options: ${why.join('; ')}`, 'leave user and role unset and type unset or one of container_t, container_init_t, container_kvm_t, container_engine_t');
  };
  const podSe = obj(p.spec.securityContext).seLinuxOptions;
  if (podSe !== undefined) check(obj(podSe), undefined, `${p.specField}.securityContext.seLinuxOptions`);
  for (const s of p.containers) if (sc(s).seLinuxOptions !== undefined) check(obj(sc(s).seLinuxOptions), s, `${s.field}.securityContext.seLinuxOptions`);
}

function procMount(p: Pod, emit: Emit): void {
  for (const s of p.containers) {
    const v = sc(s).procMount;
    if (v !== undefined && v !== 'Default') emit('procMount', s, `${s.field}.securityContext.procMount`, `procMount ${JSON.stringify(v)} unmasks /proc`, 'remove procMount (or set it Default)');
  }
}

function seccompBaseline(p: Pod, emit: Emit): void {
  if (obj(obj(p.spec.securityContext).seccompProfile).type === 'Unconfined') emit('seccompProfile_baseline', undefined, `${p.specField}.securityContext.seccompProfile.type`, 'seccomp profile is Unconfined', 'use RuntimeDefault');
  for (const s of p.containers) {
    if (obj(sc(s).seccompProfile).type === 'Unconfined') emit('seccompProfile_baseline', s, `${s.field}.securityContext.seccompProfile.type`, 'seccomp profile is Unconfined', s.injected ? 'set dapr.io/sidecar-seccomp-profile-type: "RuntimeDefault"' : 'use RuntimeDefault');
  }
}

function sysctls(p: Pod, emit: Emit): void {
  for (const x of list(obj(p.spec.securityContext).sysctls)) {
    if (!SAFE_SYSCTLS.has(x?.name)) emit('sysctls', undefined, `${p.specField}.securityContext.sysctls[${x?.name}]`, `sysctl ${JSON.stringify(x?.name)} is not one of the safe sysctls`, `remove it; only ${[...SAFE_SYSCTLS].join(', ')} are allowed`);
  }
}

function windowsHostProcess(p: Pod, emit: Emit): void {
  if (obj(obj(p.spec.securityContext).windowsOptions).hostProcess === true) emit('windowsHostProcess', undefined, `${p.specField}.securityContext.windowsOptions.hostProcess`, 'runs as a Windows HostProcess', 'remove windowsOptions.hostProcess');
  for (const s of p.containers) {
    if (obj(sc(s).windowsOptions).hostProcess === true) emit('windowsHostProcess', s, `${s.field}.securityContext.windowsOptions.hostProcess`, 'runs as a Windows HostProcess', 'remove windowsOptions.hostProcess');
  }
}

function hostProbes(p: Pod, emit: Emit): void {
  for (const s of p.containers) {
    const handlers: Array<[string, unknown]> = [
      ...['livenessProbe', 'readinessProbe', 'startupProbe'].map((k): [string, unknown] => [k, s.c[k]]),
      ...['postStart', 'preStop'].map((k): [string, unknown] => [`lifecycle.${k}`, obj(s.c.lifecycle)[k]]),
    ];
    for (const [at, h] of handlers) {
      for (const kind of ['httpGet', 'tcpSocket']) {
        const host = obj(obj(h)[kind]).host;
        if (typeof host === 'string' && host !== '') emit('hostProbesAndHostLifecycle', s, `${s.field}.${at}.${kind}.host`, `${at} reaches host ${JSON.stringify(host)} instead of the pod`, 'remove host (the probe then targets the pod IP)');
      }
    }
  }
}

function restrictedVolumes(p: Pod, emit: Emit): void {
  for (const v of p.volumes) {
    const types = Object.keys(v).filter((k) => k !== 'name');
    const bad = types.filter((k) => !RESTRICTED_VOLUMES.has(k));
    if (bad.length > 0) emit('restrictedVolumes', undefined, `${p.specField}.volumes[${v.name}].${bad[0]}`, `volume type ${bad.join(', ')} is not allowed`, `use one of ${[...RESTRICTED_VOLUMES].join(', ')}`);
  }
}

function allowPrivilegeEscalation(p: Pod, emit: Emit): void {
  if (p.windows) return;
  for (const s of p.containers) {
    if (sc(s).allowPrivilegeEscalation !== false) {
      emit('allowPrivilegeEscalation', s, `${s.field}.securityContext.allowPrivilegeEscalation`, sc(s).allowPrivilegeEscalation === true ? 'is true' : 'is not set to false', 'set securityContext.allowPrivilegeEscalation: false');
    }
  }
}

function sidecarRootFix(p: Pod): string {
  const a = obj(p.t.metadata.annotations);
  if ([...daprEnvAnnotationKeys(a['dapr.io/env']), ...daprEnvAnnotationKeys(a['dapr.io/env-from-secret'])].includes('SSL_CERT_DIR')) {
    return 'remove SSL_CERT_DIR from dapr.io/env and dapr.io/env-from-secret: with it the injector sets runAsNonRoot: false on daprd';
  }
  return 'set the Dapr Helm value dapr_sidecar_injector.sidecarRunAsNonRoot=true';
}

function runAsNonRoot(p: Pod, emit: Emit): void {
  if (p.spec.hostUsers === false) return;
  const pod = obj(p.spec.securityContext).runAsNonRoot;
  if (pod === false) emit('runAsNonRoot', undefined, `${p.specField}.securityContext.runAsNonRoot`, 'is false', 'set securityContext.runAsNonRoot: true on the pod');
  for (const s of p.containers) {
    const v = sc(s).runAsNonRoot;
    if (v === false) emit('runAsNonRoot', s, `${s.field}.securityContext.runAsNonRoot`, 'is false', s.injected ? sidecarRootFix(p) : 'set securityContext.runAsNonRoot: true (or remove it and set it on the pod)');
    else if (v !== true && pod !== true) emit('runAsNonRoot', s, `${s.field}.securityContext.runAsNonRoot`, 'is not set to true, on the container or the pod', 'set securityContext.runAsNonRoot: true on the pod');
  }
}

function runAsUser(p: Pod, emit: Emit): void {
  if (obj(p.spec.securityContext).runAsUser === 0) emit('runAsUser', undefined, `${p.specField}.securityContext.runAsUser`, 'is 0 (root)', 'use a non-zero user ID, or remove runAsUser');
  for (const s of p.containers) {
    if (sc(s).runAsUser === 0) emit('runAsUser', s, `${s.field}.securityContext.runAsUser`, 'is 0 (root)', s.injected ? 'set the Dapr Helm value dapr_sidecar_injector.sidecarRunAsUser to a non-zero ID, or leave it unset' : 'use a non-zero user ID, or remove runAsUser');
  }
}

function seccompRestricted(p: Pod, emit: Emit): void {
  if (p.windows) return;
  const podType = obj(obj(p.spec.securityContext).seccompProfile).type;
  const podOk = GOOD_SECCOMP.has(podType);
  if (podType !== undefined && !podOk) emit('seccompProfile_restricted', undefined, `${p.specField}.securityContext.seccompProfile.type`, `seccomp profile ${JSON.stringify(podType)} is not RuntimeDefault or Localhost`, 'use RuntimeDefault');
  for (const s of p.containers) {
    const type = obj(sc(s).seccompProfile).type;
    if (type !== undefined && !GOOD_SECCOMP.has(type)) {
      emit('seccompProfile_restricted', s, `${s.field}.securityContext.seccompProfile.type`, `seccomp profile ${JSON.stringify(type)} is not RuntimeDefault or Localhost`, s.injected ? SECCOMP_ANNOTATION_FIX : 'use RuntimeDefault');
    } else if (type === undefined && !podOk) {
      emit('seccompProfile_restricted', s, `${s.field}.securityContext.seccompProfile`, 'no seccomp profile is set, on the container or the pod', s.injected ? SECCOMP_ANNOTATION_FIX : 'set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container');
    }
  }
}

function capabilitiesRestricted(p: Pod, emit: Emit): void {
  if (p.windows) return;
  for (const s of p.containers) {
    const caps = obj(sc(s).capabilities);
    if (!list(caps.drop).includes('ALL')) {
      emit('capabilities_restricted', s, `${s.field}.securityContext.capabilities.drop`, 'does not drop ALL capabilities',
        s.injected ? 'set the Dapr Helm value dapr_sidecar_injector.sidecarDropALLCapabilities=true (the chart default is false)' : 'set securityContext.capabilities.drop: [ALL]');
    }
    const extra = list(caps.add).filter((a) => a !== 'NET_BIND_SERVICE');
    if (extra.length > 0) emit('capabilities_restricted', s, `${s.field}.securityContext.capabilities.add`, `adds ${extra.join(', ')}; only NET_BIND_SERVICE may be added`, `remove ${extra.join(', ')} from capabilities.add`);
  }
}

interface Check {
  readonly rule: PodSecurityRule;
  readonly level: PodSecurityLevel;
  readonly run: (p: Pod, emit: Emit) => void;
  /** A baseline check the restricted level replaces with a stricter one. */
  readonly overriddenAtRestricted?: boolean;
}

const CHECKS: readonly Check[] = [
  { rule: 'hostNamespaces', level: 'baseline', run: hostNamespaces },
  { rule: 'privileged', level: 'baseline', run: privileged },
  { rule: 'capabilities_baseline', level: 'baseline', run: capabilitiesBaseline, overriddenAtRestricted: true },
  { rule: 'hostPathVolumes', level: 'baseline', run: hostPathVolumes, overriddenAtRestricted: true },
  { rule: 'hostPorts', level: 'baseline', run: hostPorts },
  { rule: 'appArmorProfile', level: 'baseline', run: appArmor },
  { rule: 'seLinuxOptions', level: 'baseline', run: seLinux },
  { rule: 'procMount', level: 'baseline', run: procMount },
  { rule: 'seccompProfile_baseline', level: 'baseline', run: seccompBaseline, overriddenAtRestricted: true },
  { rule: 'sysctls', level: 'baseline', run: sysctls },
  { rule: 'windowsHostProcess', level: 'baseline', run: windowsHostProcess },
  { rule: 'hostProbesAndHostLifecycle', level: 'baseline', run: hostProbes },
  { rule: 'restrictedVolumes', level: 'restricted', run: restrictedVolumes },
  { rule: 'allowPrivilegeEscalation', level: 'restricted', run: allowPrivilegeEscalation },
  { rule: 'runAsNonRoot', level: 'restricted', run: runAsNonRoot },
  { rule: 'runAsUser', level: 'restricted', run: runAsUser },
  { rule: 'seccompProfile_restricted', level: 'restricted', run: seccompRestricted },
  { rule: 'capabilities_restricted', level: 'restricted', run: capabilitiesRestricted },
];

/** The rules checked at `level` (restricted replaces three baseline rules with stricter ones). */
export function podSecurityRules(level: PodSecurityLevel = 'restricted'): PodSecurityRule[] {
  return CHECKS.filter((c) => (level === 'baseline' ? c.level === 'baseline' : !c.overriddenAtRestricted)).map((c) => c.rule);
}

/**
 * Checks every pod and pod template of `objects` (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
 * CronJob, Pod) against the Kubernetes Pod Security Standard `level`, as Pod Security Admission judges
 * it: after the Dapr injector has added `daprd` to each pod with `dapr.io/enabled: "true"`, modelled for
 * the injector settings `options.injector`. Pure: reads plain objects (parsed YAML), returns findings in
 * object, container and rule order; an empty array means every pod is admitted.
 */
export function checkPodSecurity(objects: readonly unknown[], options: PodSecurityOptions = {}): PodSecurityFinding[] {
  const level = options.level ?? 'restricted';
  const rules = new Set(podSecurityRules(level));
  const findings: PodSecurityFinding[] = [];
  for (const t of podTemplates(objects)) {
    const pod = podOf(t, options.injector ?? DAPR_CHART_INJECTOR_DEFAULTS);
    for (const check of CHECKS) {
      if (!rules.has(check.rule)) continue;
      check.run(pod, (rule, slot, field, problem, fix) => findings.push({
        object: t.object, container: slot?.name, injected: slot?.injected ?? false, rule, level: check.level, field, problem, fix,
      }));
    }
  }
  return findings;
}

/** One line per finding: `<object>: <field>: <problem> (<rule>). Fix: <fix>`, naming an injected daprd as such. */
export function formatPodSecurityFinding(f: PodSecurityFinding): string {
  const who = f.injected ? ' (the daprd container the Dapr sidecar injector adds)' : '';
  return `${f.object}: ${f.field}${who}: ${f.problem} (Pod Security ${f.level} rule ${f.rule}). Fix: ${f.fix}`;
}
