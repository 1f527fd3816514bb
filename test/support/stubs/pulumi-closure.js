// Under Jest only (jest.config.js moduleNameMapper): stands in for `@npmcli/arborist` and for @pulumi/pulumi's
// `typescript-shim`, which @pulumi/pulumi loads as soon as it is imported but uses only to serialize function
// closures (pulumi.runtime.serializeFunction). This project never does that; loading them (npm's dependency
// resolver and a second TypeScript compiler) was most of the time of every Pulumi test file. Any use throws.
'use strict';

function unavailable(what) {
  return new Error(`${what} is stubbed under Jest (test/support/stubs/pulumi-closure.js): the code under test serialized a function closure with @pulumi/pulumi, which the project does not do`);
}

class Arborist {
  constructor() {
    throw unavailable('@npmcli/arborist');
  }
}

module.exports = new Proxy({ Arborist }, {
  get(target, prop) {
    if (prop in target || typeof prop === 'symbol' || prop === '__esModule' || prop === 'default' || prop === 'then') return target[prop];
    throw unavailable(`typescript-shim.${String(prop)}`);
  },
});
