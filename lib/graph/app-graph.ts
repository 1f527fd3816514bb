import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { IComponentConsumer, IDaprComponent } from '../components/dapr-component';
import type { DeclaredSecret } from '../secrets/declared-secret';
import type { SecretKeyRef } from '../secrets/secret-key-ref';
import type { ISecretStore } from '../secrets/secret-store';

/** What a node of the graph is. */
export enum GraphNodeKind {
  /** A Dapr app (`DaprApp`). */
  APP = 'app',
  /** A Dapr Component that is not a secret store. */
  COMPONENT = 'component',
  /** A secret store: the built-in one, or a store Component. */
  STORE = 'store',
  /** A declared secret. */
  SECRET = 'secret',
  /** Another Dapr resource (HTTPEndpoint, Subscription, Resiliency, …). */
  RESOURCE = 'resource',
}

/** One secret reference: a component field, through a secret key, to a store. */
export interface ReferenceEdge {
  /** The component, or another Dapr resource with secret references (an HTTPEndpoint, an MCPServer). */
  readonly component: IConstruct;
  /** The metadata field, such as `redisPassword`. */
  readonly field: string;
  readonly ref: SecretKeyRef;
}

/**
 * A use of one secret key by something other than a component's metadata or a Secrets API read: an ESO
 * store's provider credential, a Dapr API token of an app.
 */
export interface SecretUseEdge {
  /** The construct that uses the key. */
  readonly user: IConstruct;
  /** Where it uses it, such as `apiToken` or `spec.provider.vault.auth.tokenSecretRef`. */
  readonly field: string;
  readonly ref: SecretKeyRef;
}

/** Who renders the app; validations that depend on it read it from the graph. */
export enum RenderTarget {
  CDK8S = 'cdk8s',
  PULUMI = 'pulumi',
}

/** The context of one render, passed to `AppGraph.render`. */
export interface RenderContext {
  readonly target: RenderTarget;
}

interface Identity {
  readonly construct: IConstruct;
  readonly identity: () => string;
  readonly isSameKind: (c: IConstruct) => boolean;
}

