import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { booleanProblem, enumProblem } from '../core/checks';
import { describeProblem, fieldError, FieldProblem, show } from '../core/errors';
import { isDnsSubdomain } from '../core/names';
import { addDuplicateValidation, resolveNamespace } from '../core/scope';

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
