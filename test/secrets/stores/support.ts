import { Chart, Testing } from 'cdk8s';
import { DaprApp, IDaprComponent } from '../../../lib';
import { validateManifests } from '../../../lib/validation';

/** Synthesizes the chart and asserts the offline validator finds no problem in any object. */
export function synthValid(chart: Chart): any[] {
  const objects = Testing.synth(chart);
  expect(validateManifests(objects)).toEqual([]);
  return objects;
}

/**
 * A small DaprApp `app` (in `namespace`, default the chart's) that loads `components`, so their `scopes`
 * name it, as they would in a program: a component that no app loads fails synth.
 */
export function loadInApp(chart: Chart, components: IDaprComponent[], namespace?: string): DaprApp {
  return new DaprApp(chart, 'app', { appId: 'app', image: 'app:1', namespace, components });
}

/** `Kind/name` of each synthesized object, in order. */
export function objectNames(objects: any[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`);
}

/** The message `fn` throws, or '' when it does not throw. */
export function thrown(fn: () => unknown): string {
  try {
    fn();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** The metadata entry `name` of a synthesized Component. */
export function metadataEntry(component: any, name: string): any {
  return component.spec.metadata.find((m: any) => m.name === name);
}
