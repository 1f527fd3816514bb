import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { booleanProblem, enumProblem } from '../core/checks';
import { describeProblem, fieldError, FieldProblem, show } from '../core/errors';
import { isDnsSubdomain } from '../core/names';
import { addDuplicateValidation, resolveNamespace } from '../core/scope';
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

/** A preview feature switch (`spec.features[]`). */
export interface FeatureFlag {
  readonly name: string;
  readonly enabled: boolean;
}

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
    if (!isDnsSubdomain(this.configurationName)) {
      throw fieldError(this, { field: 'name', problem: `${show(this.configurationName)} is not a DNS-1123 name`, fix: 'use lowercase letters, digits and "-"' });
    }
    const problem = [
      booleanProblem('apiLogging', props.apiLogging),
      booleanProblem('tracing.stdout', props.tracing?.stdout),
      booleanProblem('tracing.otelIsSecure', props.tracing?.otelIsSecure),
      ...(props.features ?? []).map((f, i) => booleanProblem(`features[${i}].enabled`, f?.enabled)),
    ].find((p): p is FieldProblem => p !== undefined);
    if (problem) throw fieldError(this, problem);
    if (props.accessControl !== undefined) this.enableAccessControl(props.accessControl);
    for (const s of props.secretScopes ?? []) this.addSecretScope(s);
    const tracing = props.tracing;
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
          features: props.features?.map((f) => ({ name: f.name, enabled: f.enabled })),
          logging: props.apiLogging === undefined ? undefined : { apiLogging: { enabled: props.apiLogging } },
          accessControl: this.accessControl && renderAccessControl(this.accessControl, this.policies.map((p) => p())),
        }),
      }),
    } as any);
    addDuplicateValidation<DaprConfiguration>(this, 'Dapr configuration', (c) => `${c.namespace}/${c.configurationName}`, DaprConfiguration.isDaprConfiguration);
    this.node.addValidation({ validate: () => this.validateScopes() });
  }

  /** Adds a secret scope. A second scope for the same store is an error (daprd rejects it). */
  public addSecretScope(scope: SecretScope): void {
    const access = enumProblem(`spec.secrets.scopes[${scope.storeName}].defaultAccess`, scope.defaultAccess, 'SecretAccess', SecretAccess);
    if (access) throw fieldError(this, access);
    if (this.scopes.some((s) => s.storeName === scope.storeName)) {
      throw fieldError(this, {
        field: 'spec.secrets.scopes',
        problem: `store ${show(scope.storeName)} already has a scope`,
        fix: 'merge the two scopes into one',
      });
    }
    this.scopes.push(scope);
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
      throw fieldError(this, { field: 'allowInvocationFrom', problem: `${caller.node.path} is a construct but no DaprApp`, fix: 'pass a DaprApp, or { appId, namespace } for an app outside the program' });
    }
    const identity = fromApp ? { appId: caller.appId, namespace: caller.namespace } : caller;
    const label = `allowInvocationFrom(${typeof identity?.appId === 'string' ? identity.appId : '?'})`;
    const problem = (fromApp ? [] : callerProblems(label, caller)).concat(grantProblems(label, options))[0];
    if (problem) throw fieldError(this, problem);
    const key = `${identity.namespace}/${identity.appId}`;
    if (this.callers.has(key)) {
      throw fieldError(this, {
        field: label,
        problem: `app ${show(identity.appId)} of namespace ${show(identity.namespace)} already has a policy; daprd keeps only one policy per caller`,
        fix: 'grant each caller once, with every operation it needs',
      });
    }
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

  private enableAccessControl(options: AccessControlOptions): void {
    const problem = accessControlProblems('accessControl', options)[0];
    if (problem) throw fieldError(this, problem);
    this.accessControl = options;
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
