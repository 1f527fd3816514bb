import { createHash } from 'crypto';
import { ApiObject, Duration } from 'cdk8s';
import { fieldError, FieldProblem, refuse, show } from '../../core/errors';
import { goDuration } from '../../core/duration';
import { addDuplicateValidation } from '../../core/scope';
import { ESO_API_VERSION } from '../../validation/schemas/external-secrets';
import type { DeclaredSecret } from '../declared-secret';
import { _requireKubernetesBackedStore, ISecretDelivery } from '../delivery';
import { ClusterExternalSecretStore } from './cluster-external-secret-store';
import { ExternalSecretStoreBase, ExternalSecretStoreKind, IExternalSecretStore } from './external-secret-store-base';

/** `spec.target.creationPolicy`: how ESO creates the target Secret. */
export enum ExternalSecretCreationPolicy {
  /** ESO creates the Secret and owns it: deleting the ExternalSecret deletes the Secret. */
  OWNER = 'Owner',
  /** ESO creates the Secret but does not own it: it outlives the ExternalSecret. */
  ORPHAN = 'Orphan',
  /** ESO merges its keys into a Secret something else creates. */
  MERGE = 'Merge',
  /** ESO creates and updates no Secret. */
  NONE = 'None',
}

/** `spec.target.deletionPolicy`: what ESO does to the Secret when the remote value is deleted. */
export enum ExternalSecretDeletionPolicy {
  /** Delete the Secret (only with creationPolicy Owner or Orphan). */
  DELETE = 'Delete',
  /** Remove only the keys ESO wrote (not with creationPolicy None). */
  MERGE = 'Merge',
  /** Keep the Secret as it is. */
  RETAIN = 'Retain',
}

/** Where one declared key's value lives in the provider (`spec.data[].remoteRef`). Never a value. */
export interface RemoteRef {
  /** `key`: the remote secret's name or path, such as `shop/db`. */
  readonly key: string;
  /** `property`: the field inside a structured (JSON) remote secret. @default - the whole remote value */
  readonly property?: string;
  /** `version`: a pinned remote version. @default - the latest version */
  readonly version?: string;
}

/** Options of External Secrets Operator delivery. */
export interface ExternalSecretDeliveryOptions {
  /** The ESO store to read from: an `ExternalSecretStore` or `ClusterExternalSecretStore` of this app, never a name. */
  readonly store: IExternalSecretStore;
  /** The remote location of every declared key, by key. */
  readonly remoteRefs: { readonly [declaredKey: string]: RemoteRef };
  /** `spec.refreshInterval`: how often ESO re-reads the provider; zero reads once. @default Duration.hours(1) */
  readonly refreshInterval?: Duration;
  /** `spec.target.creationPolicy`. @default ExternalSecretCreationPolicy.OWNER */
  readonly creationPolicy?: ExternalSecretCreationPolicy;
  /** `spec.target.deletionPolicy`. @default ExternalSecretDeletionPolicy.RETAIN */
  readonly deletionPolicy?: ExternalSecretDeletionPolicy;
}

const ALLOWED_OPTIONS = ['store', 'remoteRefs', 'refreshInterval', 'creationPolicy', 'deletionPolicy'];
const REMOTE_REF_FIELDS = ['key', 'property', 'version'];
/** The child id of the ExternalSecret under its declared secret. */
const EXTERNAL_SECRET_ID = 'ExternalSecret';

/**
 * The External Secrets Operator brings the data: synth writes an `ExternalSecret` (`external-secrets.io/v1`)
 * next to the secret that maps each declared key to a remote reference in an ESO store, and ESO creates
 * and refreshes the Kubernetes Secret in the cluster. Manifests hold references only, never values.
 */
export class ExternalSecretDelivery implements ISecretDelivery {
  public readonly kind = 'external';
  public readonly createsKubernetesSecret = true;
  /** The ESO store the ExternalSecrets read from. */
  public readonly store: IExternalSecretStore;
  private readonly options: ExternalSecretDeliveryOptions;
  /** The remote references of each bound secret that were not refused. */
  private readonly refsOf = new WeakMap<DeclaredSecret, { [key: string]: RemoteRef }>();
  /** True once a refreshInterval was refused (see `refuse`): the default is written instead. */
  private refreshIntervalRefused = false;

  public constructor(options: ExternalSecretDeliveryOptions) {
    this.options = { ...(options ?? {}) } as ExternalSecretDeliveryOptions;
    this.store = this.options.store;
  }

