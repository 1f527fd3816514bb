/**
 * Runs before every test file: canary values (makeCanary) and test values (randomValue) come from the
 * run's seed (CANARY_SEED, chosen by global-setup.js and printed by the tally reporter after a failure),
 * combined with the test file and the test's name, so one test draws the same values whether it runs
 * alone or with the others.
 */
import * as path from 'path';
import { seedCanaries } from '../../lib/scan/canary';
import { seedRandom } from './random';

function seedFor(scope: string): string {
  return `${process.env.CANARY_SEED ?? 'unseeded'}:${path.relative(path.resolve(__dirname, '..', '..'), expect.getState().testPath ?? '')}:${scope}`;
}

function seedAll(scope: string): void {
  seedCanaries(seedFor(scope));
  seedRandom(seedFor(scope));
}

seedAll('(file)');
beforeEach(() => seedAll(expect.getState().currentTestName ?? ''));
