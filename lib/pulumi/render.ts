import * as k8s from '@pulumi/kubernetes';
import { createHash } from 'crypto';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { show } from '../core/errors';
import type { DeclaredSecret } from '../secrets/declared-secret';
import { SECRETS_FINGERPRINT_ANNOTATION } from '../workloads/dapr-app';
import { TYPED_KINDS, WORKLOAD_KINDS } from './kinds';
import { AppPlan, ChartPlan, PlannedObject, PlannedResourceKind, planPulumiRender } from './plan';
import { PulumiConfigDelivery } from '../secrets/pulumi-config-delivery';

/** Type token of the ComponentResource that holds one cdk8s chart's shared objects. */
export const DAPR_CHART_TYPE = 'dapr-secure:index:Chart';
/** Type token of the ComponentResource that holds one Dapr app's objects. */
export const DAPR_APP_TYPE = 'dapr-secure:index:DaprApp';

/** Options for `renderToPulumi`. */
export interface PulumiRenderOptions {
  /**
   * The Kubernetes provider every object is registered with. Its `renderYamlToDirectory` can only be seen
   * once the provider is registered, so a program with Pulumi config secrets is refused asynchronously:
   * each Secret's data waits for that check and is never sent to a rendering provider.
   * Prefer `providerArgs`, which is checked before anything is registered.
   * @default - the default provider: your kubeconfig and current context (`KUBECONFIG`, or the
   * `kubernetes:kubeconfig` / `kubernetes:context` stack config)
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
 * does not validate, when a config secret is missing, empty or stored in plaintext, or when the default
 * provider (stack config `kubernetes:renderYamlToDirectory`) or `providerArgs` render YAML to a directory
 * (which writes Secret values in plaintext) and the program has such Secrets. With an explicit `provider`
 * that renders YAML, each Secret's data fails to resolve instead: no Secret, and nothing that waits for one,
 * reaches that provider, and the program fails with the same explanation; objects that need no Secret are
 * still rendered.
 */
export function renderToPulumi(scope: App | Chart, options: PulumiRenderOptions = {}): PulumiRendering {
  try {
    return render(scope, options);
  } catch (e) {
    // Every error here is about the user's program or stack config: Pulumi prints a RunError without a stack trace.
    const message = e instanceof Error ? e.message : undefined;
    throw message === undefined || pulumi.RunError.isInstance(e) ? e : new pulumi.RunError(message);
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
  const gate = renderModeGate(options, configSecrets);

  if (plan.uncreatedSecrets.length > 0) {
    void pulumi.log.warn(`renderToPulumi: this stack does not create ${plan.uncreatedSecrets.length} Secret(s) the app reads: `
      + `${plan.uncreatedSecrets.map((s) => `${s.namespace}/${s.secretName} (${s.delivery.kind})`).join(', ')}. `
      + 'Create them before the pods start (their delivery says how), or choose PulumiConfigDelivery for them.');
  }

  const parent = options.parent ? { parent: options.parent } : {};
  const provider = options.providerArgs ? new k8s.Provider(options.providerName ?? 'kubernetes', options.providerArgs, parent) : options.provider;
  const registrar = new Registrar((p) => secretData(p, values, gate), configSecrets);
  const charts = plan.charts.map((c) => new DaprChartResource(c.name, c, registrar, { ...parent, ...(provider ? { providers: [provider] } : {}) }));
  registrar.assertComplete();
  return {
    charts,
    apps: charts.flatMap((c) => c.apps),
    objects: registrar.objects,
    secrets: registrar.objects.filter((o) => o.plan.resourceKind === PlannedResourceKind.CONFIG_SECRET).map((o) => o.resource as k8s.core.v1.Secret),
    provider: options.providerArgs ? provider : undefined,
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

/** Creates each planned object once, with its `dependsOn` (a promise when the dependency comes later). @internal */
export class Registrar {
  public readonly objects: RenderedObject[] = [];
  private readonly registered = new Map<PlannedObject, pulumi.CustomResource>();
  private readonly waiting = new Map<PlannedObject, (r: pulumi.Resource) => void>();
  private readonly promised = new Map<PlannedObject, Promise<pulumi.Resource>>();
  private readonly configSecretOf = new Map<DeclaredSecret, PlannedObject>();

  public constructor(private readonly secretData: (p: PlannedObject) => pulumi.Output<{ [key: string]: string }>, configSecrets: PlannedObject[] = []) {
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
      case PlannedResourceKind.CONFIG_SECRET:
        return new k8s.core.v1.Secret(p.name, { metadata: object.metadata, type: object.type, stringData: this.secretData(p) }, opts);
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

interface ConfigValue {
  readonly secret: DeclaredSecret;
  readonly key: string;
  readonly value: pulumi.Output<string>;
}

/** Reads every config secret up front; throws one error listing every missing or plaintext value. */
function readConfigSecrets(secrets: DeclaredSecret[], config: pulumi.Config | undefined): Map<string, ConfigValue> {
  const project = pulumi.getProject();
  const values = new Map<string, ConfigValue>();
  const missing: string[] = [];
  const empty: string[] = [];
  const plaintext: string[] = [];
  const commands: string[] = [];
  // @internal in @pulumi/pulumi (runtime/config): whether the CLI passed the key as a secret.
  const isConfigSecret = (pulumi.runtime as any).isConfigSecret as ((key: string) => boolean) | undefined;
  if (secrets.length > 0 && typeof isConfigSecret !== 'function') {
    throw new Error('renderToPulumi: this @pulumi/pulumi has no runtime.isConfigSecret, so a value set without --secret could not be refused. Fix: use @pulumi/pulumi 3.248.x, the version dapr-secure-constructs is tested with');
  }
  for (const secret of secrets) {
    const delivery = secret.delivery as PulumiConfigDelivery;
    const bag = delivery.configNamespace !== undefined ? new pulumi.Config(delivery.configNamespace) : config ?? new pulumi.Config();
    for (const key of secret.keys) {
      const name = delivery.configKeyFor(secret, key);
      const full = `${bag.name}:${name}`;
      const cli = bag.name === project ? name : full;
      const what = `secret ${secret.namespace}/${secret.secretName}, key ${key}`;
      const earlier = values.get(full);
      if (earlier) {
        throw new Error(`[${secret.node.path}] Pulumi config key ${show(full)} would hold both key ${show(key)} of this secret and key ${show(earlier.key)} of ${earlier.secret.node.path}. Fix: give one of them its own key with SecretDelivery.pulumiConfig({ configKeys: { '${key}': 'other-name' } })`);
      }
      const value = bag.getSecret(name);
      if (value === undefined) {
        missing.push(`  ${full}  (${what})`);
        commands.push(`  pulumi config set --secret ${cli}`);
        continue;
      }
      // Read without a secret-use warning; only its emptiness is looked at.
      if (pulumi.runtime.getConfig(full) === '') {
        empty.push(`  ${full}  (${what})`);
        commands.push(`  pulumi config set --secret ${cli}`);
        continue;
      }
      if (!isConfigSecret!(full)) {
        plaintext.push(`  ${full}  (${what})`);
        commands.push(`  pulumi config rm ${cli} && pulumi config set --secret ${cli}`);
        continue;
      }
      values.set(full, { secret, key, value });
    }
  }
  if (missing.length + empty.length + plaintext.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`${missing.length} Pulumi config secret(s) are not set; each one becomes a key of a Kubernetes Secret:`, ...missing);
    if (empty.length > 0) parts.push(`${empty.length} Pulumi config secret(s) are set to an empty value, which would become an empty key of a Kubernetes Secret:`, ...empty);
    if (plaintext.length > 0) parts.push(`${plaintext.length} Pulumi config value(s) are stored in plaintext in Pulumi.${pulumi.getStack()}.yaml instead of encrypted:`, ...plaintext);
    parts.push('Fix: run these commands (Pulumi prompts for each value, so it stays out of your shell history), then run the program again:', ...commands);
    throw new Error(parts.join('\n'));
  }
  return values;
}

function secretData(p: PlannedObject, values: Map<string, ConfigValue>, gate: pulumi.Output<unknown> | undefined): pulumi.Output<{ [key: string]: string }> {
  const mine: { [key: string]: pulumi.Output<string> } = {};
  for (const v of values.values()) if (v.secret === p.secret) mine[v.key] = v.value;
  const data = pulumi.all(mine);
  if (!gate) return pulumi.secret(data);
  return pulumi.secret(pulumi.all([gate, data]).apply(([rendersTo, d]) => {
    if (rendersTo) throw new Error(renderModeMessage(`the provider passed as options.provider has renderYamlToDirectory ${show(rendersTo)}`, [p]));
    return d;
  }));
}

/**
 * Refuses a YAML-rendering provider when there are Secrets: synchronously for the default provider (stack
 * config) and `providerArgs`, asynchronously (a gate on every Secret's data) for an explicit provider.
 */
function renderModeGate(options: PulumiRenderOptions, secrets: PlannedObject[]): pulumi.Output<unknown> | undefined {
  if (secrets.length === 0) return undefined;
  if (options.providerArgs) {
    const dir = options.providerArgs.renderYamlToDirectory;
    if (pulumi.Output.isInstance(dir) || isPromiseLike(dir)) return pulumi.output(dir);
    if (dir) throw new Error(renderModeMessage(`providerArgs.renderYamlToDirectory is ${show(dir)}`, secrets));
    return undefined;
  }
  if (options.provider) {
    // A provider's state holds its inputs, so the registered provider resolves its renderYamlToDirectory.
    const dir = (options.provider as any).renderYamlToDirectory;
    return pulumi.Output.isInstance(dir) ? dir : undefined;
  }
  const dir = new pulumi.Config('kubernetes').get('renderYamlToDirectory');
  if (dir) throw new Error(renderModeMessage(`the stack config kubernetes:renderYamlToDirectory is ${show(dir)} (it configures the default provider)`, secrets));
  return undefined;
}

function renderModeMessage(where: string, secrets: PlannedObject[]): string {
  return `renderToPulumi: ${where}. In that mode the Kubernetes provider writes manifests instead of applying them, `
    + 'and it writes every Secret\'s data into those files in plaintext, '
    + `so the renderer refuses to create the Secrets of Pulumi config secrets (${secrets.map((s) => s.name).join(', ')}) with it. `
    + 'Fix: deploy with a provider that applies to a cluster (no renderYamlToDirectory), '
    + 'or produce manifests with cdk8s synth and choose SecretDelivery.outOfBand() (or a sealed/external delivery) for these secrets';
}

function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as any).then === 'function';
}
