import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { describeProblem } from './errors';

/** The namespace an object lands in: the explicit one, else the chart's, else `default`. */
export function resolveNamespace(scope: IConstruct, explicit?: string): string {
  if (explicit !== undefined) return explicit;
  return Chart.of(scope).namespace ?? 'default';
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
  construct.node.addValidation({
    validate: () => {
      const mine = identity(construct);
      const first = construct.node.root.node.findAll().find((c) => isSameKind(c) && identity(c) === mine);
      if (first && first !== construct) {
        return [describeProblem({
          field: 'metadata.name',
          problem: `duplicate ${what} ${JSON.stringify(mine)}; ${first.node.path} already declares it`,
          fix: `give one of them another name or namespace, or reuse the construct at ${first.node.path}`,
        })];
      }
      return [];
    },
  });
}
