import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { goDuration } from '../../core/duration';
import { AppGraph } from '../../graph/app-graph';
import { fieldError, refuse, show } from '../../core/errors';
import { dnsNameProblem } from '../../core/checks';
import type { SecretKeyRef } from '../secret-key-ref';
import { ESO_API_VERSION } from '../../validation/schemas/external-secrets';
import { EsoProvider, EsoRenderContext } from './eso-provider';

const BRAND = Symbol.for('dapr-secure-constructs.ExternalSecretStore');

/** The kind of an ESO store, as an ExternalSecret's `spec.secretStoreRef.kind` names it. */
export enum ExternalSecretStoreKind {
  /** A namespaced `SecretStore`: only ExternalSecrets of its namespace use it. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-scoped `ClusterSecretStore`: ExternalSecrets of any allowed namespace use it. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** An External Secrets Operator store that an `ExternalSecretDelivery` reads from. */
export interface IExternalSecretStore extends IConstruct {
  /** `metadata.name`: what `spec.secretStoreRef.name` names. */
  readonly storeRefName: string;
  /** `SecretStore` or `ClusterSecretStore`. */
  readonly kind: ExternalSecretStoreKind;
  /** The store's namespace; undefined for a ClusterSecretStore. */
  readonly namespace: string | undefined;
  /** The provider key under `spec.provider`, such as `vault`. */
  readonly providerName: string;
}

/** `spec.retrySettings`: how ESO retries a failing provider. */
export interface ExternalSecretStoreRetrySettings {
  /** `maxRetries`. @default - ESO's default */
  readonly maxRetries?: number;
  /** `retryInterval`. @default - ESO's default */
  readonly retryInterval?: Duration;
}

/** Options every ESO store takes. */
export interface ExternalSecretStoreOptions {
  /** The backend and the store's own (referenced, never valued) credentials. */
  readonly provider: EsoProvider;
  /** `metadata.name`. @default - the construct id */
  readonly name?: string;
  /**
   * `spec.refreshInterval`: how often ESO re-validates the store, rendered as whole seconds.
   * @default - ESO's default (no periodic re-validation)
   */
  readonly refreshInterval?: Duration;
  /** `spec.retrySettings`. @default - ESO's defaults */
  readonly retrySettings?: ExternalSecretStoreRetrySettings;
  /** `spec.controller`: the ESO controller class that handles the store. @default - every controller */
  readonly controller?: string;
  /** Labels on the store. @default - none */
  readonly labels?: { readonly [key: string]: string };
}

/**
 * What a SecretStore and a ClusterSecretStore share: the provider rendered with checked credential
 * references, refresh and retry settings. Use `ExternalSecretStore` or `ClusterExternalSecretStore`.
 */
export abstract class ExternalSecretStoreBase extends Construct implements IExternalSecretStore {
  /** True for stores made by this library (also across copies of it), never for plain objects or names. */
  public static isExternalSecretStore(x: unknown): x is ExternalSecretStoreBase {
    return x instanceof ExternalSecretStoreBase
      || (typeof x === 'object' && x !== null && (x as any)[BRAND] === true && Construct.isConstruct(x));
  }

  public readonly storeRefName: string;
  public abstract readonly kind: ExternalSecretStoreKind;
  public abstract readonly namespace: string | undefined;
  public readonly providerName: string;
  /** Every credential reference the provider holds (declared secrets, never values). */
  public readonly credentials: readonly SecretKeyRef[];
  /** The SecretStore or ClusterSecretStore object. */
  public readonly apiObject: ApiObject;

  protected constructor(scope: Construct, id: string, kind: ExternalSecretStoreKind, namespace: string | undefined, options: ExternalSecretStoreOptions, extraSpec: Record<string, unknown>) {
    super(scope, id);
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
    this.storeRefName = options.name ?? id;
    refuse(this, dnsNameProblem('name', this.storeRefName));
    // The provider renders the spec below.
    if (!(options.provider instanceof EsoProvider)) {
      throw fieldError(this, {
        field: 'provider',
        problem: `expected an EsoProvider, got ${typeof options.provider === 'string' ? 'a string' : show(options.provider)}`,
        fix: 'pass EsoProvider.vault({...}), awsSecretsManager({...}), azureKeyVault({...}) or gcpSecretManager({...})',
      });
    }
    this.providerName = options.provider.providerName;
    const ctx: EsoRenderContext = { store: this, namespace };
    const rendered = options.provider._render(ctx);
    this.credentials = rendered.credentials;
    const graph = AppGraph.of(this);
    rendered.credentials.forEach((ref, i) => graph.addSecretUse(this, rendered.fields[i], ref));

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: ESO_API_VERSION,
      kind,
      // A cluster-scoped object gets no namespace, not even the chart's (cdk8s adds it to any object without one).
      metadata: { name: this.storeRefName, namespace: namespace ?? (Lazy.any({ produce: () => undefined }) as unknown as string), labels: options.labels },
      spec: {
        controller: this.checkController(options.controller),
        provider: { [this.providerName]: rendered.body },
        refreshInterval: this.renderRefreshInterval(options.refreshInterval),
        retrySettings: this.renderRetrySettings(options.retrySettings),
        ...extraSpec,
      },
    } as any);
  }

  private checkController(controller: unknown): string | undefined {
    if (controller === undefined) return undefined;
    if (typeof controller === 'string' && controller !== '') return controller;
    refuse(this, { field: 'controller', problem: `expected a non-empty string, got ${show(controller)}`, fix: 'leave controller out, or name the controller class' });
    return undefined;
  }

  private renderRefreshInterval(d: Duration | undefined): number | undefined {
    if (d === undefined) return undefined;
    const ms = d instanceof Duration ? d.toMilliseconds() : NaN;
    if (refuse(this, !Number.isFinite(ms) || ms < 0 || ms % 1000 !== 0 ? {
      field: 'refreshInterval',
      problem: `expected a cdk8s Duration of whole seconds, got ${d instanceof Duration ? `${ms}ms` : show(d)}`,
      fix: 'pass a Duration such as Duration.minutes(5); ESO stores it as whole seconds',
    } : undefined)) return undefined;
    return ms / 1000;
  }

  private renderRetrySettings(r: ExternalSecretStoreRetrySettings | undefined): Record<string, unknown> | undefined {
    if (r === undefined) return undefined;
    const retriesRefused = refuse(this, r.maxRetries !== undefined && (!Number.isInteger(r.maxRetries) || r.maxRetries < 0 || r.maxRetries > 2_147_483_647) ? {
      field: 'retrySettings.maxRetries',
      problem: `expected a non-negative integer, got ${show(r.maxRetries)}`,
      fix: 'pass a whole number such as 5',
    } : undefined);
    const intervalRefused = refuse(this, r.retryInterval !== undefined && !(r.retryInterval instanceof Duration && r.retryInterval.toMilliseconds() > 0) ? {
      field: 'retrySettings.retryInterval',
      problem: `expected a positive cdk8s Duration, got ${r.retryInterval instanceof Duration ? `${r.retryInterval.toMilliseconds()}ms` : show(r.retryInterval)}`,
      fix: 'pass a Duration such as Duration.seconds(10)',
    } : undefined);
    return {
      maxRetries: retriesRefused ? undefined : r.maxRetries,
      retryInterval: r.retryInterval && !intervalRefused ? goDuration(r.retryInterval) : undefined,
    };
  }
}
