import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { booleanProblem, dnsNameProblem, enumProblem } from '../core/checks';
import { describeProblem, fieldError, FieldProblem, refuse, show } from '../core/errors';
import { addDuplicateValidation, resolveNamespace } from '../core/scope';
import { SAMPLING_RATE } from '../validation/plain-values';
import type { DaprApp } from '../workloads/dapr-app';
import {
  AccessAction, AccessControlOptions, accessControlProblems, callerProblems, DEFAULT_TRUST_DOMAIN, ExternalInvocationCaller,
  grantProblems, InvocationGrantOptions, InvocationPolicy, renderAccessControl,
} from './access-control';

/** `defaultAccess` of a secret scope. */
export enum SecretAccess {
  ALLOW = 'allow',
  DENY = 'deny',
}

/** One entry of `spec.secrets.scopes`: what the Secrets API may read from one store. */
export interface SecretScope {
  /** `storeName`: the secret store's component name (`kubernetes` for the built-in store). */
  readonly storeName: string;
  /** `defaultAccess`. @default SecretAccess.DENY */
  readonly defaultAccess?: SecretAccess;
  /** `allowedSecrets`: secret names readable even when access is denied by default. @default - none */
  readonly allowedSecrets?: string[];
  /** `deniedSecrets`. @default - none */
  readonly deniedSecrets?: string[];
}

/** `spec.tracing`. */
export interface TracingOptions {
  /** `samplingRate`, from `"0"` to `"1"`. */
  readonly samplingRate: string;
  /** `zipkin.endpointAddress`. @default - no Zipkin exporter */
  readonly zipkinEndpoint?: string;
  /** `otel.endpointAddress` (gRPC protocol). @default - no OpenTelemetry exporter */
  readonly otelEndpoint?: string;
  /** `otel.isSecure`. @default true */
  readonly otelIsSecure?: boolean;
  /** `stdout`. @default false */
  readonly stdout?: boolean;
}

/**
 * Why `value` is not a tracing sampling rate (a number from 0 to 1 written as a string, as daprd reads it),
 * or undefined when it is one or is undefined.
 */
export function samplingRateProblem(field: string, value: unknown): FieldProblem | undefined {
  if (value === undefined || (typeof value === 'string' && SAMPLING_RATE.test(value.trim()))) return undefined;
  return { field, problem: `${show(value)} is not a sampling rate: daprd reads a number from 0 to 1 written as a string`, fix: 'set samplingRate to "0" (off) up to "1" (every request), such as "0.1"' };
}

/** A preview feature switch (`spec.features[]`). */
export interface FeatureFlag {
  readonly name: string;
  readonly enabled: boolean;
}

/** `TracingOptions` after the checks: a refused sampling rate is left out. */
type CheckedTracing = Omit<TracingOptions, 'samplingRate'> & { readonly samplingRate?: string };

/** Props of a Dapr Configuration. */
export interface DaprConfigurationProps {
  /** `metadata.name`; apps select it with `dapr.io/config`. @default - the construct id */
  readonly name?: string;
  /** `metadata.namespace`. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** `spec.secrets.scopes`. @default - none (more can be added with `addSecretScope`) */
  readonly secretScopes?: SecretScope[];
  /** `spec.tracing`. @default - tracing off */
  readonly tracing?: TracingOptions;
  /** `spec.features`. @default - none */
  readonly features?: FeatureFlag[];
  /** `spec.logging.apiLogging.enabled`. @default - daprd's default (off) */
  readonly apiLogging?: boolean;
  /**
   * `spec.accessControl`: which apps may call this app through service invocation. Once set (or once
   * `allowInvocationFrom` is called), every caller not granted is refused (`defaultAction: deny`).
   * @default - no access control: daprd lets every app invoke every method
   */
  readonly accessControl?: AccessControlOptions;
}

/** A Dapr Configuration (`dapr.io/v1alpha1`), read by sidecars whose pods name it in `dapr.io/config`. */
export class DaprConfiguration extends Construct {
  /** True for Dapr Configurations. */
  public static isDaprConfiguration(x: unknown): x is DaprConfiguration {
    return x instanceof DaprConfiguration;
  }

  public readonly configurationName: string;
  public readonly namespace: string;
  public readonly apiObject: ApiObject;
  private readonly scopes: SecretScope[] = [];
  private readonly scopeProducers: Array<() => SecretScope[]> = [];
  private accessControl?: AccessControlOptions;
  private readonly policies: Array<() => InvocationPolicy> = [];
  private readonly callers = new Set<string>();

