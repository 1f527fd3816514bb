import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { IComponentConsumer, IDaprComponent } from '../components/dapr-component';
import { dnsNameProblem } from '../core/checks';
import { describeProblem, fieldError, refuse, show } from '../core/errors';
import { addDuplicateValidation, resolveNamespace } from '../core/scope';
import { AppGraph, GraphNodeKind } from '../graph/app-graph';
import { DeclaredSecret } from '../secrets/declared-secret';
import { SecretKeyRef } from '../secrets/secret-key-ref';
import { ISecretStore, renderScopes, renderSecretStoreAuth, SecretResolver } from '../secrets/secret-store';

/** Options every Dapr resource other than a Component takes. */
export interface DaprResourceOptions {
  /** `metadata.name`. @default - the construct id */
  readonly name?: string;
  /** `metadata.namespace`. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** Labels. @default - none */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Write the resource without `scopes`, so Dapr applies it to every app of its namespace. Without it,
   * `scopes` lists the apps that load it (`components: [...]` or `app.addComponent(resource)`), and a
   * resource no app loads fails synth.
   * @default false
   */
  readonly unscoped?: boolean;
}

/** A secret reference and the manifest field it fills. */
export interface PlacedSecretRef {
  readonly field: string;
  readonly ref: SecretKeyRef;
}

/**
 * Base of the Dapr resources that sit beside Components (HTTPEndpoint, Subscription, Resiliency,
 * MCPServer): a name, a namespace, `scopes` from the apps that load it, and secret references checked
 * like a Component's (declared key, same App and namespace, one store). Apps load it like a component,
 * so their sidecar's RBAC covers its references.
 */
export abstract class DaprResource extends Construct implements IDaprComponent {
  public readonly componentName: string;
  public readonly namespace: string;
  /** The resource's kind, such as `HTTPEndpoint`. */
  public readonly componentType: string;
  /** The Kubernetes object. */
  public readonly apiObject: ApiObject;
  /** True when written without `scopes` on purpose. */
  public readonly unscoped: boolean;
  private readonly placed: PlacedSecretRef[] = [];

