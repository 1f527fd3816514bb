import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { booleanProblem, dnsNameProblem } from '../core/checks';
import { goDuration } from '../core/duration';
import { describeProblem, fieldError, FieldProblem, refuse, show } from '../core/errors';
import { addDuplicateValidation, resolveNamespace } from '../core/scope';
import { AppGraph, GraphNodeKind } from '../graph/app-graph';
import { DeclaredSecret } from '../secrets/declared-secret';
import { SecretKeyRef } from '../secrets/secret-key-ref';
import { ISecretStore, renderScopes, renderSecretStoreAuth, SecretResolver } from '../secrets/secret-store';
import { catalogProblems } from './catalog/check';
import { addMetadataFromProps } from './catalog/metadata-props';
import type { ComponentMetadataProps } from './catalog/typed-props';
import { isSensitiveField, plainSensitiveMetadata, PlainMetadataName, SPEC_TYPE_CORRECTIONS } from './sensitive-fields';

/** What a component needs to know of an app that loads it. */
export interface IComponentConsumer extends IConstruct {
  /** The Dapr app ID. */
  readonly appId: string;
  /** The app's namespace. */
  readonly namespace: string;
  /** Every component the app's sidecar loads, stores included. */
  loadedComponents(): IDaprComponent[];
  /** Called when a component's secret references change. @internal */
  _componentsChanged?(): void;
}

/** A Dapr Component. */
export interface IDaprComponent extends IConstruct {
  /** `metadata.name`: what apps and other components call it. */
  readonly componentName: string;
  /** `metadata.namespace`. */
  readonly namespace: string;
  /** `spec.type`, such as `state.redis`. */
  readonly componentType: string;
  /** The store its `secretKeyRef`s go through (`auth.secretStore`), if it has any. */
  readonly secretStore: ISecretStore | undefined;
  /** Every secret reference in its metadata. */
  readonly secretKeyRefs: SecretKeyRef[];
}

/** Options every Dapr component takes. */
export interface DaprComponentOptions {
  /** `metadata.name`. @default - the construct id */
  readonly name?: string;
  /** `metadata.namespace`. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** `spec.initTimeout`: how long daprd waits for the component to initialize. @default - daprd's default (5s) */
  readonly initTimeout?: Duration;
  /** `spec.ignoreErrors`: keep the sidecar running when the component fails to initialize. @default false */
  readonly ignoreErrors?: boolean;
  /** Labels on the Component. @default - none */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Write the Component without `scopes`, so Dapr loads it into every app of its namespace, including
   * apps this program does not declare. Without it, `scopes` lists exactly the app IDs that load the
   * component, and a component that no `DaprApp` of the same cdk8s App loads fails synth (Dapr would read
   * the missing `scopes` as "every app").
   * @default false
   */
  readonly unscoped?: boolean;
}

/** Props of a Dapr component of any type. */
export interface DaprComponentProps<T extends string = string> extends DaprComponentOptions {
  /** `spec.type`, such as `bindings.http`. A literal type lets `addMetadata` refuse its sensitive names at compile time. */
  readonly type: T;
  /** `spec.version`. @default 'v1' */
  readonly version?: string;
  /**
   * Allow a `spec.type` (or version) the catalog of daprd 1.18 does not know, such as a pluggable
   * component: its fields are then not checked against the catalog, but names that look like credentials
   * still only take secret references.
   * @default false
   */
  readonly allowUnknownType?: boolean;
}

/**
 * Props of `new DaprComponent(...)`: for a `type` of the catalog, `metadata` takes exactly that type's
 * fields (sensitive ones only as `SecretKeyRef`), and `version` selects among its versions.
 */
export type DaprComponentConstructProps<T extends string = string> = DaprComponentProps<T> & ComponentMetadataProps<T>;

interface MetadataEntry {
  readonly name: string;
  readonly value?: string;
  readonly ref?: SecretKeyRef;
}

