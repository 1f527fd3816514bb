import * as pulumi from '@pulumi/pulumi';
import { show } from '../core/errors';
import { runError } from './run-error';
import type { PlannedObject } from './plan';


/** The type token of the Secrets the renderer creates. */
export const SECRET_TYPE = 'kubernetes:core/v1:Secret';

/** Where the provider a Secret got comes from, as far as the program can tell. */
export enum ProviderSource {
  /** None: the default provider, configured by the stack config `kubernetes:*`. */
  DEFAULT = 'default',
  /** `renderToPulumi`'s `provider` option. */
  OPTION = 'option',
  /** The provider `renderToPulumi` created from `providerArgs`. */
  CREATED = 'created',
  /** A provider `renderToPulumi`'s `parent` passes to its children (its `providers`, or its own ancestors'). */
  PARENT = 'parent',
  /** Another provider: one a resource transformation set. */
  TRANSFORMATION = 'transformation',
}

/** The providers `renderToPulumi` meant its Secrets to get. */
export interface IntendedProviders {
  readonly option?: pulumi.ProviderResource;
  readonly created?: pulumi.ProviderResource;
  /** What `renderToPulumi`'s `parent` passes to its children for the Secret's type. */
  readonly parent?: pulumi.ProviderResource;
}

/** Where `actual`, the provider a constructed Secret got, comes from. */
export function providerSource(actual: pulumi.ProviderResource | undefined, intended: IntendedProviders): ProviderSource {
  const expected = intended.created ?? intended.option ?? intended.parent;
  if (actual !== expected) return actual === undefined ? ProviderSource.DEFAULT : ProviderSource.TRANSFORMATION;
  if (actual === undefined) return ProviderSource.DEFAULT;
  if (actual === intended.created) return ProviderSource.CREATED;
  return actual === intended.option ? ProviderSource.OPTION : ProviderSource.PARENT;
}

/** How a message names the provider of `source` (`name` is its Pulumi name). */
export function describeProvider(source: ProviderSource, name: string): string {
  switch (source) {
    case ProviderSource.DEFAULT:
      return 'the default provider (stack config kubernetes:renderYamlToDirectory)';
    case ProviderSource.OPTION:
      return `the provider ${show(name)} passed as renderToPulumi's \`provider\``;
    case ProviderSource.CREATED:
      return `the provider ${show(name)} renderToPulumi created from \`providerArgs\``;
    case ProviderSource.PARENT:
      return `the provider ${show(name)} that renderToPulumi's \`parent\` passes to its children (its \`providers\` option, or its ancestors')`;
    case ProviderSource.TRANSFORMATION:
      return `the provider ${show(name)} that a resource transformation set (registerStackTransformation, or \`transformations\` of renderToPulumi's \`parent\` or of an ancestor)`;
  }
}

/** The refusal of a provider that renders YAML: why, and what to do instead. */
export function renderModeMessage(where: string, secrets: readonly PlannedObject[]): string {
  return `renderToPulumi: ${where}. In that mode the Kubernetes provider writes manifests instead of applying them, `
    + 'and it writes every Secret\'s data into those files in plaintext, '
    + `so the renderer refuses to create the Secrets of Pulumi config secrets (${secrets.map((s) => s.name).join(', ')}) with it. `
    + 'Fix: deploy with a provider that applies to a cluster (no renderYamlToDirectory), '
    + 'or produce manifests with cdk8s synth and choose SecretDelivery.outOfBand() (or a sealed/external delivery) for these secrets';
}

/** The refusal of a provider whose `renderYamlToDirectory` the program cannot read. */
export function uncheckableMessage(provider: string, secrets: readonly PlannedObject[]): string {
  return `renderToPulumi: ${provider} has no renderYamlToDirectory output (it is not a k8s.Provider created in this program), `
    + 'so whether it writes Secret data to disk in plaintext cannot be checked, '
    + `and the renderer refuses to create the Secrets of Pulumi config secrets (${secrets.map((s) => s.name).join(', ')}) with it. `
    + 'Fix: give the Secrets a provider created in this program with new k8s.Provider(…), or pass providerArgs to renderToPulumi';
}

