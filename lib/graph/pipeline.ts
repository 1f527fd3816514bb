import { App, Chart } from 'cdk8s';
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
 * (`chart.toJson()`), then runs the offline manifest checks of the whole App. Throws one error listing
 * every problem. `scope` is the App (every chart) or one chart.
 */
export function validateAndRender(scope: App | Chart, context: RenderContext): RenderedChart[] {
  const graph = AppGraph.of(scope);
  return graph.render(context, () => {
    const charts = Chart.isChart(scope) ? [scope] : graph.charts;
    for (const chart of charts) addChartNamespaceValidation(chart);
    const objects = charts.map((chart) => chart.toJson());
    if (charts.length > 0) assertValidApp(graph.root as App);
    return charts.map((chart, i) => ({ chart, objects: objects[i] }));
  });
}
