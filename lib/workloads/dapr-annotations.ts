import { isSensitiveField } from '../components/sensitive-fields';
import { booleanProblem, enumProblem } from '../core/checks';
import { FieldProblem, show } from '../core/errors';

/** `dapr.io/app-protocol`. */
export enum AppProtocol {
  HTTP = 'http',
  GRPC = 'grpc',
  HTTPS = 'https',
  GRPCS = 'grpcs',
  H2C = 'h2c',
}

/** `dapr.io/log-level`. */
export enum LogLevel {
  DEBUG = 'debug',
  INFO = 'info',
  WARN = 'warn',
  ERROR = 'error',
}

/** Requests and limits of the daprd sidecar, as Kubernetes quantities (`100m`, `128Mi`). */
export interface SidecarResources {
  /** `dapr.io/sidecar-cpu-request`. @default - none */
  readonly cpuRequest?: string;
  /** `dapr.io/sidecar-cpu-limit`. @default - none */
  readonly cpuLimit?: string;
  /** `dapr.io/sidecar-memory-request`. @default - none */
  readonly memoryRequest?: string;
  /** `dapr.io/sidecar-memory-limit`. @default - none */
  readonly memoryLimit?: string;
}

/** What the typed annotations are built from. */
export interface DaprAnnotationInput {
  readonly appId: string;
  readonly appPort?: number;
  readonly appProtocol?: AppProtocol;
  readonly config?: string;
  readonly logLevel?: LogLevel;
  readonly enableApiLogging?: boolean;
  readonly sidecar?: SidecarResources;
  /** Further `dapr.io/*` annotations (the escape hatch). */
  readonly extra?: { readonly [key: string]: string };
}

/** Annotations with typed props; the escape hatch may not set them. */
export const TYPED_ANNOTATIONS: readonly string[] = [
  'dapr.io/enabled', 'dapr.io/app-id', 'dapr.io/app-port', 'dapr.io/app-protocol', 'dapr.io/config',
  'dapr.io/log-level', 'dapr.io/enable-api-logging', 'dapr.io/sidecar-cpu-request', 'dapr.io/sidecar-cpu-limit',
  'dapr.io/sidecar-memory-request', 'dapr.io/sidecar-memory-limit',
];

/** The other annotations the sidecar injector reads (Dapr 1.18), open through the escape hatch. */
export const EXTRA_ANNOTATIONS: readonly string[] = [
  'actors-disseminate-timeout', 'api-token-secret', 'app-binding-options-timeout', 'app-channel-address',
  'app-health-check-path', 'app-health-probe-interval', 'app-health-probe-timeout', 'app-health-threshold',
  'app-max-concurrency', 'app-ssl', 'app-token-secret', 'block-shutdown-duration', 'component-container', 'debug-port',
  'disable-builtin-k8s-secret-store', 'disable-init-endpoints', 'enable-app-health-check', 'enable-debug',
  'enable-metrics', 'enable-native-sidecar', 'enable-profiling', 'env', 'env-from-secret', 'graceful-shutdown-seconds',
  'grpc-port', 'http-max-request-size', 'http-read-buffer-size', 'inject-pluggable-components', 'internal-grpc-port',
  'log-as-json', 'max-body-size', 'metrics-port', 'placement-host-address', 'pluggable-components',
  'pluggable-components-sockets-folder', 'read-buffer-size', 'scheduler-host-address', 'sentry-request-jwt-audiences',
  'sidecar-image', 'sidecar-listen-addresses', 'sidecar-liveness-probe-delay-seconds', 'sidecar-liveness-probe-period-seconds',
  'sidecar-liveness-probe-threshold', 'sidecar-liveness-probe-timeout-seconds', 'sidecar-readiness-probe-delay-seconds',
  'sidecar-readiness-probe-period-seconds', 'sidecar-readiness-probe-threshold', 'sidecar-readiness-probe-timeout-seconds',
  'sidecar-seccomp-profile-type', 'sidecar-svc-annotations', 'unix-domain-socket-path', 'volume-mounts', 'volume-mounts-rw',
].map((k) => `dapr.io/${k}`);

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/;

