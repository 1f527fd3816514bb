// Under Jest only (jest.config.js moduleNameMapper): @pulumi/pulumi's runtime/debuggable, except that the
// stack it attaches to every promise (`new Error().stack`, for the leak report Pulumi prints when a program
// exits) is not formatted. Under Jest every stack is source-mapped frame by frame, which made it about a
// quarter of the time of a Pulumi test file; a Jest worker never prints that report.
'use strict';
const path = require('path');

const actual = require(path.join(path.dirname(require.resolve('@pulumi/pulumi/package.json')), 'runtime', 'debuggable.js'));

function debuggablePromise(p, ctx) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return actual.debuggablePromise(p, ctx);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

module.exports = new Proxy(actual, {
  get(target, prop) {
    return prop === 'debuggablePromise' ? debuggablePromise : target[prop];
  },
});
