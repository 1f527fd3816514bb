/**
 * The Dapr sidecar injector's cluster-side settings that shape the security context of the `daprd`
 * container it adds to every pod with `dapr.io/enabled: "true"`. Each one is a Helm value of the Dapr
 * chart, `dapr_sidecar_injector.<name>`; a manifest cannot set them.
 */
export interface DaprInjectorConfig {
  /**
   * `dapr_sidecar_injector.sidecarDropALLCapabilities`: daprd gets `capabilities.drop: [ALL]`.
   * @default false (the chart default)
   */
  readonly sidecarDropALLCapabilities?: boolean;
  /**
   * `dapr_sidecar_injector.sidecarRunAsNonRoot`: daprd gets `runAsNonRoot: true` (else `false`).
   * @default true (the chart default)
   */
  readonly sidecarRunAsNonRoot?: boolean;
  /**
   * `dapr_sidecar_injector.sidecarRunAsUser`: daprd's `runAsUser` when larger than 0.
   * @default - unset (the chart default)
   */
  readonly sidecarRunAsUser?: number;
  /**
   * `dapr_sidecar_injector.sidecarRunAsGroup`: daprd's `runAsGroup` when larger than 0.
   * @default - unset (the chart default)
   */
  readonly sidecarRunAsGroup?: number;
  /**
   * `dapr_sidecar_injector.sidecarReadOnlyRootFilesystem`: daprd gets `readOnlyRootFilesystem: true`.
   * @default true (the chart default)
   */
  readonly sidecarReadOnlyRootFilesystem?: boolean;
}

/** The Dapr chart's defaults: daprd keeps its capabilities, so a pod fails Pod Security "restricted". */
export const DAPR_CHART_INJECTOR_DEFAULTS: DaprInjectorConfig = Object.freeze({
  sidecarDropALLCapabilities: false,
  sidecarRunAsNonRoot: true,
  sidecarReadOnlyRootFilesystem: true,
});

/**
 * The injector settings under which every pod this library renders passes Pod Security "restricted"
 * with its sidecar injected. The seccomp profile is not among them: the injector has no cluster-wide
 * setting for it, so each pod carries `dapr.io/sidecar-seccomp-profile-type: RuntimeDefault` (a DaprApp
 * sets it).
 */
export const RECOMMENDED_DAPR_INJECTOR_CONFIG: DaprInjectorConfig = Object.freeze({
  sidecarDropALLCapabilities: true,
  sidecarRunAsNonRoot: true,
  sidecarReadOnlyRootFilesystem: true,
});

/** `helm install`/`upgrade` arguments (`--set name=value`, sorted) that give the Dapr chart `config`. */
export function daprInjectorHelmSetFlags(config: DaprInjectorConfig): string[] {
  return Object.keys(config)
    .filter((k) => (config as any)[k] !== undefined)
    .sort()
    .flatMap((k) => ['--set', `dapr_sidecar_injector.${k}=${(config as any)[k]}`]);
}

/**
 * The settings a running injector uses, from its container's environment (the Helm values become
 * `SIDECAR_RUN_AS_NON_ROOT`, `SIDECAR_READ_ONLY_ROOT_FILESYSTEM` and `SIDECAR_DROP_ALL_CAPABILITIES`),
 * parsed as the injector parses them: the first two are true when unset, the last false.
 */
export function daprInjectorConfigFromEnv(env: Readonly<Record<string, string | undefined>>): DaprInjectorConfig {
  const flag = (name: string, unset: boolean) => (env[name] === undefined || env[name] === '' ? unset : daprAnnotationTrue(env[name]));
  return {
    sidecarDropALLCapabilities: flag('SIDECAR_DROP_ALL_CAPABILITIES', false),
    sidecarRunAsNonRoot: flag('SIDECAR_RUN_AS_NON_ROOT', true),
    sidecarReadOnlyRootFilesystem: flag('SIDECAR_READ_ONLY_ROOT_FILESYSTEM', true),
  };
}

/**
 * The settings of the injector Deployment among `objects` (such as the output of
 * `kubectl get deployment dapr-sidecar-injector -n dapr-system -o json`), or undefined when there is none:
 * the plain `env` values of its container (values from ConfigMaps or Secrets are not resolved).
 */