/** Checks the annotation input; returns each problem (never a secret value). */
export function checkDaprAnnotations(input: DaprAnnotationInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const p of [
    enumProblem('appProtocol', input.appProtocol, 'AppProtocol', AppProtocol),
    enumProblem('logLevel', input.logLevel, 'LogLevel', LogLevel),
    booleanProblem('enableApiLogging', input.enableApiLogging),
  ]) if (p) problems.push(p);
  if (input.appPort !== undefined && (!Number.isInteger(input.appPort) || input.appPort < 1 || input.appPort > 65535)) {
    problems.push({ field: 'appPort', problem: `${show(input.appPort)} is not a TCP port`, fix: 'use a whole number from 1 to 65535' });
  }
  for (const [key, value] of Object.entries(input.sidecar ?? {})) {
    if (value !== undefined && !QUANTITY.test(String(value))) {
      problems.push({ field: `sidecar.${key}`, problem: `${JSON.stringify(value)} is not a Kubernetes quantity`, fix: 'use a quantity such as "100m" or "128Mi"' });
    }
  }
  for (const [key, value] of Object.entries(input.extra ?? {})) {
    if (TYPED_ANNOTATIONS.includes(key)) {
      problems.push({ field: `annotations[${key}]`, problem: `${key} has a typed prop`, fix: 'set it with the typed prop instead of the escape hatch' });
    } else if (!EXTRA_ANNOTATIONS.includes(key)) {
      problems.push({ field: `annotations[${key}]`, problem: `${JSON.stringify(key)} is not an annotation the Dapr sidecar injector reads`, fix: 'check the spelling against the dapr.io/* annotations of Dapr 1.18' });
    } else if (typeof value !== 'string') {
      problems.push({ field: `annotations[${key}]`, problem: `annotation values must be strings, got ${typeof value}`, fix: `write it as a string, such as "${String(value)}"` });
    } else if (key === 'dapr.io/env') {
      for (const pair of value.split(',')) {
        const name = pair.split('=')[0].trim();
        if (isSensitiveField('', name)) {
          problems.push({
            field: 'annotations[dapr.io/env]',
            problem: `variable ${JSON.stringify(name)} looks like a credential and dapr.io/env writes its value in plain text (value not shown)`,
            fix: 'put the value in a DeclaredSecret and use dapr.io/env-from-secret, or read it through the Secrets API',
          });
        }
      }
    }
  }
  return problems;
}

/** `input` without the values `problems` (from `checkDaprAnnotations`) name, so a refused value is never rendered. */
export function withoutRefused(input: DaprAnnotationInput, problems: readonly FieldProblem[]): DaprAnnotationInput {
  const refused = new Set(problems.map((p) => p.field));
  const keep = <T extends object>(values: T | undefined, field: (key: string) => string): T | undefined =>
    values === undefined ? undefined : Object.fromEntries(Object.entries(values).filter(([k]) => !refused.has(field(k)))) as T;
  return {
    ...input,
    appPort: refused.has('appPort') ? undefined : input.appPort,
    appProtocol: refused.has('appProtocol') ? undefined : input.appProtocol,
    logLevel: refused.has('logLevel') ? undefined : input.logLevel,
    enableApiLogging: refused.has('enableApiLogging') ? undefined : input.enableApiLogging,
    sidecar: keep(input.sidecar, (k) => `sidecar.${k}`),
    extra: keep(input.extra, (k) => `annotations[${k}]`),
  };
}

/** The pod annotations for a Dapr app: every value a string, keys sorted by cdk8s. */
export function daprAnnotations(input: DaprAnnotationInput): { [key: string]: string } {
  const a: { [key: string]: string } = {
    'dapr.io/enabled': 'true',
    'dapr.io/app-id': input.appId,
    'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault',
  };
  if (input.appPort !== undefined) a['dapr.io/app-port'] = String(input.appPort);
  if (input.appProtocol !== undefined) a['dapr.io/app-protocol'] = input.appProtocol;
  if (input.config !== undefined) a['dapr.io/config'] = input.config;
  if (input.logLevel !== undefined) a['dapr.io/log-level'] = input.logLevel;
  if (input.enableApiLogging !== undefined) a['dapr.io/enable-api-logging'] = String(input.enableApiLogging);
  const s = input.sidecar ?? {};
  if (s.cpuRequest !== undefined) a['dapr.io/sidecar-cpu-request'] = s.cpuRequest;
  if (s.cpuLimit !== undefined) a['dapr.io/sidecar-cpu-limit'] = s.cpuLimit;
  if (s.memoryRequest !== undefined) a['dapr.io/sidecar-memory-request'] = s.memoryRequest;
  if (s.memoryLimit !== undefined) a['dapr.io/sidecar-memory-limit'] = s.memoryLimit;
  return { ...a, ...(input.extra ?? {}) };
}
