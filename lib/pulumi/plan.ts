import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { IComponentConsumer } from '../components/dapr-component';
import { AppGraph, GraphNodeKind, RenderTarget } from '../graph/app-graph';
import { validateAndRender } from '../graph/pipeline';
import type { DeclaredSecret } from '../secrets/declared-secret';
import { PulumiConfigDelivery } from '../secrets/pulumi-config-delivery';
import type { DaprApp } from '../workloads/dapr-app';
import { apiGroup, isBuiltinGroup, TYPED_KINDS, WORKLOAD_KINDS } from './kinds';

/** How a planned object becomes a Pulumi resource. */
export enum PlannedResourceKind {
  /** A typed built-in class from `TYPED_KINDS`. */
  TYPED = 'typed',
  /** `k8s.apiextensions.CustomResource`, for CRD kinds (Dapr, SealedSecret, ExternalSecret, …). */
  CUSTOM = 'custom',
  /** `k8s.core.v1.Secret` whose `stringData` comes from Pulumi config secrets. */
  CONFIG_SECRET = 'config-secret',
}

/** One Kubernetes object the Pulumi renderer registers. Holds no secret value. */
export interface PlannedObject {
  /** The Pulumi resource name: `<namespace>/<name>`, or `<name>` for cluster-scoped objects. */
  readonly name: string;
  /** Path of the construct that declares it (the ApiObject, or the DeclaredSecret for config secrets). */
  readonly path: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  /** `metadata.name`. */
  readonly objectName: string;
  readonly resourceKind: PlannedResourceKind;
  /**
   * The object as cdk8s synthesizes it (`ApiObject.toJson()`). For config secrets: apiVersion, kind,
   * metadata and type only; the values are read from Pulumi config at registration.
   */
  readonly object: { readonly [field: string]: any };
  /** The declared secret, for config secrets. */
  readonly secret?: DeclaredSecret;
  /** The app whose ComponentResource parents it; undefined for chart-level objects. */
  readonly app?: DaprApp;
  /** Objects that must be created first. */
  readonly dependsOn: PlannedObject[];
}

/** The plan of one cdk8s chart. */
export interface ChartPlan {
  readonly chart: Chart;
  /** The ComponentResource name: the chart's construct path. */
  readonly name: string;
  /** Chart-level objects (secrets, stores, components, others), in registration order. */
  readonly objects: PlannedObject[];
  /** One entry per Dapr app, in declaration order, with its objects in registration order. */
  readonly apps: AppPlan[];
}

/** The plan of one Dapr app. */
export interface AppPlan {
  readonly app: DaprApp;
  /** The ComponentResource name: `<namespace>/<appId>`. */
  readonly name: string;
  readonly objects: PlannedObject[];
}

/** The whole plan: every chart, plus the declared secrets nothing in the program creates. */
export interface RenderPlan {
  readonly charts: ChartPlan[];
  /** Secrets that need a Kubernetes Secret but that neither Pulumi config nor a synthesized object creates (out-of-band). */
  readonly uncreatedSecrets: DeclaredSecret[];
}

type Group = 'secret' | 'component' | 'app' | 'other';

interface Draft {
  readonly planned: Omit<PlannedObject, 'dependsOn'> & { dependsOn: PlannedObject[] };
  readonly construct: IConstruct;
  readonly group: Group;
  readonly owner?: IConstruct;
  readonly rank: number;
  readonly order: number;
}

/**
 * Turns the construct tree into a plan of Pulumi resources: validates the app (`chart.toJson()`, all
 * validations, with Pulumi config deliveries allowed), maps every ApiObject to a resource kind and adds
 * the ordering Secrets → stores → components → configurations and RBAC → workloads.
 */
