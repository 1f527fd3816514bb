import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppGraph } from '../graph/app-graph';
import { describeProblem, FieldProblem, show } from './errors';
import { isDnsLabel, suggestDnsLabel } from './names';

/** Why `namespace` is not a Kubernetes namespace name (a DNS-1123 label), or undefined when it is one. */
export function namespaceProblem(namespace: unknown, field = 'namespace'): FieldProblem | undefined {
  if (typeof namespace === 'string' && isDnsLabel(namespace)) return undefined;
  return {
    field,
    problem: typeof namespace === 'string'
      ? `${show(namespace)} is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), so the API server refuses every object in it`
      : `expected a namespace name, got ${show(namespace)}`,
    fix: `use a namespace such as ${show(suggestDnsLabel(String(namespace)))}`,
  };
}

const CHECKED_CHARTS = new WeakSet<Chart>();

/** Adds, once per chart, a synth-time check that the chart's namespace (when it has one) is a DNS-1123 label. */
export function addChartNamespaceValidation(chart: Chart): void {
  if (CHECKED_CHARTS.has(chart)) return;
  CHECKED_CHARTS.add(chart);
  chart.node.addValidation({
    validate: () => {
      if (chart.namespace === undefined) return [];
      const p = namespaceProblem(chart.namespace);
      return p ? [describeProblem(p)] : [];
    },
  });
}

const RESOLVED = new WeakMap<IConstruct, string>();

/** True when a construct above `scope` (or its chart) already checks namespace `ns`. */
function checkedAbove(scope: IConstruct, ns: string): boolean {
  for (let s = scope.node.scope; s; s = s.node.scope) {
    if (RESOLVED.get(s) === ns) return true;
    if (Chart.isChart(s) && s.namespace === ns) return true;
  }
  return false;
}

/**
 * The namespace an object lands in: the explicit one, else the chart's, else `default`. Both are checked
 * at synth as DNS-1123 labels: the chart's once on the chart, an explicit one on `scope` (field
 * `namespace`) unless a construct above it already checks the same value.
 */
export function resolveNamespace(scope: IConstruct, explicit?: string): string {
  const chart = Chart.of(scope);
  addChartNamespaceValidation(chart);
  if (explicit === undefined) return chart.namespace ?? 'default';
  if (!checkedAbove(scope, explicit) && RESOLVED.get(scope) !== explicit) {
    scope.node.addValidation({
      validate: () => {
        const p = namespaceProblem(explicit);
        return p ? [describeProblem(p)] : [];
      },
    });
  }
  RESOLVED.set(scope, explicit);
  return explicit;
}

/**
 * Rejects, at synth, a second construct of the same class with the same identity (for example the same
 * namespace and name). The first one declared wins; each later one gets an error naming the first.
 */
export function addDuplicateValidation<T extends IConstruct>(
  construct: T,
  what: string,
  identity: (c: T) => string,
  isSameKind: (c: IConstruct) => c is T,
): void {
  const graph = AppGraph.of(construct);
  graph.addIdentity(what, construct, () => identity(construct), isSameKind);
  graph.addValidation(construct, () => {
    const first = graph.firstWithIdentity(what, construct);
    if (first && first !== construct) {
      return [describeProblem({
        field: 'metadata.name',
        problem: `duplicate ${what} ${JSON.stringify(identity(construct))}; ${first.node.path} already declares it`,
        fix: `give one of them another name or namespace, or reuse the construct at ${first.node.path}`,
      })];
    }
    return [];
  });
}