  /** `spec.refreshInterval` as written, such as `1h`. Throws for something that is not a cdk8s Duration. */
  public get refreshInterval(): string {
    const d = this.refreshIntervalRefused ? Duration.hours(1) : this.options.refreshInterval ?? Duration.hours(1);
    if (!(d instanceof Duration)) throw new Error(`refreshInterval: expected a cdk8s Duration, got ${show(d)}`);
    return d.toMilliseconds() === 0 ? '0s' : goDuration(d);
  }

  /** `spec.target.creationPolicy`. */
  public get creationPolicy(): ExternalSecretCreationPolicy {
    return this.options.creationPolicy ?? ExternalSecretCreationPolicy.OWNER;
  }

  /** `spec.target.deletionPolicy`. */
  public get deletionPolicy(): ExternalSecretDeletionPolicy {
    return this.options.deletionPolicy ?? ExternalSecretDeletionPolicy.RETAIN;
  }

  /** The ExternalSecret written for `secret`, if it uses this delivery. */
  public externalSecretOf(secret: DeclaredSecret): ApiObject | undefined {
    return secret.delivery === this ? (secret.node.tryFindChild(EXTERNAL_SECRET_ID) as ApiObject | undefined) : undefined;
  }

  public bind(secret: DeclaredSecret): void {
    this.checkOptionNames(secret);
    if (!_requireKubernetesBackedStore(secret, 'external delivery makes ESO create a Kubernetes Secret',
      'declare the secret in a Kubernetes secret store (the default, or a KubernetesSecretStore), or read it from the provider through a Dapr store with SecretDelivery.storeManaged()')) return;
    this.checkStore(secret);
    const data = this.checkRemoteRefs(secret);
    const refreshInterval = this.checkRefreshInterval(secret);
    const { creationPolicy, deletionPolicy } = this.checkPolicies(secret);

    const owns = creationPolicy === ExternalSecretCreationPolicy.OWNER || creationPolicy === ExternalSecretCreationPolicy.ORPHAN;
    const labels = Object.keys(secret.labels).length > 0 ? { ...secret.labels } : undefined;
    new ApiObject(secret, EXTERNAL_SECRET_ID, {
      apiVersion: ESO_API_VERSION,
      kind: 'ExternalSecret',
      metadata: { name: secret.secretName, namespace: secret.namespace, labels },
      spec: {
        refreshInterval,
        secretStoreRef: { name: this.store.storeRefName, kind: this.store.kind },
        target: {
          name: secret.secretName,
          creationPolicy,
          deletionPolicy,
          template: owns ? { type: secret.type, metadata: labels ? { labels } : undefined } : undefined,
        },
        data,
      },
    } as any);

    addDuplicateValidation<DeclaredSecret>(
      secret,
      'ExternalSecret',
      (s) => `${s.namespace}/${s.secretName}`,
      (c): c is DeclaredSecret => (c as DeclaredSecret).delivery instanceof ExternalSecretDelivery,
    );
  }

  /**
   * A hash of the reference set: store kind, namespace and name, refresh interval and each key's remote
   * reference. ESO holds the values; none enters the hash.
   */
  public fingerprint(secret: DeclaredSecret): string {
    const refs = secret.keys.map((k) => {
      const r = this.refsOf.get(secret)?.[k] ?? this.options.remoteRefs[k];
      return [k, r?.key ?? null, r?.property ?? null, r?.version ?? null];
    });
    return createHash('sha256')
      .update(JSON.stringify([this.kind, this.store.kind, this.store.namespace ?? null, this.store.storeRefName, this.refreshInterval, refs]))
      .digest('hex');
  }

  /** An unknown option is never read, so its value stays out of the output. */
  private checkOptionNames(secret: DeclaredSecret): void {
    refuse(secret, ...Object.keys(this.options).filter((key) => !ALLOWED_OPTIONS.includes(key)).map((key) => ({
      field: `delivery.${key}`,
      problem: `external delivery has no option ${show(key)} (the value is not shown); it only takes references`,
      fix: `use only ${ALLOWED_OPTIONS.join(', ')}`,
    })));
  }

