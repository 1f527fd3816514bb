import * as k8s from '@pulumi/kubernetes';
import { createHash } from 'crypto';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { show } from '../core/errors';
import type { DeclaredSecret } from '../secrets/declared-secret';
import { SECRETS_FINGERPRINT_ANNOTATION } from '../workloads/dapr-app';
import { TYPED_KINDS, WORKLOAD_KINDS } from './kinds';
import { AppPlan, ChartPlan, PlannedObject, PlannedResourceKind, planPulumiRender } from './plan';
import { ConfigValue, readConfigSecrets } from './config-values';
import { runError } from './run-error';
import { renderModeMessage, SecretProviderGate, SECRET_TYPE } from './provider-gate';

/** Type token of the ComponentResource that holds one cdk8s chart's shared objects. */
export const DAPR_CHART_TYPE = 'dapr-secure:index:Chart';
/** Type token of the ComponentResource that holds one Dapr app's objects. */
export const DAPR_APP_TYPE = 'dapr-secure:index:DaprApp';

/** Options for `renderToPulumi`. */
export interface PulumiRenderOptions {
  /**
   * The Kubernetes provider every object is registered with. Whether it renders YAML to a directory can
   * only be seen once it is registered, so with Pulumi config secrets each Secret's registration and data
   * wait for that check; a provider that renders YAML is refused with one `pulumi.RunError`.
   * Prefer `providerArgs`, which is checked before anything is registered.
   * @default - the provider `parent` passes to its children, else the default provider: your kubeconfig and
   * current context (`KUBECONFIG`, or the `kubernetes:kubeconfig` / `kubernetes:context` stack config)
   */
  readonly provider?: k8s.Provider;
  /**
   * Arguments of a Kubernetes provider that the renderer creates (named `providerName`) and registers every
   * object with. Cannot be combined with `provider`.
   * @default - no provider is created; see `provider`
   */
  readonly providerArgs?: k8s.ProviderArgs;
  /** Name of the provider created from `providerArgs`. @default 'kubernetes' */
  readonly providerName?: string;
  /**
   * The resource the chart ComponentResources (and the provider created from `providerArgs`) are children of,
   * such as a ComponentResource of your own.
   * @default - the stack
   */
  readonly parent?: pulumi.Resource;
  /**
   * The config the values of Pulumi config deliveries are read from, unless a delivery names its own
   * `configNamespace`.
   * @default - `new pulumi.Config()`, the project's namespace
   */
  readonly config?: pulumi.Config;
}

/** A registered Kubernetes object. */
export interface RenderedObject {
  /** What was planned: names, kind, object (never a secret value). */
  readonly plan: PlannedObject;
  /** The Pulumi resource. */
  readonly resource: pulumi.CustomResource;
}

/** What `renderToPulumi` registered. */
export interface PulumiRendering {
  /** One ComponentResource per chart that has objects. */
  readonly charts: DaprChartResource[];
  /** One ComponentResource per Dapr app. */
  readonly apps: DaprAppResource[];
  /** Every registered Kubernetes object, Secrets included, in registration order. */
  readonly objects: RenderedObject[];
  /** The Secrets created from Pulumi config secrets. */
  readonly secrets: k8s.core.v1.Secret[];
  /** The provider created from `providerArgs`, if any. */
  readonly provider?: k8s.Provider;
  /** The config keys (`<namespace>:<key>`) the stack reads secret values from, sorted. */
  readonly configKeys: string[];
}