/**
 * A Dapr Component (`dapr.io/v1alpha1`). Metadata holds plain values or secret references; a field the
 * component type marks sensitive only ever takes a reference. `auth.secretStore` comes from the store the
 * references belong to, and `scopes` from the apps that load the component.
 *
 * Use the typed subclasses (`RedisStateStore`, `KafkaPubSub`, …) where one exists; this class is the
 * escape hatch for the rest. `T` is the spec type as a literal (inferred from `props.type`): with it,
 * `addMetadata` does not compile for the names that type marks sensitive.
 *
 * At synth the rendered `spec.metadata` is checked again, so a sensitive field given a `value` or an
 * `envRef` through `apiObject.addJsonPatch(...)` fails synth too.
 */
export class DaprComponent<T extends string = string> extends Construct implements IDaprComponent {
  /** True for constructs that are Dapr components. */
  public static isDaprComponent(x: unknown): x is DaprComponent {
    return x instanceof DaprComponent;
  }

  public readonly componentName: string;
  public readonly namespace: string;
  public readonly componentType: T;
  /** `spec.version`. */
  public readonly version: string;
  /** The Component object. */
  public readonly apiObject: ApiObject;
  private readonly entries: MetadataEntry[] = [];
  /** True when the Component is written without `scopes` on purpose (`unscoped: true`): every app of the namespace loads it. */
  public readonly unscoped: boolean;
  private readonly initTimeout?: string;
  private readonly ignoreErrors?: boolean;
  private readonly graph: AppGraph;

