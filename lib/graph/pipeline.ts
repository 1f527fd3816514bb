import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { addChartNamespaceValidation } from '../core/scope';
import { assertValidApp } from '../synth/manifest-checks';
import { AppGraph, RenderContext } from './app-graph';

/** One chart and the objects it synthesizes, in cdk8s' order. */
export interface RenderedChart {
  readonly chart: Chart;
  readonly objects: any[];
}

/**
 * What every renderer (cdk8s files, Pulumi resources) does before it writes or registers anything: runs
 * the validations of the whole App once (each chart's namespace included) in `context`, renders each chart
 * as `chart.toJson()` does, then runs the offline manifest checks of the whole App. Throws one error listing
 * every problem. `scope` is the App (every chart) or one chart.
 */
export function validateAndRender(scope: App | Chart, context: RenderContext): RenderedChart[] {
  const graph = AppGraph.of(scope);
  return graph.render(context, () => {
    const charts = Chart.isChart(scope) ? [scope] : graph.charts;
    for (const chart of charts) addChartNamespaceValidation(chart);
    const objects = charts.map((chart, i) => (i === 0 ? chart.toJson() : renderChart(chart)));
    if (charts.length > 0) assertValidApp(graph.root as App);
    return charts.map((chart, i) => ({ chart, objects: objects[i] }));
  });
}

/**
 * What `chart.toJson()` returns, without its first steps: cdk8s prepares the dependencies of the whole App
 * and validates the whole App on every `chart.toJson()`, so rendering every chart that way runs every
 * validation once per chart. The first chart goes through `chart.toJson()` (which does both for the
 * whole App); the others render their objects in the same dependency order cdk8s uses.
 */
function renderChart(chart: Chart): any[] {
  return new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => ApiObject.isApiObject(x) && Chart.of(x) === chart)
    .map((x) => x.toJson());
}
