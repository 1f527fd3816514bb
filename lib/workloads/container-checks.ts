import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { FieldProblem, fieldError, refuse, show } from '../core/errors';

/** CPU and memory of the app container, as Kubernetes quantities. */
export interface AppResources {
  /** @default '100m' */
  readonly cpuRequest?: string;
  /** @default '500m' */
  readonly cpuLimit?: string;
  /** @default '128Mi' */
  readonly memoryRequest?: string;
  /** @default '256Mi' */
  readonly memoryLimit?: string;
}

/** The defaults of `AppResources`. */
export const DEFAULT_APP_RESOURCES: Required<AppResources> = { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi' };

const CPU = /^([0-9]+(?:\.[0-9]+)?)(m?)$/;
const MEMORY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti)$/;
const MEMORY_UNITS: Record<string, (n: number) => Size> = { Ki: Size.kibibytes, Mi: Size.mebibytes, Gi: Size.gibibytes, Ti: Size.tebibytes };

/** Millicores of a CPU quantity (`"250m"`, `"1"`, `"1.5"`), or undefined when it is none. */
export function cpuMillis(q: unknown): number | undefined {
  const m = typeof q === 'string' ? CPU.exec(q) : null;
  if (!m) return undefined;
  const millis = m[2] ? Number(m[1]) : Number(m[1]) * 1000;
  return Number.isInteger(millis) ? millis : undefined;
}

/** Mebibytes of a memory quantity in binary units (`"128Mi"`, `"1.5Gi"`), as cdk8s-plus renders it (it may throw). */
export function memoryMebibytes(q: string): number {
  const m = MEMORY.exec(q)!;
  return MEMORY_UNITS[m[2]](Number(m[1])).toMebibytes();
}

/** Why `name` cannot name an environment variable (Kubernetes: letters, digits, `_`, `-`, `.`, not starting with a digit). */
export function envNameProblem(name: string): FieldProblem | undefined {
  if (/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) return undefined;
  const suggestion = name.replace(/[^-._a-zA-Z0-9]/g, '_').replace(/^([0-9])/, '_$1') || 'NAME';
  return { field: `env[${show(name)}]`, problem: `${show(name)} is not an environment variable name Kubernetes accepts (letters, digits, "_", "-" and ".", not starting with a digit)`, fix: `rename it, such as ${show(suggestion)}` };
}

/**
 * Rewraps an error cdk8s or cdk8s-plus throws while building from the user's `field` into the project's
 * format: `[path] field: <their message>. Fix: ...`.
 */
export function fromCdk8sPlus<T>(scope: IConstruct, field: string, fix: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw fieldError(scope, { field, problem: `${(e as Error).message}`.replace(/\.$/, ''), fix });
  }
}

/**
 * The container resources for cdk8s-plus, checked now rather than at synth: each value a quantity, memory
 * in whole mebibytes (what cdk8s-plus writes), each request at most its limit (the API server refuses the pod).
 * A refused value is left out (see `refuse`).
 */
export function containerResources(scope: IConstruct, r: AppResources = {}): kplus.ContainerResources {
  const v = { ...DEFAULT_APP_RESOURCES, ...r };
  const cpu = (field: keyof AppResources): { millis: number; value: kplus.Cpu } | undefined => {
    const millis = cpuMillis(v[field]);
    if (millis === undefined) {
      refuse(scope, { field: `resources.${field}`, problem: `${show(v[field])} is not a CPU quantity in whole millicores`, fix: 'use millicores such as "250m" or cores such as "1" or "1.5"' });
      return undefined;
    }
    const q = String(v[field]);
    return { millis, value: q.endsWith('m') ? kplus.Cpu.millis(millis) : kplus.Cpu.units(Number(q)) };
  };
  const memory = (field: keyof AppResources): { mebibytes: number; value: Size } | undefined => {
    const q = v[field];
    if (typeof q !== 'string' || !MEMORY.test(q)) {
      refuse(scope, { field: `resources.${field}`, problem: `${show(q)} is not a memory quantity in Ki, Mi, Gi or Ti`, fix: 'use a binary unit, such as "128Mi" or "1Gi"' });
      return undefined;
    }
    let mebibytes: number;
    try {
      mebibytes = memoryMebibytes(q);
    } catch (e) {
      refuse(scope, { field: `resources.${field}`, problem: `${(e as Error).message}`.replace(/\.$/, ''), fix: 'use whole mebibytes, such as "128Mi", or gibibytes that make whole mebibytes, such as "1.5Gi"' });
      return undefined;
    }
    return { mebibytes, value: Size.mebibytes(mebibytes) };
  };
  const [cpuRequest, cpuLimit] = [cpu('cpuRequest'), cpu('cpuLimit')];
  const [memoryRequest, memoryLimit] = [memory('memoryRequest'), memory('memoryLimit')];
  const requestAboveLimit = (req: 'cpuRequest' | 'memoryRequest', lim: 'cpuLimit' | 'memoryLimit', request?: number, limit?: number): boolean =>
    request !== undefined && limit !== undefined && request > limit
    && refuse(scope, { field: `resources.${req}`, problem: `${show(v[req])} is more than ${lim} ${show(v[lim])}; the API server refuses a pod whose request exceeds its limit`, fix: `lower ${req} or raise ${lim}` });
  const cpuRefused = requestAboveLimit('cpuRequest', 'cpuLimit', cpuRequest?.millis, cpuLimit?.millis);
  const memoryRefused = requestAboveLimit('memoryRequest', 'memoryLimit', memoryRequest?.mebibytes, memoryLimit?.mebibytes);
  return {
    cpu: { request: cpuRefused ? undefined : cpuRequest?.value, limit: cpuLimit?.value },
    memory: { request: memoryRefused ? undefined : memoryRequest?.value, limit: memoryLimit?.value },
  };
}
