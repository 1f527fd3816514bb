#!/usr/bin/env node
// The dapr-secure command line. Installed as a dependency, it uses the compiled CLI (build/lib/cli/main.js),
// the same copy of the library a consumer's program imports. In the project's own checkout, whose programs
// import lib/ sources, it runs those sources through tsx (esbuild: no type-checking, no compiler options),
// even when build/ exists: two copies of the library in one process would not see each other's constructs.
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, 'build', 'lib', 'cli', 'main.js');
const installed = root.split(path.sep).includes('node_modules');

let cli;
if (installed && fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  require('tsx/cjs/api').register();
  cli = require(path.join(root, 'lib', 'cli', 'main.ts'));
}

// A reader that stops early (`dapr-secure env | head -1`) closes the pipe: stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

cli.main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`dapr-secure: internal error: ${error && error.message ? error.message : 'unknown'}\n`);
    process.exitCode = 1;
  },
);
