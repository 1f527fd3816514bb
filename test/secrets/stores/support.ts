import { Chart, Testing } from 'cdk8s';
import { validateManifests } from '../../../lib/validation';

/** Synthesizes the chart and asserts the offline validator finds no problem in any object. */
export function synthValid(chart: Chart): any[] {
  const objects = Testing.synth(chart);
  expect(validateManifests(objects)).toEqual([]);
  return objects;
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
