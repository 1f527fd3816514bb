import { App, Chart } from 'cdk8s';
import { AppGraph } from '../graph/app-graph';
import { plainSensitiveMetadata } from '../components/sensitive-fields';
import { describeProblem } from '../core/errors';
import { renderedObjectFindings } from '../scanner/synth-check';
import { addChartNamespaceValidation } from '../core/scope';
import { manifestIssues, plainValueIssues, supportedKinds } from '../validation';
import { describeObject, formatIssue } from '../validation/issues';

/** One rendered object and the construct that rendered it. */
export interface Rendered {
  readonly path: string;
  readonly obj: any;
}

/** Every API object of `app`, rendered, with its construct path, chart by chart (from the app graph). */
function renderedObjects(app: App): Rendered[] {
  return AppGraph.of(app).apiObjects.map((x) => ({ path: x.node.path, obj: x.toJson() }));
}

/** What `kubectl apply` keys an object on: group, kind, namespace and name. */
function identity(obj: any): string | undefined {
  if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string' || typeof obj?.metadata?.name !== 'string') return undefined;
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return `${group}|${obj.kind}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`;
}

function qualifiedName(obj: any): string {
  return obj.metadata.namespace === undefined ? obj.metadata.name : `${obj.metadata.namespace}/${obj.metadata.name}`;
}

/**
 * The offline manifest validation, run at synth over every object of `app`: a Dapr Component (also a raw
 * one) must not give a sensitive field a `value` or `envRef`; each object of a kind the
 * validator knows is checked against its schema (core kinds, Dapr, Sealed Secrets, External Secrets;
 * other kinds pass unchecked), and two objects that `kubectl apply` would merge into one (same group,
 * kind, namespace and name) are refused. Each message names the construct path of the object.
 */
export function manifestProblems(app: App, objects: readonly Rendered[] = renderedObjects(app)): string[] {
  const known = new Set(supportedKinds());
  const problems: string[] = [];
  for (const { path, obj } of objects) {
    if (obj.kind === 'Component' && typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith('dapr.io/')) {
      for (const p of plainSensitiveMetadata(obj)) problems.push(`[${path}] ${describeProblem(p)}`);
    }
    for (const finding of renderedObjectFindings(obj, app)) problems.push(`[${path}] ${finding}`);
    const found = known.has(`${obj.apiVersion}/${obj.kind}`) ? manifestIssues(obj) : plainValueIssues(obj);
    for (const f of found) {
      problems.push(`[${path}] ${formatIssue(obj, f)}${f.fix ? '' : '. Fix: change the prop (or JSON patch) that sets this field; the API server or the Dapr operator would refuse the object'}`);
    }
  }
  const first = new Map<string, Rendered>();
  for (const r of objects) {
    const id = identity(r.obj);
    if (id === undefined) continue;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, r);
      continue;
    }
    problems.push(`[${r.path}] metadata.name: ${describeObject(r.obj).split('/')[0]} ${JSON.stringify(qualifiedName(r.obj))} is also written by ${earlier.path}; applied together, one overwrites the other. Fix: give one of them another name or namespace (a DaprApp names its ServiceAccount, Service and Deployment after its appId)`);
  }
  return problems;
}

/** Throws one error listing every problem `manifestProblems` finds (in `objects`, when the caller has rendered them). */
export function assertValidApp(app: App, objects?: readonly Rendered[]): void {
  const problems = manifestProblems(app, objects);
  if (problems.length > 0) throw new Error(`Validation failed with the following errors:\n  ${problems.join('\n  ')}`);
}

/**
 * What every renderer checks before it writes or registers anything: each chart's validations (its
 * namespace included), then the offline manifest checks of the whole app. Returns each chart's objects.
 */
export function synthesizeCharts(charts: Chart[]): any[][] {
  for (const chart of charts) addChartNamespaceValidation(chart);
  const objects = charts.map((chart) => chart.toJson());
  if (charts.length > 0) assertValidApp(charts[0].node.root as App);
  return objects;
}
