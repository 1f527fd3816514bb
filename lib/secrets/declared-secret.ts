import { createHash } from 'crypto';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { describeProblem, fieldError, refuse, show } from '../core/errors';
import { isDnsSubdomain, isSecretDataKey, suggestDnsLabel } from '../core/names';
import { addDuplicateValidation, resolveNamespace } from '../core/scope';
import { AppGraph } from '../graph/app-graph';
import type { ISecretDelivery } from './delivery';
import { ExistingDelivery, ExistingDeliveryOptions } from './existing-delivery';
import { OutOfBandDelivery } from './out-of-band-delivery';
import { StoreManagedDelivery } from './store-managed-delivery';
import { builtinKubernetesStore } from './builtin-secret-store';
import { SecretKeyRef } from './secret-key-ref';
import { ISecretStore, SecretKeyStyle, SecretNameProblem } from './secret-store';
import { SecretType, secretTypeProblem } from './secret-type';

/**
 * Something that reads secrets through the Dapr Secrets API with its own sidecar: a `DaprApp`. It has an
 * app ID and a namespace, and grants are recorded on it, so a plain construct does not compile as one.
 */
export interface ISecretReader extends IConstruct {
  /** The Dapr app ID whose sidecar makes the reads. */
  readonly appId: string;
  /** The namespace the reads are made in. */
  readonly namespace: string;
  /** The secrets granted so far, in the order they were granted. */
  readonly secretReads: readonly DeclaredSecret[];
  /** Records that the reader fetches `secret` through the Secrets API. @internal */
  _addSecretRead(secret: DeclaredSecret): void;
}

/** What `secret.grantRead(reader)` granted. */
export interface SecretReadGrant {
  /** The secret. */
  readonly secret: DeclaredSecret;
  /** The reader. */
  readonly reader: ISecretReader;
  /** The store whose secret scope in the reader's Configuration now allows the secret (`allowedSecrets`). */
  readonly storeName: string;
  /**
   * Whether the reader's ServiceAccount gets `get` on the Kubernetes Secret (true for Kubernetes-backed
   * stores; other stores are read with their own credentials).
   */
  readonly kubernetesRbac: boolean;
}

/** Props of a declared secret. There is deliberately no prop for a value. */
export interface DeclaredSecretProps {
  /**
   * The secret's name in its store: what `secretKeyRef.name` and the Configuration's `allowedSecrets` hold,
   * and for Kubernetes-backed stores the Secret's `metadata.name` (and the Role's `resourceNames`). The
   * store's own rules apply: a DNS-1123 name for Kubernetes stores, and for the others the names they
   * really use, such as `prod/task-api/redis` (AWS Secrets Manager), `team/redis` (a Vault path),
   * `redis_password` (GCP), `redis:password` (a nested property of a local file) or `REDIS_PASSWORD`
   * (local env). A construct id cannot hold `/`, so give such a name here with a plain id.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The keys the secret holds, such as `['api-key', 'api-secret']`.
   * @default - `[name]` for name/value stores; required otherwise
   */
  readonly keys?: string[];
  /** Namespace of the Secret. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /**
   * The Dapr secret store that resolves references to this secret.
   * @default - the built-in `kubernetes` store (`KubernetesSecretStore.builtin`)
   */
  readonly store?: ISecretStore;
  /**
   * How the secret's data reaches the cluster.
   * @default - SecretDelivery.outOfBand() for Kubernetes-backed stores, SecretDelivery.storeManaged() for others
   */
  readonly delivery?: ISecretDelivery;
  /**
   * Kubernetes Secret `type`, carried into every delivery. Built-in types must declare the keys the API
   * server requires (`kubernetes.io/tls`: `tls.crt` and `tls.key`; `kubernetes.io/basic-auth`: `username`
   * or `password`; `kubernetes.io/ssh-auth`: `ssh-privatekey`; `kubernetes.io/dockerconfigjson`:
   * `.dockerconfigjson`; `kubernetes.io/dockercfg`: `.dockercfg`). Only for Kubernetes-backed stores.
   * @default 'Opaque'
   */
  readonly type?: SecretType;
  /** Labels for the Secret. @default - none */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Who uses the secret outside this program, such as `'ingress-nginx (TLS of shop.example.com)'` or
   * `'kubelet (imagePullSecrets of the batch jobs)'`. Synth refuses a declared key that nothing in the
   * program uses (no component or Dapr resource references it, no app reads it through the Secrets API,
   * no secret store, app token or `envValue` uses it); naming an outside consumer counts every key as used.
   * @default - every key must be used by something in the program
   */
  readonly externalConsumer?: string;
}

