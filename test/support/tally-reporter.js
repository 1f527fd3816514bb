// Prints Jest's totals as one plain line, `N passed, N failed`, for CI logs; after a failure, first the
// canary seed of the run, so the same canary values can be drawn again.
class TallyReporter {
  onRunComplete(_contexts, results) {
    if (results.numFailedTests > 0 && process.env.CANARY_SEED) {
      process.stdout.write(`\ncanary seed: ${process.env.CANARY_SEED} (repeat with CANARY_SEED=${process.env.CANARY_SEED} npm test)\n`);
    }
    process.stdout.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
module.exports = TallyReporter;