/**
 * Registers the Kubernetes objects of a cdk8s app or chart as Pulumi resources: the same constructs `cdk8s
 * synth` writes to YAML, as typed `@pulumi/kubernetes` resources (CRD kinds as `CustomResource`), grouped
 * in one `dapr-secure:index:Chart` ComponentResource per chart and one `dapr-secure:index:DaprApp` per app,
 * ordered with `dependsOn` (Secrets and stores → components → configurations and RBAC → workloads).
 * Secrets of `PulumiConfigDelivery` become `k8s.core.v1.Secret`s whose `stringData` is a secret Output read
 * from the stack's config as a secret (`config.getSecret`; a missing key fails like `config.requireSecret`,
 * but naming the `pulumi config set --secret` command); no value travels through a component's args, a
 * ConfigGroup, an export or a log.
 *
 * Throws a `pulumi.RunError` (printed without a stack trace) before registering anything when the program
 * does not validate, when a config secret is missing, set with `--path`, empty, only whitespace or stored in
 * plaintext, or when the default provider (stack config `kubernetes:renderYamlToDirectory`) or
 * `providerArgs` render YAML to a directory (which writes Secret values in plaintext) and the program has
 * such Secrets.
 *
 * Every Secret is gated on the provider it actually gets, which Pulumi settles while constructing it
 * (`provider`, the `providers` of `parent` and its ancestors, `registerStackTransformation` and
 * `transformations`): its registration and data wait until that provider is registered and known not to
 * render YAML. Otherwise its registration fails with one `pulumi.RunError` per provider, naming where that
 * provider came from, its data never resolves, and nothing that waits for it is registered; objects that
 * need no Secret are still rendered. Transforms the engine runs (`pulumi.runtime.registerResourceTransform`,
 * the `transforms` option) receive the registration request after it left the program, so the provider
 * they set cannot be seen or refused here: do not let them give Secrets a provider that renders YAML.
 */
export function renderToPulumi(scope: App | Chart, options: PulumiRenderOptions = {}): PulumiRendering {
  try {
    return render(scope, options);
  } catch (e) {
    // Every error here is about the user's program or stack config: Pulumi prints a RunError without a stack trace.
    const message = e instanceof Error ? e.message : undefined;
    throw message === undefined || pulumi.RunError.isInstance(e) ? e : runError(message);
  }
}

function render(scope: App | Chart, options: PulumiRenderOptions): PulumiRendering {
  if (options.provider && options.providerArgs) {
    throw new Error('renderToPulumi: provider and providerArgs were both given. Fix: pass an existing provider, or the arguments of one for the renderer to create, not both');
  }
  const plan = planPulumiRender(scope);
  const configSecrets = plan.charts.flatMap((c) => [...c.objects, ...c.apps.flatMap((a) => a.objects)])
    .filter((p) => p.resourceKind === PlannedResourceKind.CONFIG_SECRET);

  const values = readConfigSecrets(configSecrets.map((p) => p.secret!), options.config);
  const parentProvider = options.parent?.getProvider(SECRET_TYPE);
  refuseKnownRenderMode(options, parentProvider, configSecrets);

  if (plan.uncreatedSecrets.length > 0) {
    void pulumi.log.warn(`renderToPulumi: this stack does not create ${plan.uncreatedSecrets.length} Secret(s) the app reads: `
      + `${plan.uncreatedSecrets.map((s) => `${s.namespace}/${s.secretName} (${s.delivery.kind})`).join(', ')}. `
      + 'Create them before the pods start (their delivery says how), or choose PulumiConfigDelivery for them.');
  }

  const parent = options.parent ? { parent: options.parent } : {};
  const created = options.providerArgs ? new k8s.Provider(options.providerName ?? 'kubernetes', options.providerArgs, parent) : undefined;
  const provider = created ?? options.provider;
  const gate = new SecretProviderGate({ option: options.provider, created, parent: parentProvider }, defaultRenderDir);
  const registrar = new Registrar((p) => {
    const { dependency, released } = gate.hold(p);
    return { data: secretData(p, values, released), dependency };
  }, configSecrets);
  const charts = plan.charts.map((c) => new DaprChartResource(c.name, c, registrar, { ...parent, ...(provider ? { providers: [provider] } : {}) }));
  registrar.assertComplete();
  const secrets = registrar.objects.filter((o) => o.plan.resourceKind === PlannedResourceKind.CONFIG_SECRET);
  gate.check((p) => registrar.resourceOf(p));
  return {
    charts,
    apps: charts.flatMap((c) => c.apps),
    objects: registrar.objects,
    secrets: secrets.map((o) => o.resource as k8s.core.v1.Secret),
    provider: created,
    configKeys: [...values.keys()].sort(),
  };
}

