// Fills Jest's transform cache on a fresh clone, before the test workers start.
//
// Without a cache, each worker compiles (ts-jest) every TypeScript file it loads, and both load the library
// at the same moment, so most of it was compiled twice; on two cores that made a fresh clone's run about 6 s
// longer than the next one. Here each file is compiled once, by Jest's own ScriptTransformer with the
// project's configuration and the options Jest's runtime passes, in one worker thread (two threads were not
// faster: each spends seconds warming up the TypeScript compiler). Once that is done, later runs leave the
// cache to Jest (a file changed since is compiled by the worker that loads it, as usual).
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { Worker, isMainThread, workerData } = require('worker_threads');

/** What jest-runtime passes to the transformer for a module (its `defaultTransformOptions`, no coverage). */
const TRANSFORM_OPTIONS = {
  instrument: false,
  isInternalModule: false,
  supportsDynamicImport: typeof vm.SyntheticModule === 'function',
  supportsExportNamespaceFrom: false,
  supportsStaticESM: false,
  supportsTopLevelAwait: false,
};

const SOURCES = ['main.ts', 'app', 'lib', 'pulumi', 'scripts', 'test'];

function typescriptFiles(root) {
  const out = [];
  const walk = (p) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) if (e !== 'node_modules' && e !== '__snapshots__') walk(path.join(p, e));
    } else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) {
      out.push(p);
    }
  };
  for (const s of SOURCES) walk(path.join(root, s));
  return out;
}

/** Left in Jest's cache folder once the cache holds every file (the folder goes with `jest --clearCache`). */
const marker = (config) => path.join(config.cacheDirectory, `dapr-secure-prewarmed-${config.id}`);

/** Compiles every TypeScript file of the project into Jest's cache, unless the marker says it holds them. */
async function prewarmTransforms(config) {
  if (fs.existsSync(marker(config))) return;
  await new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { config, files: typescriptFiles(config.rootDir) } });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`transform prewarm thread exited with ${code}`))));
  });
  fs.writeFileSync(marker(config), '');
}

if (!isMainThread && workerData && workerData.files) {
  (async () => {
    const { createScriptTransformer } = require('@jest/transform');
    const transformer = await createScriptTransformer(workerData.config);
    for (const file of workerData.files) transformer.transform(file, TRANSFORM_OPTIONS, fs.readFileSync(file, 'utf8'));
  })();
}

module.exports = { prewarmTransforms, typescriptFiles, marker };