export function daprInjectorConfigOf(objects: readonly unknown[]): DaprInjectorConfig | undefined {
  const injector: any = objects.find((o: any) => o?.kind === 'Deployment' && o?.metadata?.name === 'dapr-sidecar-injector');
  if (!injector) return undefined;
  const containers: any[] = injector.spec?.template?.spec?.containers ?? [];
  const container = containers.find((c) => c?.name === 'dapr-sidecar-injector') ?? containers[0];
  const env: Record<string, string> = {};
  for (const e of container?.env ?? []) if (typeof e?.name === 'string' && typeof e.value === 'string') env[e.name] = e.value;
  return daprInjectorConfigFromEnv(env);
}

/** The injector's boolean annotation parsing: `y`, `yes`, `true`, `t`, `on` or `1`, any case. */
export function daprAnnotationTrue(value: unknown): boolean {
  return typeof value === 'string' && /^(y|yes|true|t|on|1)$/i.test(value.trim());
}

/** Variable names of a `dapr.io/env` (`K=v,K2=v2`) or `dapr.io/env-from-secret` (`K=secret[:key]`) value. */
export function daprEnvAnnotationKeys(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return [...value.matchAll(/(?:^|,)\s*([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]);
}

/** Where the injected daprd sits: a regular container, or a native sidecar (init container). */
export interface InjectedSidecar {
  /** The container list the injector appends daprd to. */
  readonly list: 'containers' | 'initContainers';
  /** The daprd container as the injector renders it (security-relevant fields only). */
  readonly container: Record<string, any>;
  /** Volumes the injector adds to the pod. */
  readonly volumes: ReadonlyArray<Record<string, any>>;
}

/**
 * The `daprd` container that Dapr's injector (1.18) would add to a pod with `annotations`, or undefined
 * when `dapr.io/enabled` is not true: `allowPrivilegeEscalation: false` always; `runAsNonRoot`,
 * `runAsUser`, `runAsGroup`, `readOnlyRootFilesystem` and `capabilities.drop: [ALL]` from `config`;
 * `seccompProfile` only from the pod's `dapr.io/sidecar-seccomp-profile-type`. An `SSL_CERT_DIR` variable
 * in `dapr.io/env` or `dapr.io/env-from-secret` makes the injector set `runAsNonRoot: false` and drop
 * the user and group, as it does for Windows images.
 */
export function injectedDaprSidecar(annotations: Record<string, unknown> | undefined, config: DaprInjectorConfig = DAPR_CHART_INJECTOR_DEFAULTS): InjectedSidecar | undefined {
  const a = annotations ?? {};
  if (!daprAnnotationTrue(a['dapr.io/enabled'])) return undefined;
  const c = { ...DAPR_CHART_INJECTOR_DEFAULTS, ...config };
  const securityContext: Record<string, any> = {
    allowPrivilegeEscalation: false,
    runAsNonRoot: c.sidecarRunAsNonRoot !== false,
    readOnlyRootFilesystem: c.sidecarReadOnlyRootFilesystem !== false,
  };
  if (c.sidecarRunAsUser !== undefined && c.sidecarRunAsUser > 0) securityContext.runAsUser = c.sidecarRunAsUser;
  if (c.sidecarRunAsGroup !== undefined && c.sidecarRunAsGroup > 0) securityContext.runAsGroup = c.sidecarRunAsGroup;
  const seccomp = a['dapr.io/sidecar-seccomp-profile-type'];
  if (typeof seccomp === 'string' && seccomp !== '') securityContext.seccompProfile = { type: seccomp };
  if (c.sidecarDropALLCapabilities) securityContext.capabilities = { drop: ['ALL'] };
  const envKeys = [...daprEnvAnnotationKeys(a['dapr.io/env']), ...daprEnvAnnotationKeys(a['dapr.io/env-from-secret'])];
  if (envKeys.includes('SSL_CERT_DIR')) {
    securityContext.runAsNonRoot = false;
    securityContext.readOnlyRootFilesystem = false;
    delete securityContext.runAsUser;
    delete securityContext.runAsGroup;
  }
  const volumes: Array<Record<string, any>> = [{ name: 'dapr-identity-token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }];
  if (typeof a['dapr.io/unix-domain-socket-path'] === 'string' && a['dapr.io/unix-domain-socket-path'] !== '') {
    volumes.push({ name: 'dapr-unix-domain-socket', emptyDir: {} });
  }
  return {
    list: daprAnnotationTrue(a['dapr.io/enable-native-sidecar']) ? 'initContainers' : 'containers',
    container: {
      name: 'daprd',
      securityContext,
      ports: [{ name: 'dapr-http', containerPort: 3500 }, { name: 'dapr-grpc', containerPort: 50001 }, { name: 'dapr-internal', containerPort: 50002 }, { name: 'dapr-metrics', containerPort: 9090 }],
    },
    volumes,
  };
}