  public constructor(scope: Construct, id: string, props: DaprConfigurationProps = {}) {
    super(scope, id);
    this.configurationName = props.name ?? id;
    this.namespace = resolveNamespace(this, props.namespace);
    const nameProblem = dnsNameProblem('name', this.configurationName);
    // The name is read as a string from here on (apps name it in dapr.io/config).
    if (typeof this.configurationName !== 'string') throw fieldError(this, nameProblem!);
    refuse(this, nameProblem);
    const apiLogging = refuse(this, booleanProblem('apiLogging', props.apiLogging)) ? undefined : props.apiLogging;
    const tracing = this.checkTracing(props.tracing);
    const features = props.features?.filter((f, i) => !refuse(this, typeof f === 'object' && f !== null
      ? booleanProblem(`features[${i}].enabled`, f.enabled)
      : { field: `features[${i}]`, problem: `expected { name, enabled }, got ${show(f)}`, fix: "pass { name: 'SchedulerReminders', enabled: true }" }));
    if (props.accessControl !== undefined) this.enableAccessControl(props.accessControl);
    for (const s of props.secretScopes ?? []) this.addSecretScope(s);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Configuration',
      metadata: { name: this.configurationName, namespace: this.namespace },
      spec: Lazy.any({
        produce: () => ({
          secrets: this.renderSecrets(),
          tracing: tracing && {
            samplingRate: tracing.samplingRate,
            stdout: tracing.stdout,
            zipkin: tracing.zipkinEndpoint ? { endpointAddress: tracing.zipkinEndpoint } : undefined,
            otel: tracing.otelEndpoint ? { endpointAddress: tracing.otelEndpoint, protocol: 'grpc', isSecure: tracing.otelIsSecure ?? true } : undefined,
          },
          features: features?.map((f) => ({ name: f.name, enabled: f.enabled })),
          logging: apiLogging === undefined ? undefined : { apiLogging: { enabled: apiLogging } },
          accessControl: this.accessControl && renderAccessControl(this.accessControl, this.policies.map((p) => p())),
        }),
      }),
    } as any);
    addDuplicateValidation<DaprConfiguration>(this, 'Dapr configuration', (c) => `${c.namespace}/${c.configurationName}`, DaprConfiguration.isDaprConfiguration);
    this.node.addValidation({ validate: () => this.validateScopes() });
  }

  /** Adds a secret scope. A second scope for the same store is an error (daprd rejects it). */
  public addSecretScope(scope: SecretScope): void {
    // A refused defaultAccess is left out: the scope denies by default.
    const accessRefused = refuse(this, enumProblem(`spec.secrets.scopes[${scope.storeName}].defaultAccess`, scope.defaultAccess, 'SecretAccess', SecretAccess));
    if (refuse(this, this.scopes.some((s) => s.storeName === scope.storeName) ? {
      field: 'spec.secrets.scopes',
      problem: `store ${show(scope.storeName)} already has a scope`,
      fix: 'merge the two scopes into one',
    } : undefined)) return;
    this.scopes.push(accessRefused ? { ...scope, defaultAccess: undefined } : scope);
  }

  /**
   * The trust domain of the apps that use this Configuration: sentry puts it in their SPIFFE ID, so callers'
   * policies elsewhere must name it.
   */
  public get trustDomain(): string {
    return this.accessControl?.trustDomain ?? DEFAULT_TRUST_DOMAIN;
  }

  /** Whether `spec.accessControl` is written (set by `accessControl` or by a first grant). */
  public get accessControlEnabled(): boolean {
    return this.accessControl !== undefined;
  }

  /**
   * Lets `caller` invoke the apps of this Configuration through service invocation: a `DaprApp` of the
   * program (its app ID, namespace and trust domain are read from it), or `{ appId, namespace, trustDomain }`
   * for a caller outside the program. Without `operations` every method is allowed to it; with them, only
   * those. The first grant turns access control on with its defaults (deny every other caller).
   */
  public allowInvocationFrom(caller: DaprApp | ExternalInvocationCaller, options: InvocationGrantOptions = {}): void {
    const fromApp = Construct.isConstruct(caller);
    if (fromApp && !DaprConfiguration.isDaprConfiguration((caller as DaprApp).configuration)) {
      refuse(this, { field: 'allowInvocationFrom', problem: `${caller.node.path} is a construct but no DaprApp`, fix: 'pass a DaprApp, or { appId, namespace } for an app outside the program' });
      return;
    }
    const identity = fromApp ? { appId: caller.appId, namespace: caller.namespace } : caller;
    const label = `allowInvocationFrom(${typeof identity?.appId === 'string' ? identity.appId : '?'})`;
    // A refused grant is left out whole and turns nothing on, as when it throws.
    if (refuse(this, ...(fromApp ? [] : callerProblems(label, caller)), ...grantProblems(label, options))) return;
    const key = `${identity.namespace}/${identity.appId}`;
    if (refuse(this, this.callers.has(key) ? {
      field: label,
      problem: `app ${show(identity.appId)} of namespace ${show(identity.namespace)} already has a policy; daprd keeps only one policy per caller`,
      fix: 'grant each caller once, with every operation it needs',
    } : undefined)) return;
    this.callers.add(key);
    if (this.accessControl === undefined) this.enableAccessControl({});
    const operations = options.operations ?? [];
    this.policies.push(() => ({
      appId: identity.appId,
      namespace: identity.namespace,
      trustDomain: fromApp ? (caller as DaprApp).configuration.trustDomain : (caller as ExternalInvocationCaller).trustDomain ?? DEFAULT_TRUST_DOMAIN,
      defaultAction: options.defaultAction ?? (operations.length > 0 ? AccessAction.DENY : AccessAction.ALLOW),
      operations,
    }));
  }

  /** Turns access control on; a refused setting is left out, so its default (deny, trust domain "public") applies. */
  private enableAccessControl(options: AccessControlOptions): void {
    const problems = accessControlProblems('accessControl', options);
    if (!refuse(this, ...problems)) {
      this.accessControl = options;
      return;
    }
    const refused = new Set(problems.map((p) => p.field));
    this.accessControl = typeof options !== 'object' || options === null ? {} : {
      defaultAction: refused.has('accessControl.defaultAction') ? undefined : options.defaultAction,
      trustDomain: refused.has('accessControl.trustDomain') ? undefined : options.trustDomain,
    };
  }

  /** `tracing` without the refused values (each is refused here). */
  private checkTracing(tracing: TracingOptions | undefined): CheckedTracing | undefined {
    if (tracing === undefined) return undefined;
    if (refuse(this, typeof tracing === 'object' && tracing !== null ? undefined : {
      field: 'tracing', problem: `expected { samplingRate, ... }, got ${show(tracing)}`, fix: "pass { samplingRate: '1' } and an exporter",
    })) return undefined;
    const rate = refuse(this, samplingRateProblem('tracing.samplingRate', tracing.samplingRate));
    const stdout = refuse(this, booleanProblem('tracing.stdout', tracing.stdout));
    const otelIsSecure = refuse(this, booleanProblem('tracing.otelIsSecure', tracing.otelIsSecure));
    return {
      ...tracing,
      samplingRate: rate ? undefined : tracing.samplingRate,
      stdout: stdout ? undefined : tracing.stdout,
      otelIsSecure: otelIsSecure ? undefined : tracing.otelIsSecure,
    };
  }

  /** Adds scopes computed at synth (used by apps). @internal */
  public _addSecretScopeProducer(produce: () => SecretScope[]): void {
    this.scopeProducers.push(produce);
  }

  /** Every secret scope, sorted by store name. */
  public get secretScopes(): SecretScope[] {
    return [...this.scopes, ...this.scopeProducers.flatMap((p) => p())]
      .sort((a, b) => a.storeName.localeCompare(b.storeName, 'en'));
  }

  private renderSecrets(): unknown {
    const scopes = this.secretScopes;
    if (scopes.length === 0) return undefined;
    return {
      scopes: scopes.map((s) => ({
        storeName: s.storeName,
        defaultAccess: s.defaultAccess ?? SecretAccess.DENY,
        allowedSecrets: s.allowedSecrets?.length ? [...s.allowedSecrets].sort() : undefined,
        deniedSecrets: s.deniedSecrets?.length ? [...s.deniedSecrets].sort() : undefined,
      })),
    };
  }

  private validateScopes(): string[] {
    const seen = new Set<string>();
    const errors: string[] = [];
    for (const s of this.secretScopes) {
      if (seen.has(s.storeName)) {
        errors.push(describeProblem({
          field: 'spec.secrets.scopes',
          problem: `store ${show(s.storeName)} has two scopes; daprd rejects the Configuration`,
          fix: 'keep one scope per store',
        }));
      }
      seen.add(s.storeName);
    }
    return errors;
  }
}