/** The objects of one cdk8s chart that belong to no Dapr app (secrets, stores, components, …), and its apps. */
export class DaprChartResource extends pulumi.ComponentResource {
  /** The chart's Dapr apps. */
  public readonly apps: DaprAppResource[];
  /** The objects registered directly under this component, as `<Kind> <Pulumi name>`. */
  public readonly objectNames: string[];

  /** @internal Created by `renderToPulumi`. */
  public constructor(name: string, plan: ChartPlan, registrar: Registrar, opts: pulumi.ComponentResourceOptions = {}) {
    // No args: a component's args are stored in state in plaintext.
    super(DAPR_CHART_TYPE, name, {}, opts);
    this.objectNames = plan.objects.map((p) => registrar.register(p, this).plan).map((p) => `${p.kind} ${p.name}`);
    this.apps = plan.apps.map((a) => new DaprAppResource(a.name, a, registrar, { parent: this }));
    this.registerOutputs({ objects: this.objectNames, apps: this.apps.map((a) => a.appName) });
  }
}

/** The objects of one Dapr app: Configuration, ServiceAccount, RBAC, Service and Deployment. */
export class DaprAppResource extends pulumi.ComponentResource {
  /** `<namespace>/<appId>`. */
  public readonly appName: string;
  /** The app's objects, as `<Kind> <Pulumi name>`. */
  public readonly objectNames: string[];

  /** @internal Created by `renderToPulumi`. */
  public constructor(name: string, plan: AppPlan, registrar: Registrar, opts: pulumi.ComponentResourceOptions = {}) {
    super(DAPR_APP_TYPE, name, {}, opts);
    this.appName = name;
    this.objectNames = plan.objects.map((p) => registrar.register(p, this).plan).map((p) => `${p.kind} ${p.name}`);
    this.registerOutputs({ appId: plan.app.appId, namespace: plan.app.namespace, objects: this.objectNames });
  }
}

/** What a config secret's Secret is created with. @internal */
export interface SecretInputs {
  /** Its `stringData`, a secret Output. */
  readonly data: pulumi.Output<{ [key: string]: string }>;
  /** Holds its `dependsOn` until its provider is accepted; rejects when the provider is refused. */
  readonly dependency: Promise<void>;
}

/** Creates each planned object once, with its `dependsOn` (a promise when the dependency comes later). @internal */
export class Registrar {
  public readonly objects: RenderedObject[] = [];
  private readonly registered = new Map<PlannedObject, pulumi.CustomResource>();
  private readonly waiting = new Map<PlannedObject, (r: pulumi.Resource) => void>();
  private readonly promised = new Map<PlannedObject, Promise<pulumi.Resource>>();
  private readonly configSecretOf = new Map<DeclaredSecret, PlannedObject>();

  public constructor(private readonly secretInputs: (p: PlannedObject) => SecretInputs, configSecrets: PlannedObject[] = []) {
    for (const p of configSecrets) this.configSecretOf.set(p.secret!, p);
  }

  public register(p: PlannedObject, parent: pulumi.Resource): RenderedObject {
    if (this.registered.has(p)) throw new Error(`${p.kind} ${p.name} was registered twice. This is a bug in dapr-secure-constructs`);
    const opts: pulumi.CustomResourceOptions = { parent };
    if (p.dependsOn.length > 0) opts.dependsOn = p.dependsOn.map((d) => this.ref(d));
    const resource = this.create(p, opts);
    this.registered.set(p, resource);
    this.waiting.get(p)?.(resource);
    const rendered = { plan: p, resource };
    this.objects.push(rendered);
    return rendered;
  }

  /** The resource registered for `p`. */
  public resourceOf(p: PlannedObject): pulumi.CustomResource {
    const resource = this.registered.get(p);
    if (!resource) throw new Error(`${p.kind} ${p.name} was never registered. This is a bug in dapr-secure-constructs`);
    return resource;
  }

  public assertComplete(): void {
    const missing = [...this.promised.keys()].filter((p) => !this.registered.has(p));
    if (missing.length > 0) throw new Error(`dependencies never registered: ${missing.map((p) => p.name).join(', ')}. This is a bug in dapr-secure-constructs`);
  }

