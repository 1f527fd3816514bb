// Jest's node environment, with V8's code cache for the modules a worker compiles, and without the
// AsyncLocalStorage a Pulumi test file leaves behind.
//
// Jest gives every test file its own module registry, so each file compiles the library and its
// dependencies again (vm.compileFunction, about a third of loading them). A worker runs dozens of files and
// compiles the same sources each time; after the first, V8 takes the code it produced then (cachedData)
// instead of parsing again. Only the exact same source, parameters and file name reuse an entry, and V8
// checks the data itself (a rejected entry is compiled normally), so what runs is what Jest would have run.
'use strict';
const vm = require('vm');
const { TestEnvironment } = require('jest-environment-node');

const PATCHED = Symbol.for('dapr-secure-constructs.code-cache');

if (!vm[PATCHED]) {
  const compileFunction = vm.compileFunction;
  /** file name -> the source and parameters compiled, and V8's code for them. */
  const cache = new Map();
  vm.compileFunction = function compileWithCodeCache(code, params, options) {
    const filename = options && options.filename;
    if (!filename || options.cachedData || options.produceCachedData) return compileFunction.apply(this, arguments);
    const key = `${filename}\0${(params || []).join(',')}`;
    const hit = cache.get(key);
    if (hit && hit.code === code) {
      const fn = compileFunction.call(this, code, params, { ...options, cachedData: hit.data });
      if (!fn.cachedDataRejected) return fn;
    }
    const fn = compileFunction.call(this, code, params, { ...options, produceCachedData: true });
    if (fn.cachedData) cache.set(key, { code, data: fn.cachedData });
    return fn;
  };
  vm[PATCHED] = true;
}

/**
 * Jest's node environment, plus: when a test file ends, the AsyncLocalStorage @pulumi/pulumi keeps on the
 * file's global is disabled. Node runs a hook for every enabled instance on every promise any later file of
 * the worker makes, so each Pulumi test file made the files after it slower.
 */
class Environment extends TestEnvironment {
  async teardown() {
    const storage = this.global && this.global.asyncLocalStorage;
    if (storage && typeof storage.disable === 'function') storage.disable();
    await super.teardown();
  }
}

module.exports = Environment;