export function planPulumiRender(scope: App | Chart): RenderPlan {
  const graph = AppGraph.of(scope);
  // The same checks cdk8s synth makes (construct validations, then offline manifest validation and duplicates).
  const rendered = validateAndRender(scope, { target: RenderTarget.PULUMI });
  const charts = rendered.map((r) => r.chart);
  const secretsByChart = new Map<Chart, DeclaredSecret[]>();
  for (const secret of graph.secrets) {
    const list = secretsByChart.get(Chart.of(secret)) ?? [];
    list.push(secret);
    secretsByChart.set(Chart.of(secret), list);
  }

  const drafts: Draft[] = [];
  const chartOf = new Map<Draft, Chart>();
  for (const { chart, objects, apiObjects: renderedObjects } of rendered) {
    // Registered in tree order, with the JSON cdk8s just rendered for each object.
    const apiObjects = graph.apiObjectsOf(chart);
    const byObject = new Map(renderedObjects.map((o, i) => [o, objects[i]]));
    assertSameObjects(chart, apiObjects, byObject);
    const jsons = apiObjects.map((o) => byObject.get(o));
    apiObjects.forEach((o, j) => {
      const d = draftObject(graph, o, jsons[j], drafts.length);
      drafts.push(d);
      chartOf.set(d, chart);
    });
    for (const secret of secretsByChart.get(chart) ?? []) {
      if (!PulumiConfigDelivery.isPulumiConfigDelivery(secret.delivery)) continue;
      const d = draftConfigSecret(secret, drafts.length);
      drafts.push(d);
      chartOf.set(d, chart);
    }
  }

  // Every draft under each construct, for dependencies on a secret, a component, an app or a chart.
  const under = new Map<IConstruct, Draft[]>();
  for (const d of drafts) {
    for (const s of d.construct.node.scopes) {
      const list = under.get(s) ?? [];
      list.push(d);
      under.set(s, list);
    }
  }
  const draftsUnder = (c: IConstruct | undefined): Draft[] => (c ? under.get(c) ?? [] : []);
  const byPlanned = new Map<PlannedObject, Draft>(drafts.map((d) => [d.planned as PlannedObject, d]));

  for (const d of drafts) {
    const deps = new Set<Draft>();
    const add = (list: Draft[]) => list.forEach((x) => deps.add(x));
    if (d.group === 'component') {
      for (const { ref } of graph.referencesOf(d.owner!)) add(draftsUnder(ref.secret));
      add(draftsUnder(graph.storeOf(d.owner!)));
    }
    if (d.group === 'app') {
      const app = d.owner as IComponentConsumer;
      const siblings = draftsUnder(app).filter((x) => x.group === 'app' && x.owner === app);
      if (WORKLOAD_KINDS.has(d.planned.kind)) {
        add(siblings.filter((x) => x.rank < RANK_APP.Service));
        for (const c of app.loadedComponents()) add(draftsUnder(c));
        for (const s of graph.readsOf(app)) add(draftsUnder(s));
      } else if (d.planned.kind === 'RoleBinding') {
        add(siblings.filter((x) => x.planned.kind === 'Role' || x.planned.kind === 'ServiceAccount'));
      }
    }
    // Explicit cdk8s dependencies: chart.toJson() has already turned construct-level ones into dependencies
    // between ApiObjects and between charts.
    for (const target of [...d.construct.node.dependencies, ...Chart.of(d.construct).node.dependencies]) add(draftsUnder(target));
    deps.delete(d);
    d.planned.dependsOn.push(...[...deps].sort((a, b) => a.order - b.order).map((x) => x.planned as PlannedObject));
  }
  assertAcyclic(drafts, byPlanned);

  const chartPlans: ChartPlan[] = [];
  for (const chart of charts) {
    const mine = drafts.filter((d) => chartOf.get(d) === chart);
    if (mine.length === 0) continue;
    const byRank = (a: Draft, b: Draft) => a.rank - b.rank || a.order - b.order;
    const apps = [...new Set(mine.filter((d) => d.group === 'app').map((d) => d.owner as DaprApp))];
    chartPlans.push({
      chart,
      name: chart.node.path,
      objects: mine.filter((d) => d.group !== 'app').sort(byRank).map((d) => d.planned as PlannedObject),
      apps: apps.map((app) => ({
        app,
        name: `${app.namespace}/${app.appId}`,
        objects: mine.filter((d) => d.group === 'app' && d.owner === app).sort(byRank).map((d) => d.planned as PlannedObject),
      })),
    });
  }

  const uncreatedSecrets = charts
    .flatMap((chart) => secretsByChart.get(chart) ?? [])
    .filter((s) => s.delivery.createsKubernetesSecret && !PulumiConfigDelivery.isPulumiConfigDelivery(s.delivery) && draftsUnder(s).length === 0);

  return { charts: chartPlans, uncreatedSecrets };
}

const RANK_CHART = { configSecret: 0, secretObject: 1, store: 2, component: 3, other: 4 };
const RANK_APP: { readonly [kind: string]: number } = { Configuration: 0, ServiceAccount: 1, Role: 2, RoleBinding: 3, other: 4, Service: 5, workload: 6 };

const GROUPS: { readonly [kind in GraphNodeKind]: Group } = {
  [GraphNodeKind.SECRET]: 'secret',
  [GraphNodeKind.COMPONENT]: 'component',
  [GraphNodeKind.STORE]: 'component',
  [GraphNodeKind.RESOURCE]: 'component',
  [GraphNodeKind.APP]: 'app',
};

/** The graph node an object belongs to: its nearest registered ancestor. */
function owner(graph: AppGraph, c: ApiObject): { group: Group; owner?: IConstruct; store: boolean } {
  const found = graph.ownerOf(c);
  if (!found) return { group: 'other', store: false };
  return { group: GROUPS[found.kind], owner: found.owner, store: found.kind === GraphNodeKind.STORE };
}