/** The graph lives on the root construct, under a global symbol, so every copy of this module finds it. */
const GRAPH = Symbol.for('dapr-secure-constructs.AppGraph');

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The relationships of one cdk8s App, registered when a construct is created or a reference, load, read or
 * grant is taken: apps, components, secret stores, declared secrets, references (component field → secret
 * key → store), Secrets API reads and loads. Every model query (scopes, secret scopes, RBAC, fingerprints,
 * duplicates, delivery artifacts, the Pulumi plan, the CLI's declarations) reads it. Only the graph's own
 * walk (tree order, charts, ApiObjects) visits the whole construct tree: once per render, and again only
 * after the graph changes.
 */
export class AppGraph {
  /** The graph of the App that `scope` belongs to, created on first use. */
  public static of(scope: IConstruct): AppGraph {
    const root = scope.node.root as any;
    const existing = root[GRAPH];
    if (existing instanceof AppGraph) return existing;
    const graph = new AppGraph(scope.node.root);
    Object.defineProperty(root, GRAPH, { value: graph, enumerable: false, configurable: true });
    return graph;
  }

  /** The graph registered on `root`, if any, from any copy of this module (only its data is read). */
  public static peek(root: IConstruct): unknown {
    return (root as any)?.[GRAPH];
  }

  private readonly kinds = new Map<IConstruct, GraphNodeKind>();
  private readonly byKind = new Map<GraphNodeKind, Set<IConstruct>>();
  private readonly loads = new Map<IConstruct, IDaprComponent[]>();
  private readonly loaders = new Map<IConstruct, IComponentConsumer[]>();
  private readonly reads = new Map<IConstruct, DeclaredSecret[]>();
  private readonly readersOfStore = new Map<ISecretStore, Set<IComponentConsumer>>();
  private readonly references = new Map<IConstruct, ReferenceEdge[]>();
  private readonly uses = new Map<IConstruct, SecretUseEdge[]>();
  private readonly componentStore = new Map<IConstruct, ISecretStore>();
  private readonly usersOfStore = new Map<ISecretStore, IConstruct[]>();
  private readonly secretsOfStore = new Map<ISecretStore, DeclaredSecret[]>();
  private readonly storesByComponent = new Map<IConstruct, ISecretStore>();
  private readonly unscopedStores = new Map<string, IDaprComponent[]>();
  private readonly appsById = new Map<string, IComponentConsumer[]>();
  private readonly identities = new Map<string, Map<IConstruct, Identity>>();
  private readonly memos = new Map<string, { version: number; value: unknown }>();
  private version = 0;
  private context?: RenderContext;
  private validationCache?: Map<object, string[]>;

  private constructor(public readonly root: IConstruct) {}

  /** Adds a node. A construct has one kind; registering it again with a kind moves it (a store component first registers as a component). */
  public add(construct: IConstruct, kind: GraphNodeKind): void {
    const before = this.kinds.get(construct);
    if (before === kind) return;
    if (before !== undefined) this.byKind.get(before)!.delete(construct);
    this.kinds.set(construct, kind);
    const nodes = this.byKind.get(kind) ?? new Set<IConstruct>();
    nodes.add(construct);
    this.byKind.set(kind, nodes);
    this.changed();
  }

  /** Adds a Dapr app. */
  public addApp(app: IComponentConsumer): void {
    this.add(app, GraphNodeKind.APP);
    push(this.appsById, `${app.namespace}/${app.appId}`, app);
  }

  /** Adds a secret store: the built-in one, or a store Component (which first registered as a component). */
  public addStore(store: ISecretStore): void {
    this.add(store, GraphNodeKind.STORE);
    const component = store.component as (IDaprComponent & { unscoped?: boolean }) | undefined;
    if (!component) return;
    this.storesByComponent.set(component, store);
    if (component.unscoped === true) push(this.unscopedStores, component.namespace, component);
    this.changed();
  }

  /** The store whose Component `component` is, if it is one. */
  public storeOfComponent(component: IConstruct): ISecretStore | undefined {
    return this.storesByComponent.get(component);
  }

  /** Store Components of `namespace` written without `scopes`: every app of the namespace loads them. */
  public unscopedStoresIn(namespace: string): IDaprComponent[] {
    return [...(this.unscopedStores.get(namespace) ?? [])];
  }

  /** Adds a declared secret and its edge to its store. */
  public addSecret(secret: DeclaredSecret): void {
    this.add(secret, GraphNodeKind.SECRET);
    push(this.secretsOfStore, secret.store, secret);
  }

  /** Records that `app` loads `component` (idempotent). */
  public addLoad(app: IComponentConsumer, component: IDaprComponent): void {
    const list = this.loads.get(app) ?? [];
    if (list.includes(component)) return;
    list.push(component);
    this.loads.set(app, list);
    push(this.loaders, component, app);
    this.changed();
  }

  /** Records that `app` reads `secret` through the Secrets API (idempotent). */
  public addRead(app: IComponentConsumer, secret: DeclaredSecret): void {
    const list = this.reads.get(app) ?? [];
    if (list.includes(secret)) return;
    list.push(secret);
    this.reads.set(app, list);
    const readers = this.readersOfStore.get(secret.store) ?? new Set<IComponentConsumer>();
    readers.add(app);
    this.readersOfStore.set(secret.store, readers);
    this.changed();
  }

  /** Records a secret reference of a component field; the first one fixes the component's store. */
  public addReference(component: IConstruct, field: string, ref: SecretKeyRef): void {
    push(this.references, component, { component, field, ref });
    if (!this.componentStore.has(component)) {
      this.componentStore.set(component, ref.store);
      push(this.usersOfStore, ref.store, component);
    }
    this.changed();
  }

  /** Records that `user` uses one key of a declared secret in `field`, outside component metadata and Secrets API reads. */
  public addSecretUse(user: IConstruct, field: string, ref: SecretKeyRef): void {
    push(this.uses, user, { user, field, ref });
    this.changed();
  }

  /**
   * Registers `construct` for the duplicate check of `what`: at synth, every later construct (in tree
   * order) of the same kind with the same identity is a duplicate of the first.
   */
  public addIdentity(what: string, construct: IConstruct, identity: () => string, isSameKind: (c: IConstruct) => boolean): void {
    const map = this.identities.get(what) ?? new Map<IConstruct, Identity>();
    map.set(construct, { construct, identity, isSameKind });
    this.identities.set(what, map);
    this.changed();
  }

  /** The kind `construct` was registered with, if any. */
  public kindOf(construct: IConstruct): GraphNodeKind | undefined {
    return this.kinds.get(construct);
  }

  /** The nearest registered construct at or above `construct`, with its kind. */
  public ownerOf(construct: IConstruct): { readonly owner: IConstruct; readonly kind: GraphNodeKind } | undefined {
    for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
      const kind = this.kinds.get(c);
      if (kind !== undefined) return { owner: c, kind };
    }
    return undefined;
  }

  /** The nodes of one kind, in registration order. */
  public nodes<T extends IConstruct>(kind: GraphNodeKind): T[] {
    return [...(this.byKind.get(kind) ?? [])] as T[];
  }

  /** Every Dapr app, in registration order. */
  public get apps(): IComponentConsumer[] {
    return this.nodes(GraphNodeKind.APP);
  }

  /** Every declared secret, in tree order (the order synth writes them). */
  public get secrets(): DeclaredSecret[] {
    return this.inTreeOrder(this.nodes<DeclaredSecret>(GraphNodeKind.SECRET));
  }

  /** The components `app` loads itself, in the order it added them. */
  public loadsOf(app: IConstruct): IDaprComponent[] {
    return [...(this.loads.get(app) ?? [])];
  }

  /** The secrets `app` reads through the Secrets API, in the order they were granted. */
  public readsOf(app: IConstruct): DeclaredSecret[] {
    return [...(this.reads.get(app) ?? [])];
  }

  /** The secret references of `component`, in the order they were added. */
  public referencesOf(component: IConstruct): ReferenceEdge[] {
    return [...(this.references.get(component) ?? [])];
  }

  /** The secret uses `user` recorded with `addSecretUse`, in the order they were added. */
  public secretUsesOf(user: IConstruct): SecretUseEdge[] {
    return [...(this.uses.get(user) ?? [])];
  }

  /**
   * The keys of `secret` something in the program uses: a component or Dapr resource field references it,
   * a store or app uses it (`addSecretUse`), or an app reads the whole secret through the Secrets API.
   */
  public usedKeysOf(secret: DeclaredSecret): ReadonlySet<string> {
    const used = this.memo('used-keys', () => {
      const map = new Map<DeclaredSecret, Set<string>>();
      const add = (s: DeclaredSecret, keys: readonly string[]) => {
        const set = map.get(s) ?? new Set<string>();
        for (const k of keys) set.add(k);
        map.set(s, set);
      };
      for (const edges of [...this.references.values(), ...this.uses.values()]) for (const { ref } of edges) add(ref.secret, [ref.key]);
      for (const secrets of this.reads.values()) for (const s of secrets) add(s, s.keys);
      return map;
    });
    return used.get(secret) ?? new Set<string>();
  }

  /** The store `component`'s references go through (`auth.secretStore`), if it has any. */
  public storeOf(component: IConstruct): ISecretStore | undefined {
    return this.componentStore.get(component);
  }

  /** The declared secrets of `store`, in tree order. */
  public secretsOf(store: ISecretStore): DeclaredSecret[] {
    return this.inTreeOrder(this.secretsOfStore.get(store) ?? []);
  }

  /** Apps with this namespace and app ID (more than one is a duplicate, refused at synth). */
  public appsWithId(namespace: string, appId: string): IComponentConsumer[] {
    return [...(this.appsById.get(`${namespace}/${appId}`) ?? [])];
  }

  /**
   * Every app whose sidecar loads `component`: the apps that load it, and, for a store, the apps that
   * read a secret from it or load a component whose references go through it (transitively).
   */
  public appsLoading(component: IConstruct): IComponentConsumer[] {
    const apps = new Set<IComponentConsumer>();
    const seen = new Set<IConstruct>();
    const visit = (c: IConstruct) => {
      if (seen.has(c)) return;
      seen.add(c);
      for (const app of this.loaders.get(c) ?? []) apps.add(app);
      const store = this.storesByComponent.get(c);
      if (!store) return;
      for (const app of this.readersOfStore.get(store) ?? []) apps.add(app);
      for (const user of this.usersOfStore.get(store) ?? []) visit(user);
    };
    visit(component);
    return [...apps];
  }

  /** Charts of the App, in tree order. */
  public get charts(): Chart[] {
    this.memos.delete('walk'); // charts are not registered: look again
    return this.walk().charts;
  }

  /** Every ApiObject of the App, chart by chart in tree order. */
  public get apiObjects(): ApiObject[] {
    return this.charts.flatMap((chart) => this.apiObjectsOf(chart));
  }

  /** The ApiObjects whose nearest chart is `chart`, in tree order (what `chart.toJson()` renders). */
  public apiObjectsOf(chart: Chart): ApiObject[] {
    return this.walk().apiObjects.get(chart) ?? [];
  }

  /** `list` sorted by position in the construct tree (pre-order, as `node.findAll()` lists). */
  public inTreeOrder<T extends IConstruct>(list: readonly T[]): T[] {
    const order = this.memo('order', () => this.walk().order);
    return [...list].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  }

  /** True when `a` comes before `b` in the construct tree. */
  public isBefore(a: IConstruct, b: IConstruct): boolean {
    const order = this.memo('order', () => this.walk().order);
    return (order.get(a) ?? Infinity) < (order.get(b) ?? Infinity);
  }

  /** The first construct (in tree order) registered for `what` with the same identity as `construct`. */
  public firstWithIdentity(what: string, construct: IConstruct): IConstruct | undefined {
    const all = this.identities.get(what);
    const mine = all?.get(construct);
    if (!all || !mine) return undefined;
    const first = this.memo(`identity:${what}`, () => {
      const map = new Map<string, IConstruct[]>();
      for (const c of this.inTreeOrder([...all.keys()])) push(map, all.get(c)!.identity(), c);
      return map;
    });
    return first.get(mine.identity())?.find((c) => mine.isSameKind(c));
  }

  /**
   * A value derived from the graph, computed once and kept until the graph changes (for checks that look
   * at every secret, such as environment variable clashes, so each runs once per synth).
   */
  public memo<T>(key: string, compute: () => T): T {
    const hit = this.memos.get(key);
    if (hit && hit.version === this.version) return hit.value as T;
    const value = compute();
    this.memos.set(key, { version: this.version, value });
    return value;
  }

  /** The context of the render in progress, if any. */
  public get renderContext(): RenderContext | undefined {
    return this.context;
  }

  /**
   * Runs `fn` (one render of this App) with `context`: validations added with `addValidation` see it, and
   * each computes its result once for the whole render, however many charts cdk8s synthesizes.
   */
  public render<T>(context: RenderContext, fn: () => T): T {
    const outer = { context: this.context, cache: this.validationCache };
    this.changed(); // constructs the graph does not track (charts, raw objects) may have been added
    this.context = context;
    this.validationCache = new Map();
    try {
      return fn();
    } finally {
      this.context = outer.context;
      this.validationCache = outer.cache;
    }
  }

  /** Adds a validation to `construct` that runs once per render (see `render`). */
  public addValidation(construct: IConstruct, validate: () => string[]): void {
    const key = {};
    construct.node.addValidation({
      validate: () => {
        const cache = this.validationCache;
        if (!cache) return validate();
        let errors = cache.get(key);
        if (!errors) {
          errors = validate();
          cache.set(key, errors);
        }
        return errors;
      },
    });
  }

  private changed(): void {
    this.version++;
  }

  /** The one walk of the construct tree: positions of the registered nodes, and the charts. */
  private walk(): { order: Map<IConstruct, number>; charts: Chart[]; apiObjects: Map<Chart, ApiObject[]> } {
    return this.memo('walk', () => {
      const order = new Map<IConstruct, number>();
      const charts: Chart[] = [];
      const apiObjects = new Map<Chart, ApiObject[]>();
      this.root.node.findAll().forEach((c, i) => {
        order.set(c, i);
        if (Chart.isChart(c)) charts.push(c);
        if (ApiObject.isApiObject(c)) push(apiObjects, c.chart, c);
      });
      return { order, charts, apiObjects };
    });
  }
}
