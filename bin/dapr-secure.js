#!/usr/bin/env node
// The dapr-secure command line. Uses the compiled CLI when the package is built (build/lib/cli/main.js),
// else runs the TypeScript sources through tsx (esbuild: no type-checking, no compiler options needed).
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, 'build', 'lib', 'cli', 'main.js');

let cli;
if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  require('tsx/cjs/api').register();
  cli = require(path.join(root, 'lib', 'cli', 'main.ts'));
}

cli.main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`dapr-secure: internal error: ${error && error.message ? error.message : 'unknown'}\n`);
    process.exitCode = 1;
  },
);