  public constructor(scope: Construct, id: string, props: DaprComponentConstructProps<T>) {
    super(scope, id);
    this.graph = AppGraph.of(this);
    this.componentName = props.name ?? id;
    this.namespace = resolveNamespace(this, props.namespace);
    const correction = SPEC_TYPE_CORRECTIONS[String(props.type).toLowerCase()];
    const typeProblem: FieldProblem | undefined = correction
      ? { field: 'type', problem: `${show(props.type)} is not a type daprd registers`, fix: `use ${show(correction)}` }
      : typeof props.type !== 'string' || !/^[a-z0-9]+(\.[a-z0-9-]+)+$/i.test(props.type)
        ? { field: 'type', problem: `${show(props.type)} is not a Dapr component type`, fix: 'use "<category>.<name>", such as "state.redis"' }
        : undefined;
    // The type is read as a string from here on.
    if (typeof props.type !== 'string') throw fieldError(this, typeProblem!);
    const typeRefused = refuse(this, typeProblem);
    this.componentType = props.type;
    this.version = props.version ?? 'v1';
    const nameProblem = dnsNameProblem('name', this.componentName);
    if (typeof this.componentName !== 'string') throw fieldError(this, nameProblem!);
    refuse(this, nameProblem);
    this.initTimeout = props.initTimeout ? goDuration(props.initTimeout) : undefined;
    const ignoreErrors = booleanProblem('ignoreErrors', props.ignoreErrors);
    const unscoped = booleanProblem('unscoped', props.unscoped);
    refuse(this, ignoreErrors, unscoped);
    this.ignoreErrors = ignoreErrors ? undefined : props.ignoreErrors;
    // A refused `unscoped` counts as given, so no second problem about scopes follows.
    this.unscoped = unscoped ? true : props.unscoped ?? false;

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: this.componentName, namespace: this.namespace, labels: props.labels },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
      auth: Lazy.any({ produce: () => renderSecretStoreAuth(this.secretStore) }),
      scopes: Lazy.any({ produce: () => renderScopes(this.unscoped, this.unscoped ? [] : this.scopes) }),
    } as any);

    this.graph.add(this, GraphNodeKind.COMPONENT);
    addDuplicateValidation<DaprComponent>(this, 'Dapr component', (c) => `${c.namespace}/${c.componentName}`, DaprComponent.isDaprComponent);
    const allowUnknownType = props.allowUnknownType === true;
    this.graph.addValidation(this, () => {
      const errors = [...this.validateReferences(), ...this.validateScopes()];
      const rendered = this.apiObject.toJson();
      errors.push(...plainSensitiveMetadata(rendered).map(describeProblem));
      errors.push(...catalogProblems(rendered, { allowUnknownType: allowUnknownType || typeRefused }).map(describeProblem));
      return errors;
    });
    const metadata = (props as { metadata?: unknown }).metadata;
    if (metadata !== undefined) addMetadataFromProps(this, metadata);
  }

  /**
   * Adds a plain metadata value. Refuses a field the component type marks sensitive: pass a secret
   * reference to `addSecretMetadata` instead. For a literal spec type and name the refusal is a compile
   * error; otherwise it is thrown.
   */
  public addMetadata<N extends string>(name: PlainMetadataName<T, N>, value: string | number | boolean): void {
    if (!this.checkNewField(name)) return;
    if (isSensitiveField(this.componentType, name)) {
      refuse(this, {
        field: `spec.metadata[${name}]`,
        problem: `${this.componentType} marks ${show(name)} sensitive, so it cannot take a plain value (the value given is not shown)`,
        fix: `declare the credential with new DeclaredSecret(...) and pass secret.keyRef('<key>') to addSecretMetadata('${name}', ...)`,
      });
      return;
    }
    if (refuse(this, ['string', 'number', 'boolean'].includes(typeof value) ? undefined : {
      field: `spec.metadata[${name}]`,
      problem: `expected a string, number or boolean, got ${show(value)}`,
      fix: 'pass a plain value, or a secret reference to addSecretMetadata',
    })) return;
    this.entries.push({ name, value: String(value) });
  }

  /** Adds a metadata field whose value Dapr reads from a secret (`secretKeyRef`). */
  public addSecretMetadata(name: string, ref: SecretKeyRef): void {
    if (!this.checkNewField(name)) return;
    if (!SecretKeyRef.isSecretKeyRef(ref)) {
      refuse(this, {
        field: `spec.metadata[${name}]`,
        problem: `expected a secret reference, got ${typeof ref === 'string' ? 'a string (not shown: it may be a credential)' : show(ref)}`,
        fix: "declare the credential with new DeclaredSecret(...) and pass secret.keyRef('<key>')",
      });
      return;
    }
    if (refuse(this, DeclaredSecret.isDeclaredSecret(ref.secret) ? undefined : {
      field: `spec.metadata[${name}]`,
      problem: 'the secret reference does not come from a declared secret',
      fix: "get references from secret.keyRef('<key>') of a DeclaredSecret",
    })) return;
    const current = this.secretStore;
    if (current && current !== ref.store) {
      refuse(this, {
        field: `spec.metadata[${name}]`,
        problem: `${ref} belongs to secret store ${show(ref.store.storeName)}, but this component already reads through ${show(current.storeName)}; a Component has one auth.secretStore`,
        fix: 'keep every secret this component references in one store',
      });
      return;
    }
    this.entries.push({ name, ref });
    this.graph.addReference(this, name, ref);
    for (const app of this.graph.appsLoading(this)) app._componentsChanged?.();
  }

  /** Adds a plain value when it is defined. */
  public addMetadataIfDefined<N extends string>(name: PlainMetadataName<T, N>, value: string | number | boolean | undefined): void {
    if (value !== undefined) this.addMetadata<N>(name, value);
  }

  /** Adds a secret reference when it is defined. */
  public addSecretMetadataIfDefined(name: string, ref: SecretKeyRef | undefined): void {
    if (ref !== undefined) this.addSecretMetadata(name, ref);
  }

  public get secretKeyRefs(): SecretKeyRef[] {
    return this.entries.filter((e) => e.ref).map((e) => e.ref!);
  }

  public get secretStore(): ISecretStore | undefined {
    return this.secretKeyRefs[0]?.store;
  }

  /** The app IDs that load this component, sorted: its `scopes` (not written when `unscoped`). */
  public get scopes(): string[] {
    return [...new Set(this.graph.appsLoading(this).map((a) => a.appId))].sort();
  }

  /** The value of a plain metadata field, for tests and presets. */
  public metadataValue(name: string): string | undefined {
    return this.entries.find((e) => e.name.toLowerCase() === name.toLowerCase())?.value;
  }

  /** False (after refusing it) when `name` cannot be added. */
  private checkNewField(name: string): boolean {
    if (typeof name !== 'string' || name.length === 0) {
      return !refuse(this, { field: 'spec.metadata', problem: `metadata name ${show(name)} is empty`, fix: 'name the field' });
    }
    return !refuse(this, this.entries.some((e) => e.name.toLowerCase() === name.toLowerCase()) ? {
      field: `spec.metadata[${name}]`,
      problem: `${show(name)} is set twice (daprd matches names case-insensitively)`,
      fix: 'set each metadata field once',
    } : undefined);
  }

  private renderSpec(): Record<string, unknown> {
    return {
      type: this.componentType,
      version: this.version,
      metadata: this.entries.map((e) => (e.ref ? { name: e.name, secretKeyRef: e.ref.toSecretKeyRef() } : { name: e.name, value: e.value })),
      initTimeout: this.initTimeout,
      ignoreErrors: this.ignoreErrors,
    };
  }

  private validateScopes(): string[] {
    if (this.unscoped || this.scopes.length > 0) return [];
    return [describeProblem({
      field: 'scopes',
      problem: `no DaprApp of this cdk8s App loads component ${show(this.componentName)}, so it would be written without scopes and Dapr would load it into every app of namespace ${show(this.namespace)}`,
      fix: 'load it in the apps that use it (components: [...] or app.addComponent(component)), or pass unscoped: true to load it into every app of the namespace on purpose',
    })];
  }

  private validateReferences(): string[] {
    const errors: string[] = [];
    for (const e of this.entries) {
      if (!e.ref) continue;
      const secret = e.ref.secret;
      if (secret.node.root !== this.node.root) {
        errors.push(describeProblem({
          field: `spec.metadata[${e.name}].secretKeyRef.name`,
          problem: `secret ${show(secret.secretName)} (${secret.node.path}) is declared under another cdk8s App, so this App's synth never delivers it and the reference would stay unresolved`,
          fix: 'declare the secret in a chart of the same App as the component',
        }));
        continue;
      }
      if (!secret.keys.includes(e.ref.key)) {
        errors.push(describeProblem({
          field: `spec.metadata[${e.name}].secretKeyRef.key`,
          problem: `secret ${show(secret.secretName)} declares no key ${show(e.ref.key)} (declared: ${secret.keys.join(', ')})`,
          fix: "use one of the declared keys, or add the key to the secret's keys",
        }));
      }
      if (secret.store.kubernetesBacked && secret.namespace !== this.namespace) {
        errors.push(describeProblem({
          field: `spec.metadata[${e.name}].secretKeyRef.name`,
          problem: `secret ${show(secret.secretName)} is in namespace ${show(secret.namespace)}, but Dapr reads it from the component's namespace ${show(this.namespace)}`,
          fix: 'declare the secret in the same namespace as the component',
        }));
      }
    }
    const store = this.secretStore;
    const viaStore = store !== undefined && store.resolver === SecretResolver.SIDECAR;
    if (store && store.node.root !== this.node.root) {
      errors.push(describeProblem({
        field: 'auth.secretStore',
        problem: `store ${show(store.storeName)} (${store.node.path}) is declared under another cdk8s App, so this App's synth never writes it`,
        fix: 'declare the secret store in a chart of the same App as the component',
      }));
    }
    if (viaStore && store.namespace !== undefined && store.namespace !== this.namespace) {
      errors.push(describeProblem({
        field: 'auth.secretStore',
        problem: `store ${show(store.storeName)} is in namespace ${show(store.namespace)}, but components only see stores in their own namespace ${show(this.namespace)}`,
        fix: 'declare a secret store in the same namespace as the component',
      }));
    }
    return errors;
  }
}
