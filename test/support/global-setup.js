// Jest global setup: one temporary root per run, which every test (and every child process a test starts)
// uses as its system temporary directory, removed again by global-teardown.js. Also fixes the canary seed
// for the run (printed by the tally reporter when a test fails) and switches off the cdk8s CLI's update
// check, which needs the network.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dapr-secure-test-'));
  process.env.DAPR_SECURE_TEST_ROOT = root;
  // Workers and their children inherit the environment, so os.tmpdir() is the root everywhere.
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = root;
  process.env.CDK8S_CHECK_UPGRADE = 'false';
  if (!process.env.CANARY_SEED) process.env.CANARY_SEED = crypto.randomBytes(6).toString('hex');
};