/** The Pulumi name of a resource, the last part of its URN. */
export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf('::') + 2);
}

interface Held {
  readonly plan: PlannedObject;
  /** Resolves once the provider is accepted, rejects with the refusal. */
  readonly dependency: Promise<void>;
  /** Resolves once the provider is accepted; never settles otherwise. */
  readonly released: Promise<void>;
  accept(): void;
  refuse(error: Error): void;
}

/**
 * Holds every Secret's registration (its `dependsOn`) and its data until the provider the Secret
 * actually got is known not to render YAML. The provider is read from the constructed Secret
 * (`getProvider`), after Pulumi applied `provider`, the parent's `providers` and every transformation the
 * SDK runs (`registerStackTransformation`, `transformations`); whether it renders YAML is read from its
 * `renderYamlToDirectory` once it is registered. A refused Secret's registration fails with ONE
 * `pulumi.RunError` per provider, naming where that provider came from, and its data never resolves.
 *
 * Transforms the engine runs (`registerResourceTransform`, the `transforms` option) see the registration
 * request, data included, after it left the program: the program cannot see the provider they set. A
 * `renderYamlToDirectory` that is unknown during preview leaves the Secrets out of the preview.
 */
export class SecretProviderGate {
  private readonly held: Held[] = [];

  public constructor(private readonly intended: IntendedProviders, private readonly defaultRenderDir: () => string | undefined) {}

  /** Starts holding a Secret: its `dependsOn` waits for `dependency`, its data for `released`. */
  public hold(plan: PlannedObject): { dependency: Promise<void>; released: Promise<void> } {
    let resolveDependency!: () => void;
    let rejectDependency!: (e: Error) => void;
    let release!: () => void;
    const dependency = new Promise<void>((resolve, reject) => {
      resolveDependency = resolve;
      rejectDependency = reject;
    });
    // Awaited by the registration; this keeps a refusal that lands before then from counting as unhandled.
    dependency.catch(() => undefined);
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.held.push({
      plan,
      dependency,
      released,
      accept: () => {
        resolveDependency();
        release();
      },
      refuse: rejectDependency,
    });
    return { dependency, released };
  }

  /** Checks the provider of each constructed Secret (`secretOf` returns the Pulumi resource of a held plan). */
  public check(secretOf: (plan: PlannedObject) => pulumi.CustomResource): void {
    const byProvider = new Map<pulumi.ProviderResource | undefined, Held[]>();
    for (const h of this.held) {
      const provider = secretOf(h.plan).getProvider(SECRET_TYPE);
      byProvider.set(provider, [...(byProvider.get(provider) ?? []), h]);
    }
    for (const [provider, held] of byProvider) {
      const source = providerSource(provider, this.intended);
      const refuse = (name: string, dir: string) => {
        const error = runError(renderModeMessage(`${describeProvider(source, name)} renders YAML to ${show(dir)}`, held.map((h) => h.plan)));
        held.forEach((h) => h.refuse(error));
      };
      if (provider === undefined) {
        const dir = this.defaultRenderDir();
        if (dir) {
          refuse('default', dir);
        } else {
          held.forEach((h) => h.accept());
        }
        continue;
      }
      // A provider's state holds its inputs, so the registered provider resolves its renderYamlToDirectory.
      // Every k8s.Provider has that output (undefined when not set); any other provider cannot be checked.
      const dir: unknown = (provider as any).renderYamlToDirectory;
      if (!pulumi.Output.isInstance(dir)) {
        provider.urn.apply((urn) => {
          const error = runError(uncheckableMessage(describeProvider(source, nameOfUrn(urn)), held.map((h) => h.plan)));
          held.forEach((h) => h.refuse(error));
        });
        continue;
      }
      pulumi.all([provider.urn, dir]).apply(([urn, d]) => {
        if (d) {
          refuse(nameOfUrn(urn), String(d));
        } else {
          held.forEach((h) => h.accept());
        }
      });
    }
  }
}
