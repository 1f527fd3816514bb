// Orders test files as Jest does (failed first, then slowest first by the timing cache, else largest first),
// except that the files known to take longest start first. On a fresh clone there is no timing cache, and
// by size these files would start last and run on alone after the rest had finished.
'use strict';
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/** Longest first, relative to the repository root. */
const SLOW = [
  'test/library/typecheck.test.ts',
  'test/reliability/pulumi-properties.test.ts',
  'test/reliability/cdk8s-properties.test.ts',
  'test/secrets/sealing/seal.test.ts',
];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => {
      const i = SLOW.indexOf(path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/'));
      return i < 0 ? SLOW.length : i;
    };
    // Array.prototype.sort is stable: the rest keep Jest's order.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirstSequencer;