/** A C0 control character or DEL. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const ALLOWED_PROPS = new Set(['name', 'keys', 'namespace', 'store', 'delivery', 'type', 'labels', 'externalConsumer']);

/**
 * A secret the program declares by name and keys, never by value. It hands out typed references
 * (`keyRef`) for components and grants Secrets API reads to apps (`grantRead`); its `delivery` decides how
 * the data reaches the cluster.
 */
export class DeclaredSecret extends Construct {
  /** True for declared secrets. */
  public static isDeclaredSecret(x: unknown): x is DeclaredSecret {
    return x instanceof DeclaredSecret;
  }

  /**
   * A secret that already exists, delivered by another team or tool (`SecretDelivery.existing()`): its
   * keys are declared so references to it are checked, and nothing is delivered for it.
   */
  public static fromExisting(scope: Construct, id: string, props: Omit<DeclaredSecretProps, 'delivery'> & ExistingDeliveryOptions): DeclaredSecret {
    const { deliveredBy, ...rest } = props;
    return new DeclaredSecret(scope, id, { ...rest, delivery: new ExistingDelivery({ deliveredBy }) });
  }

  /** The secret's name. */
  public readonly secretName: string;
  /** The secret's namespace. */
  public readonly namespace: string;
  /** The declared keys, in declaration order. */
  public readonly keys: readonly string[];
  /** The store that resolves references to it. */
  public readonly store: ISecretStore;
  /** How its data reaches the cluster. */
  public readonly delivery: ISecretDelivery;
  /** Kubernetes Secret type. */
  public readonly type: string;
  /** Labels for the Secret. */
  public readonly labels: { readonly [key: string]: string };
  /** Who uses the secret outside this program, if anyone. */
  public readonly externalConsumer?: string;
  /** Keys given but refused while problems were collected; never rendered, since synth fails. */
  private readonly refusedKeys = new Set<string>();

  public constructor(scope: Construct, id: string, props: DeclaredSecretProps = {}) {
    super(scope, id);
    // An unknown prop is never read, so its value (perhaps a credential) stays out of everything.
    refuse(this, ...Object.keys(props ?? {}).filter((key) => !ALLOWED_PROPS.has(key)).map((key) => ({
      field: key,
      problem: `DeclaredSecret has no prop ${show(key)}; it never takes secret values`,
      fix: `declare the keys with 'keys' and choose a 'delivery' that brings the values (allowed props: ${[...ALLOWED_PROPS].join(', ')})`,
    })));
    this.store = props.store ?? builtinKubernetesStore(this);
    this.secretName = this.checkName(id, props.name);
    this.namespace = resolveNamespace(this, props.namespace);
    this.labels = { ...(props.labels ?? {}) };
    this.keys = this.checkKeys(props.keys);
    this.type = this.checkType(props.type);
    this.externalConsumer = this.checkExternalConsumer(props.externalConsumer);
    this.delivery = props.delivery ?? (this.store.kubernetesBacked ? new OutOfBandDelivery() : new StoreManagedDelivery());
    AppGraph.of(this).addSecret(this);
    this.delivery.bind(this);

    // Kubernetes-backed secrets share one namespace of Secret names, whatever store reads them.
    addDuplicateValidation<DeclaredSecret>(this, 'secret', (s) => `${s.store.kubernetesBacked ? 'Secret' : s.store.storeName}:${s.namespace}/${s.secretName}`, DeclaredSecret.isDeclaredSecret);
    this.node.addValidation({ validate: () => this.validateStore() });
  }

  /**
   * A reference to one declared key, for a component's sensitive field. Throws for a key the secret never
   * listed, also while problems are collected: there is no reference to hand back. A listed key that was
   * refused still gets one, so the program goes on (synth fails on the recorded problem).
   */
  public keyRef(key: string): SecretKeyRef {
    if (!this.keys.includes(key) && !this.refusedKeys.has(key)) {
      throw fieldError(this, {
        field: 'keyRef',
        problem: `secret ${show(this.secretName)} declares no key ${show(key)} (declared: ${this.keys.join(', ')})`,
        fix: `use one of the declared keys, or add ${show(key)} to the secret's keys`,
      });
    }
    return SecretKeyRef._create(this, key);
  }