function draftObject(graph: AppGraph, o: ApiObject, json: any, order: number): Draft {
  const apiVersion = String(json.apiVersion);
  const kind = String(json.kind);
  const namespace: string | undefined = json.metadata?.namespace;
  const objectName = String(json.metadata?.name);
  const where = `${kind} ${namespace ? `${namespace}/` : ''}${objectName} (${o.node.path})`;
  let resourceKind: PlannedResourceKind;
  if (apiVersion === 'v1' && kind === 'Secret') {
    const hasData = ['data', 'stringData'].some((f) => json[f] !== undefined && Object.keys(json[f] ?? {}).length > 0);
    throw new Error(`[${o.node.path}] kind: the chart synthesizes Secret ${namespace ?? ''}/${objectName}${hasData ? ' with its values in the construct tree (and so in plaintext in every synthesized manifest)' : ''}, and the Pulumi renderer creates Secrets only from Pulumi config secrets. Fix: declare it with new DeclaredSecret(scope, '${objectName}', { keys: [...], delivery: SecretDelivery.pulumiConfig() }) and set the values with \`pulumi config set --secret\``);
  }
  const typed = TYPED_KINDS[`${apiVersion}/${kind}`];
  if (typed) {
    resourceKind = PlannedResourceKind.TYPED;
    const dropped = Object.keys(json).filter((f) => !['apiVersion', 'kind', 'metadata', ...typed.fields].includes(f));
    if (dropped.length > 0) {
      throw new Error(`[${o.node.path}] ${dropped.join(', ')}: ${where} has top-level field(s) the typed @pulumi/kubernetes class for ${apiVersion} ${kind} does not take, so the Pulumi resource would differ from the cdk8s manifest. Fix: move the value into a field of ${kind} (${typed.fields.join(', ')})`);
    }
  } else if (!isBuiltinGroup(apiGroup(apiVersion))) {
    resourceKind = PlannedResourceKind.CUSTOM;
  } else {
    throw new Error(`[${o.node.path}] kind: the Pulumi renderer has no typed @pulumi/kubernetes class for ${apiVersion} ${kind} (${where}). Fix: use a supported kind (${Object.keys(TYPED_KINDS).join(', ')}), or synthesize this chart with cdk8s`);
  }
  const { group, owner: ownerConstruct, store } = owner(graph, o);
  return {
    planned: {
      name: namespace ? `${namespace}/${objectName}` : objectName,
      path: o.node.path,
      apiVersion,
      kind,
      namespace,
      objectName,
      resourceKind,
      object: json,
      app: group === 'app' ? (ownerConstruct as DaprApp) : undefined,
      dependsOn: [],
    },
    construct: o,
    group,
    owner: ownerConstruct,
    rank: rankOf(group, kind, store),
    order,
  };
}

function draftConfigSecret(secret: DeclaredSecret, order: number): Draft {
  const metadata: { [key: string]: unknown } = { name: secret.secretName, namespace: secret.namespace };
  if (Object.keys(secret.labels).length > 0) metadata.labels = { ...secret.labels };
  return {
    planned: {
      name: `${secret.namespace}/${secret.secretName}`,
      path: secret.node.path,
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: secret.namespace,
      objectName: secret.secretName,
      resourceKind: PlannedResourceKind.CONFIG_SECRET,
      object: { apiVersion: 'v1', kind: 'Secret', metadata, type: secret.type },
      secret,
      dependsOn: [],
    },
    construct: secret,
    group: 'secret',
    owner: secret,
    rank: RANK_CHART.configSecret,
    order,
  };
}

function rankOf(group: Group, kind: string, store: boolean): number {
  switch (group) {
    case 'secret':
      return RANK_CHART.secretObject;
    case 'component':
      return store ? RANK_CHART.store : RANK_CHART.component;
    case 'app':
      return WORKLOAD_KINDS.has(kind) ? RANK_APP.workload : RANK_APP[kind] ?? RANK_APP.other;
    default:
      return RANK_CHART.other;
  }
}

function assertSameObjects(chart: Chart, apiObjects: ApiObject[], synthesized: ReadonlyMap<ApiObject, unknown>): void {
  if (apiObjects.length !== synthesized.size || apiObjects.some((o) => !synthesized.has(o))) {
    throw new Error(`[${chart.node.path}] the chart's ApiObjects (${apiObjects.length}) differ from what chart.toJson() synthesizes (${synthesized.size}); the Pulumi renderer registers only what cdk8s synthesizes. This is a bug in dapr-secure-constructs`);
  }
}

function assertAcyclic(drafts: Draft[], byPlanned: Map<PlannedObject, Draft>): void {
  const state = new Map<Draft, 'visiting' | 'done'>();
  const visit = (d: Draft, trail: Draft[]) => {
    const s = state.get(d);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(d)), d].map((x) => `${x.planned.kind} ${x.planned.name}`).join(' -> ');
      throw new Error(`[${d.planned.path}] dependencies form a cycle: ${cycle}. Fix: remove one of the explicit addDependency calls`);
    }
    state.set(d, 'visiting');
    for (const dep of d.planned.dependsOn) visit(byPlanned.get(dep)!, [...trail, d]);
    state.set(d, 'done');
  };
  drafts.forEach((d) => visit(d, []));
}