  private checkStore(secret: DeclaredSecret): void {
    const store: unknown = this.store;
    if (!ExternalSecretStoreBase.isExternalSecretStore(store)) {
      throw fieldError(secret, {
        field: 'delivery.store',
        problem: `expected an ExternalSecretStore or ClusterExternalSecretStore construct, got ${show(store)}`,
        fix: "create the store with new ExternalSecretStore(chart, 'id', {...}) or new ClusterExternalSecretStore(...) and pass the construct, not its name",
      });
    }
    refuse(secret, store.node.root !== secret.node.root ? {
      field: 'delivery.store',
      problem: `store ${show(store.storeRefName)} (${store.node.path}) belongs to another app, so it would not be synthesized with this secret`,
      fix: 'create the store in the same app as the secret',
    } : store.kind === ExternalSecretStoreKind.SECRET_STORE && store.namespace !== secret.namespace ? {
      field: 'delivery.store',
      problem: `SecretStore ${show(store.storeRefName)} is in namespace ${show(store.namespace)}, but an ExternalSecret only uses a SecretStore of its own namespace ${show(secret.namespace)}`,
      fix: `create an ExternalSecretStore in namespace ${show(secret.namespace)}, or use a ClusterExternalSecretStore`,
    } : store instanceof ClusterExternalSecretStore && store.allowsNamespace(secret.namespace) === false ? {
      field: 'delivery.store',
      problem: `ClusterSecretStore ${show(store.storeRefName)} only serves namespaces ${store.conditions.flatMap((c) => c.namespaces ?? []).map(show).join(', ')}, not ${show(secret.namespace)}`,
      fix: `add ${show(secret.namespace)} to the store's conditions, or use another store`,
    } : undefined);
  }

  /** The `data` entries: one per declared key whose remote reference was not refused (see `refuse`). */
  private checkRemoteRefs(secret: DeclaredSecret): Array<Record<string, unknown>> {
    const refs: unknown = this.options.remoteRefs;
    // The references are read key by key from here on.
    if (typeof refs !== 'object' || refs === null || Array.isArray(refs)) {
      throw fieldError(secret, {
        field: 'delivery.remoteRefs',
        problem: `expected an object of remote references by declared key, got ${show(refs)}`,
        fix: `map each declared key, such as remoteRefs: { '${secret.keys[0]}': { key: 'shop/${secret.secretName}', property: '${secret.keys[0]}' } }`,
      });
    }
    const byKey = refs as { [key: string]: unknown };
    refuse(secret, ...Object.keys(byKey).filter((key) => !secret.keys.includes(key)).map((key) => ({
      field: `delivery.remoteRefs.${key}`,
      problem: `secret ${show(secret.secretName)} declares no key ${show(key)} (declared: ${secret.keys.join(', ')})`,
      fix: `map only declared keys, or add ${show(key)} to the secret's keys`,
    })));
    const missing = secret.keys.filter((k) => !Object.prototype.hasOwnProperty.call(byKey, k));
    refuse(secret, missing.length > 0 ? {
      field: 'delivery.remoteRefs',
      problem: `declared ${missing.length === 1 ? 'key' : 'keys'} ${missing.map(show).join(', ')} of secret ${show(secret.secretName)} ${missing.length === 1 ? 'has' : 'have'} no remote reference`,
      fix: `add remoteRefs for ${missing.map((k) => `'${k}': { key: '<remote key>' }`).join(', ')}`,
    } : undefined);
    const checked: { [key: string]: RemoteRef } = {};
    const data: Array<Record<string, unknown>> = [];
    for (const key of secret.keys.filter((k) => !missing.includes(k))) {
      const remoteRef = this.checkRemoteRef(secret, key, byKey[key]);
      if (!remoteRef) continue;
      checked[key] = remoteRef;
      data.push({ secretKey: key, remoteRef });
    }
    this.refsOf.set(secret, checked);
    return data;
  }