  /**
   * An environment variable value from one declared key (`valueFrom.secretKeyRef`), for a container of a
   * workload of your own under `user` (its pods must run in the secret's namespace). Counts as a use of the
   * key at synth. For a Dapr app, prefer the Secrets API (`grantRead`) or a component reference. Throws for
   * a secret outside Kubernetes, like `keyRef` for an undeclared key: there is no value to hand back.
   */
  public envValue(user: Construct, key: string): kplus.EnvValue {
    const ref = this.keyRef(key);
    if (!this.store.kubernetesBacked) {
      throw fieldError(this, {
        field: 'envValue',
        problem: `secret ${show(this.secretName)} lives in store ${show(this.store.storeName)}, which is not a Kubernetes Secret, so no secretKeyRef can read it`,
        fix: 'read it through the Dapr Secrets API with secret.grantRead(app), or declare it in a Kubernetes secret store',
      });
    }
    AppGraph.of(this).addSecretUse(user, `env (secretKeyRef ${this.secretName}/${key})`, ref);
    const id = `Secret-${this.node.addr}`;
    const secret = (user.node.tryFindChild(id) as kplus.ISecret | undefined) ?? kplus.Secret.fromSecretName(user, id, this.secretName);
    return kplus.EnvValue.fromSecretValue({ secret, key });
  }

  /**
   * Lets `reader` fetch this secret through the Dapr Secrets API: its Configuration allows the secret in
   * this store's scope and, for Kubernetes-backed stores, its ServiceAccount gets `get` on it.
   */
  public grantRead(reader: ISecretReader): SecretReadGrant {
    const notReader = typeof (reader as Partial<ISecretReader> | undefined)?._addSecretRead !== 'function';
    // A refused reader gets no read: nothing is recorded on it.
    if (!refuse(this, notReader ? {
      field: 'grantRead',
      problem: `${show(reader?.node?.path ?? reader)} cannot read secrets through the Dapr Secrets API (it is not a DaprApp)`,
      fix: 'grant the read to the DaprApp whose sidecar reads the secret',
    } : undefined)) reader._addSecretRead(this);
    return { secret: this, reader, storeName: this.store.storeName, kubernetesRbac: this.store.kubernetesBacked };
  }

  /** A stable hash of what identifies the secret (never of a value), for rollouts. */
  public get fingerprint(): string {
    if (this.delivery.fingerprint) return this.delivery.fingerprint(this);
    return createHash('sha256')
      .update(JSON.stringify([this.store.storeName, this.namespace, this.secretName, this.type, [...this.keys].sort(), this.delivery.kind]))
      .digest('hex');
  }

  /** The secret's name, or a DNS-1123 stand-in for a refused one (which is never rendered). */
  private checkName(id: string, name: unknown): string {
    if (name === undefined && id.includes('/')) {
      refuse(this, {
        field: 'name',
        problem: `the construct id ${show(id)} cannot be the secret's name, because constructs turns "/" in an id into "--" (this one became ${show(this.node.id)})`,
        fix: `give the name as a prop and a plain id, such as new DeclaredSecret(scope, ${show(suggestDnsLabel(id))}, { name: ${show(id)}, ... })`,
      });
      return suggestDnsLabel(id);
    }
    const secretName = name ?? id;
    if (typeof secretName !== 'string') {
      refuse(this, {
        field: 'name',
        problem: `expected a string, got ${show(secretName)}`,
        fix: "pass the secret's name in its store, such as name: 'redis-password', or leave name out to use the construct id",
      });
      return suggestDnsLabel(id);
    }
    const problem = this.nameProblem(secretName);
    if (problem) {
      refuse(this, {
        field: 'name',
        problem: `store ${show(this.store.storeName)} cannot hold a secret named ${show(secretName)}: ${problem.problem}`,
        fix: problem.fix,
      });
      return suggestDnsLabel(secretName);
    }
    return secretName;
  }