  private ref(p: PlannedObject): pulumi.Input<pulumi.Resource> {
    const done = this.registered.get(p);
    if (done) return done;
    let promise = this.promised.get(p);
    if (!promise) {
      promise = new Promise<pulumi.Resource>((resolve) => this.waiting.set(p, resolve));
      this.promised.set(p, promise);
    }
    return promise;
  }

  private create(p: PlannedObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    const object = JSON.parse(JSON.stringify(p.object));
    switch (p.resourceKind) {
      case PlannedResourceKind.CONFIG_SECRET: {
        const { data, dependency } = this.secretInputs(p);
        const dependsOn = dependency.then(() => (opts.dependsOn ?? []) as pulumi.Input<pulumi.Resource>[]);
        return new k8s.core.v1.Secret(p.name, { metadata: object.metadata, type: object.type, stringData: data }, { ...opts, dependsOn });
      }
      case PlannedResourceKind.TYPED: {
        const ResourceClass = TYPED_KINDS[`${p.apiVersion}/${p.kind}`].resourceClass();
        this.fingerprintConfigSecrets(p, object);
        return new ResourceClass(p.name, object, opts);
      }
      case PlannedResourceKind.CUSTOM:
        return new k8s.apiextensions.CustomResource(p.name, object, opts);
    }
  }

  /**
   * The secrets fingerprint of a workload hashes the reference set of its secrets, which for config secrets
   * does not change when a value does. Mixes in each such Secret's `uid` and `resourceVersion` as the cluster
   * reports them (never a value), so `pulumi config set --secret` and `pulumi up` roll the pods.
   */
  private fingerprintConfigSecrets(p: PlannedObject, object: any): void {
    const annotations = object.spec?.template?.metadata?.annotations;
    if (!p.app || !WORKLOAD_KINDS.has(p.kind) || typeof annotations?.[SECRETS_FINGERPRINT_ANNOTATION] !== 'string') return;
    const secrets = p.app.secretDependencies.map((s) => this.configSecretOf.get(s)).filter((s): s is PlannedObject => s !== undefined);
    if (secrets.length === 0) return;
    const versions = secrets.map((s) => pulumi.output(this.ref(s)).apply((r) => (r as k8s.core.v1.Secret).metadata)
      .apply((m) => `${s.name}=${m?.uid ?? ''}/${m?.resourceVersion ?? ''}`));
    const base: string = annotations[SECRETS_FINGERPRINT_ANNOTATION];
    annotations[SECRETS_FINGERPRINT_ANNOTATION] = pulumi.all(versions)
      .apply((v) => createHash('sha256').update([base, ...v.sort()].join('\n')).digest('hex').slice(0, 32));
  }
}

function secretData(p: PlannedObject, values: Map<string, ConfigValue>, released: Promise<void>): pulumi.Output<{ [key: string]: string }> {
  const mine: { [key: string]: pulumi.Output<string> } = {};
  for (const v of values.values()) if (v.secret === p.secret) mine[v.key] = v.value;
  return pulumi.secret(pulumi.all([released, pulumi.all(mine)]).apply(([, data]) => data));
}

function defaultRenderDir(): string | undefined {
  return new pulumi.Config('kubernetes').get('renderYamlToDirectory');
}

/**
 * Refuses, before anything is registered, a provider known to render YAML when there are Secrets:
 * `providerArgs` with a literal `renderYamlToDirectory`, and the default provider (stack config) when
 * neither `renderToPulumi` nor its `parent` gives one. `SecretProviderGate` checks the rest.
 */
function refuseKnownRenderMode(options: PulumiRenderOptions, parentProvider: pulumi.ProviderResource | undefined, secrets: PlannedObject[]): void {
  if (secrets.length === 0) return;
  if (options.providerArgs) {
    const dir = options.providerArgs.renderYamlToDirectory;
    if (dir && !pulumi.Output.isInstance(dir) && !isPromiseLike(dir)) throw new Error(renderModeMessage(`providerArgs.renderYamlToDirectory is ${show(dir)}`, secrets));
    return;
  }
  if (options.provider || parentProvider) return;
  const dir = defaultRenderDir();
  if (dir) throw new Error(renderModeMessage(`the stack config kubernetes:renderYamlToDirectory is ${show(dir)} (it configures the default provider)`, secrets));
}

function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as any).then === 'function';
}
