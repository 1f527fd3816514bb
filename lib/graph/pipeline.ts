import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { addChartNamespaceValidation } from '../core/scope';
import { assertValidApp } from '../synth/manifest-checks';
import { AppGraph, RenderContext } from './app-graph';
import { addUnusedSecretValidation } from './secret-usage';

/** One chart and the objects it synthesizes, in cdk8s' order. */
export interface RenderedChart {
  readonly chart: Chart;
  /** The rendered objects, as `chart.toJson()` returns them. */
  readonly objects: any[];
  /** The ApiObject that rendered each of `objects`, at the same index. */
  readonly apiObjects: ApiObject[];
}

/**
 * What every renderer (cdk8s files, Pulumi resources) does before it writes or registers anything: runs
 * the validations of the whole App once in `context` (with each chart's namespace, and that something uses
 * every key of every declared secret), renders each chart as `chart.toJson()` does, then runs the offline
 * manifest checks of the whole App. Throws one error listing every problem. `scope` is the App (every chart) or one chart.
 */
export function validateAndRender(scope: App | Chart, context: RenderContext): RenderedChart[] {
  const graph = AppGraph.of(scope);
  return graph.render(context, () => {
    const charts = Chart.isChart(scope) ? [scope] : graph.charts;
    for (const chart of charts) addChartNamespaceValidation(chart);
    for (const secret of graph.secrets) addUnusedSecretValidation(secret);
    const json = new Map<ApiObject, any>();
    const rendered = charts.map((chart, i) => {
      // cdk8s prepares the dependencies of the whole App and validates the whole App on every chart.toJson():
      // the first chart goes through it, the others render their objects in the same order without it.
      const first = i === 0 ? chart.toJson() : undefined;
      const objects = topology(chart);
      const out = first && first.length === objects.length ? first : objects.map((x) => x.toJson());
      objects.forEach((x, j) => json.set(x, out[j]));
      return { chart, objects: out, apiObjects: objects };
    });
    if (charts.length > 0) {
      // The manifest checks read the objects just rendered (in tree order, as they would find them), unless
      // only one chart of a larger App was rendered.
      const all = Chart.isChart(scope) ? undefined : charts.flatMap((chart) => graph.apiObjectsOf(chart).map((x) => ({ path: x.node.path, obj: json.get(x) ?? x.toJson() })));
      assertValidApp(graph.root as App, all);
    }
    return rendered;
  });
}

/** The ApiObjects `chart.toJson()` renders, in its order: the chart's own, in cdk8s' dependency order. */
function topology(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology().filter((x): x is ApiObject => ApiObject.isApiObject(x) && Chart.of(x) === chart);
}