  /** The store's rules for names; Kubernetes-backed stores always add the Kubernetes Secret name rule. */
  private nameProblem(name: string): SecretNameProblem | undefined {
    if (this.store.kubernetesBacked && !isDnsSubdomain(name)) {
      return {
        problem: 'it names a Kubernetes Secret, so it must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)',
        fix: `use a name such as ${show(suggestDnsLabel(name))}`,
      };
    }
    if (typeof this.store.secretNameProblem === 'function') return this.store.secretNameProblem(name);
    if (!this.store.kubernetesBacked && (name === '' || CONTROL_CHARACTER.test(name))) {
      return { problem: 'a secret name must be non-empty, without control characters', fix: "use the name the store gives the secret, such as 'redis-password'" };
    }
    return undefined;
  }

  /** The declared keys without refused ones (see `refuse`); those are remembered in `refusedKeys`. */
  private checkKeys(keys: string[] | undefined): string[] {
    const nameValue = this.store.keyStyle === SecretKeyStyle.NAME_VALUE;
    const list = keys ?? (nameValue ? [this.secretName] : undefined);
    // Every delivery and reference works from the keys, so there is nothing to go on with.
    if (!Array.isArray(list) || list.length === 0) {
      throw fieldError(this, {
        field: 'keys',
        problem: `secret ${show(this.secretName)} declares no keys`,
        fix: "list the keys the secret holds, such as keys: ['password']",
      });
    }
    if (nameValue && (list.length !== 1 || list[0] !== this.secretName)) {
      refuse(this, {
        field: 'keys',
        problem: `store ${show(this.store.storeName)} maps one value to each secret name, so the only key is the name ${show(this.secretName)}, not ${list.map(show).join(', ')}`,
        fix: 'leave keys out, or declare one secret per value',
      });
      list.filter((k) => k !== this.secretName).forEach((k) => this.refusedKeys.add(k));
      return [this.secretName];
    }
    const kept: string[] = [];
    for (const key of list) {
      const problem = this.keyProblem(key, kept);
      if (problem) {
        refuse(this, { field: 'keys', ...problem });
        if (typeof key === 'string') this.refusedKeys.add(key);
      } else {
        kept.push(key);
      }
    }
    return kept;
  }

  private keyProblem(key: unknown, kept: readonly string[]): { problem: string; fix: string } | undefined {
    if (this.store.kubernetesBacked && !isSecretDataKey(key as string)) {
      return { problem: `${show(key)} is not a valid Secret key`, fix: 'use letters, digits, "-", "_" and "."' };
    }
    // Outside Kubernetes a key is a property of the stored value (a Vault map, a JSON object), any name.
    if (!this.store.kubernetesBacked && (typeof key !== 'string' || key === '' || CONTROL_CHARACTER.test(key))) {
      return {
        problem: `${show(key)} is not a key store ${show(this.store.storeName)} can return (a non-empty string without control characters)`,
        fix: "use the property's name in the stored value, such as 'password'",
      };
    }
    if (kept.includes(key as string)) return { problem: `key ${show(key)} is declared twice`, fix: 'list each key once' };
    return undefined;
  }

  /** The Secret type, or `Opaque` in place of a refused one. */
  private checkType(type: unknown): string {
    if (type === undefined) return 'Opaque';
    const outsideKubernetes = !this.store.kubernetesBacked && type !== 'Opaque' ? {
      field: 'type',
      problem: `store ${show(this.store.storeName)} does not read Kubernetes Secrets, so no Secret of type ${show(type)} exists`,
      fix: 'leave type out, or declare the secret in a Kubernetes secret store',
    } : undefined;
    const problem = secretTypeProblem(type, this.keys);
    if (refuse(this, outsideKubernetes, problem && { field: 'type', ...problem })) return 'Opaque';
    return type as string;
  }

  private checkExternalConsumer(consumer: unknown): string | undefined {
    if (consumer === undefined) return undefined;
    if (typeof consumer !== 'string' || consumer.trim() === '') {
      refuse(this, {
        field: 'externalConsumer',
        problem: `expected a non-empty string naming who uses the secret, got ${show(consumer)}`,
        fix: "name the consumer, such as externalConsumer: 'ingress-nginx (TLS of shop.example.com)', or leave it out",
      });
      return undefined;
    }
    return consumer;
  }

  private validateStore(): string[] {
    if (this.store.namespace !== undefined && this.store.namespace !== this.namespace && this.store.kubernetesBacked) {
      return [describeProblem({
        field: 'store',
        problem: `store ${show(this.store.storeName)} is in namespace ${show(this.store.namespace)} but the secret is in ${show(this.namespace)}`,
        fix: 'declare the secret in the namespace of its store',
      })];
    }
    return [];
  }
}