  /** The reference with only its known fields, or undefined when it was refused. */
  private checkRemoteRef(secret: DeclaredSecret, key: string, ref: unknown): RemoteRef | undefined {
    const field = `delivery.remoteRefs.${key}`;
    if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) {
      refuse(secret, {
        field,
        problem: `expected a remote reference { key, property?, version? }, got ${typeof ref === 'string' ? 'a string (not shown: it may be a value)' : show(ref)}`,
        fix: `pass { key: 'shop/${secret.secretName}', property: '${key}' }: where the value lives, never the value`,
      });
      return undefined;
    }
    const r = ref as { [f: string]: unknown };
    // Unknown fields are never copied into the reference.
    refuse(secret, ...Object.keys(r).filter((f) => !REMOTE_REF_FIELDS.includes(f)).map((f) => ({
      field: `${field}.${f}`,
      problem: `a remote reference has no field ${show(f)} (the value is not shown)`,
      fix: 'give only key, property and version: where the value lives in the provider, never the value',
    })));
    if (typeof r.key !== 'string' || r.key.trim() === '') {
      refuse(secret, {
        field: `${field}.key`,
        problem: `expected the remote secret's non-empty name or path, got ${show(r.key)}`,
        fix: `pass key: 'shop/${secret.secretName}'`,
      });
      return undefined;
    }
    const optional = (f: 'property' | 'version'): string | undefined => {
      const v = r[f];
      if (v === undefined || (typeof v === 'string' && v.trim() !== '')) return v;
      refuse(secret, { field: `${field}.${f}`, problem: `expected a non-empty string, got ${show(v)}`, fix: `leave ${f} out, or pass a non-empty string` });
      return undefined;
    };
    return { key: r.key, property: optional('property'), version: optional('version') };
  }

  private checkRefreshInterval(secret: DeclaredSecret): string {
    const d: unknown = this.options.refreshInterval;
    if (d !== undefined && (!(d instanceof Duration) || !Number.isFinite(d.toMilliseconds()) || d.toMilliseconds() < 0)) {
      refuse(secret, {
        field: 'delivery.refreshInterval',
        problem: `expected a non-negative cdk8s Duration, got ${d instanceof Duration ? `${d.toMilliseconds()}ms` : show(d)}`,
        fix: 'pass a Duration such as Duration.hours(1), or Duration.seconds(0) to read once',
      });
      this.refreshIntervalRefused = true;
    }
    return this.refreshInterval;
  }

  /** The policies; a refused one is replaced by its default (see `refuse`). */
  private checkPolicies(secret: DeclaredSecret): { creationPolicy: ExternalSecretCreationPolicy; deletionPolicy: ExternalSecretDeletionPolicy } {
    let creationPolicy = this.creationPolicy;
    let deletionPolicy = this.deletionPolicy;
    if (refuse(secret, Object.values(ExternalSecretCreationPolicy).includes(creationPolicy) ? undefined : {
      field: 'delivery.creationPolicy',
      problem: `${show(creationPolicy)} is not a creation policy`,
      fix: 'pass ExternalSecretCreationPolicy.OWNER, ORPHAN, MERGE or NONE',
    })) creationPolicy = ExternalSecretCreationPolicy.OWNER;
    if (refuse(secret, Object.values(ExternalSecretDeletionPolicy).includes(deletionPolicy) ? undefined : {
      field: 'delivery.deletionPolicy',
      problem: `${show(deletionPolicy)} is not a deletion policy`,
      fix: 'pass ExternalSecretDeletionPolicy.DELETE, MERGE or RETAIN',
    })) deletionPolicy = ExternalSecretDeletionPolicy.RETAIN;
    const deleteWithoutOwning = deletionPolicy === ExternalSecretDeletionPolicy.DELETE
      && (creationPolicy === ExternalSecretCreationPolicy.MERGE || creationPolicy === ExternalSecretCreationPolicy.NONE);
    const combination: FieldProblem | undefined = deleteWithoutOwning ? {
      field: 'delivery.deletionPolicy',
      problem: `deletionPolicy "Delete" would delete a Secret ESO does not create (creationPolicy ${show(creationPolicy)}); ESO rejects the combination`,
      fix: 'use creationPolicy Owner with deletionPolicy Delete, or keep deletionPolicy Retain',
    } : deletionPolicy === ExternalSecretDeletionPolicy.MERGE && creationPolicy === ExternalSecretCreationPolicy.NONE ? {
      field: 'delivery.deletionPolicy',
      problem: 'deletionPolicy "Merge" needs a Secret to merge with, but creationPolicy "None" creates none; ESO rejects the combination',
      fix: 'use deletionPolicy Retain with creationPolicy None',
    } : undefined;
    if (refuse(secret, combination)) deletionPolicy = ExternalSecretDeletionPolicy.RETAIN;
    return { creationPolicy, deletionPolicy };
  }
}

/** External Secrets Operator delivery; the lead's `SecretDelivery.external(options)` returns the same. */
export function externalSecretDelivery(options: ExternalSecretDeliveryOptions): ExternalSecretDelivery {
  return new ExternalSecretDelivery(options);
}