  protected constructor(scope: Construct, id: string, kind: string, apiVersion: string, options: DaprResourceOptions) {
    super(scope, id);
    this.componentType = kind;
    this.componentName = options.name ?? id;
    this.namespace = resolveNamespace(this, options.namespace);
    const nameProblem = dnsNameProblem('name', this.componentName);
    if (typeof this.componentName !== 'string') throw fieldError(this, nameProblem!);
    refuse(this, nameProblem);
    const unscoped = options.unscoped !== undefined && typeof options.unscoped !== 'boolean';
    refuse(this, unscoped ? { field: 'unscoped', problem: `expected true or false, got ${show(options.unscoped)}`, fix: 'pass unscoped: true or unscoped: false' } : undefined);
    // A refused `unscoped` counts as given, so no second problem about scopes follows.
    this.unscoped = unscoped || (options.unscoped ?? false);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion,
      kind,
      metadata: { name: this.componentName, namespace: this.namespace, labels: options.labels },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
      ...(this.hasTopLevelAuth() ? { auth: Lazy.any({ produce: () => renderSecretStoreAuth(this.secretStore) }) } : {}),
      scopes: Lazy.any({ produce: () => renderScopes(this.unscoped, this.unscoped ? [] : this.scopes) }),
    } as any);
    AppGraph.of(this).add(this, GraphNodeKind.RESOURCE);
    addDuplicateValidation<DaprResource>(this, kind, (r) => `${r.namespace}/${r.componentName}`, (x): x is DaprResource => x instanceof DaprResource && x.componentType === kind);
    this.node.addValidation({ validate: () => [...this.referenceProblems(), ...this.scopeProblems(), ...this.validateResource()] });
  }

  /** The resource's `spec`. */
  protected abstract renderSpec(): Record<string, unknown>;

  /** Kind-specific problems found at synth. */
  protected validateResource(): string[] {
    return [];
  }

  /** Whether `auth.secretStore` sits beside `spec` (HTTPEndpoint) rather than inside it. */
  protected hasTopLevelAuth(): boolean {
    return false;
  }

  /**
   * Records a secret reference for `field`, refusing anything else and a second store.
   * @returns the reference, or undefined when it was refused (see `refuse`)
   */
  protected placeSecretRef(field: string, ref: unknown): SecretKeyRef | undefined {
    if (!SecretKeyRef.isSecretKeyRef(ref) || !DeclaredSecret.isDeclaredSecret(ref.secret)) {
      refuse(this, {
        field,
        problem: `expected a secret reference, got ${typeof ref === 'string' ? 'a string (not shown: it may be a credential)' : show(ref)}`,
        fix: "declare the credential with new DeclaredSecret(...) and pass secret.keyRef('<key>')",
      });
      return undefined;
    }
    const current = this.secretStore;
    if (current && current !== ref.store) {
      refuse(this, {
        field,
        problem: `${ref} belongs to secret store ${show(ref.store.storeName)}, but this ${this.componentType} already reads through ${show(current.storeName)}; it has one secret store`,
        fix: `keep every secret this ${this.componentType} references in one store`,
      });
      return undefined;
    }
    this.placed.push({ field, ref });
    AppGraph.of(this).addReference(this, field, ref);
    return ref;
  }

  public get secretKeyRefs(): SecretKeyRef[] {
    return this.placed.map((p) => p.ref);
  }

  public get secretStore(): ISecretStore | undefined {
    return this.placed[0]?.ref.store;
  }

  /** The app IDs that load this resource, sorted. */
  public get scopes(): string[] {
    return this.consumers().map((a) => a.appId).filter((v, i, all) => all.indexOf(v) === i).sort();
  }

  /** The apps that load this resource. */
  protected consumers(): IComponentConsumer[] {
    return AppGraph.of(this).appsLoading(this);
  }

  private scopeProblems(): string[] {
    if (this.unscoped || this.scopes.length > 0) return [];
    return [describeProblem({
      field: 'scopes',
      problem: `no DaprApp of this cdk8s App loads ${this.componentType} ${show(this.componentName)}, so it would be written without scopes and Dapr would apply it to every app of namespace ${show(this.namespace)}`,
      fix: 'load it in the apps that use it (components: [...] or app.addComponent(resource)), or pass unscoped: true on purpose',
    })];
  }

  private referenceProblems(): string[] {
    const errors: string[] = [];
    for (const { field, ref } of this.placed) {
      const secret = ref.secret;
      if (secret.node.root !== this.node.root) {
        errors.push(describeProblem({
          field,
          problem: `secret ${show(secret.secretName)} (${secret.node.path}) is declared under another cdk8s App, so this App's synth never delivers it`,
          fix: 'declare the secret in a chart of the same App',
        }));
        continue;
      }
      if (!secret.keys.includes(ref.key)) {
        errors.push(describeProblem({
          field,
          problem: `secret ${show(secret.secretName)} declares no key ${show(ref.key)} (declared: ${secret.keys.join(', ')})`,
          fix: "use one of the declared keys, or add the key to the secret's keys",
        }));
      }
      if (secret.store.kubernetesBacked && secret.namespace !== this.namespace) {
        errors.push(describeProblem({
          field,
          problem: `secret ${show(secret.secretName)} is in namespace ${show(secret.namespace)}, but Dapr reads it from the ${this.componentType}'s namespace ${show(this.namespace)}`,
          fix: `declare the secret in the same namespace as the ${this.componentType}`,
        }));
      }
    }
    const store = this.secretStore;
    if (store && store.resolver === SecretResolver.SIDECAR && store.namespace !== undefined && store.namespace !== this.namespace) {
      errors.push(describeProblem({
        field: 'auth.secretStore',
        problem: `store ${show(store.storeName)} is in namespace ${show(store.namespace)}, but this ${this.componentType} is in ${show(this.namespace)}`,
        fix: `declare a secret store in the same namespace as the ${this.componentType}`,
      }));
    }
    return errors;
  }
}

/** A name/value entry whose value is plain or a secret reference, as Dapr's NameValuePair. */
export type NameValue = { name: string; value: string } | { name: string; secretKeyRef: { name: string; key: string } };
