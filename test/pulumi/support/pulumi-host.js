/**
 * Runs a Pulumi program the way `pulumi up` runs it, under Pulumi's mock runtime instead of an engine:
 *
 *   node test/pulumi/support/pulumi-host.js <pwd> <program>
 *
 * The engine starts Pulumi's nodejs host (`@pulumi/pulumi/cmd/run`) in the folder of Pulumi.yaml's `main`
 * with that file as the program; the host reads the tsconfig.json there, registers ts-node with its own
 * defaults merged with that file's compilerOptions, requires the program inside the root Stack resource and
 * reports its errors. This script calls that same host function (`run`), after installing the mocks.
 */
'use strict';
const Module = require('module');
const path = require('path');

const [pwd, program] = process.argv.slice(2);

// The mock side is TypeScript: compile it with a ts-node of its own, switched off before the host registers
// the program's ts-node, so the program is compiled exactly once, by the host's.
const harnessCompiler = require('ts-node').register({ project: path.join(__dirname, '..', '..', '..', 'tsconfig.json'), transpileOnly: true });
const harness = require('./run-under-mocks.ts');
harnessCompiler.enabled(false);

// cmd/run/index.js is the host's command line (it parses argv and connects to an engine when loaded); run.js
// reads one constant from it.
const cli = require.resolve('@pulumi/pulumi/cmd/run/index.js');
const stub = new Module(cli);
stub.filename = cli;
stub.loaded = true;
stub.exports = { nodeJSProcessExitedAfterLoggingUserActionableMessage: 32 };
require.cache[cli] = stub;

process.env.PULUMI_NODEJS_TYPESCRIPT = 'true';
// A program whose resources wait on a refused Secret never finishes; once nothing is left to run, report.
process.once('beforeExit', () => void harness.finish());
const reported = new Set();
require('@pulumi/pulumi/cmd/run/run.js')
  .run({ _: [path.resolve(pwd, program)], pwd: path.resolve(pwd) }, () => undefined, (e) => {
    reported.add(e);
    harness.reportError(e);
  }, (e) => reported.has(e))
  .catch(harness.reportError)
  .finally(harness.finish);
