// Prints Jest's totals as one plain line, `N passed, N failed`, for CI logs.
class TallyReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
module.exports = TallyReporter;
