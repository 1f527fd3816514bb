// Jest global setup: one temporary root per run, which every test (and every child process a test starts)
// uses as its system temporary directory, removed again by global-teardown.js, with a pool of test RSA keys
// in it. Also fixes the canary seed
// for the run (printed by the tally reporter when a test fails) and switches off the cdk8s CLI's update
// check, which needs the network.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { prewarmTransforms } = require('./prewarm-transforms');

/** RSA key pairs for test/secrets/sealing/support/keys.ts, generated once per run on libuv's threads. */
const RSA_POOL_SIZE = 8;

async function rsaKeyPool(file) {
  const generate = util.promisify(crypto.generateKeyPair);
  const pairs = await Promise.all(Array.from({ length: RSA_POOL_SIZE }, () => generate('rsa', {
    modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' },
  })));
  fs.writeFileSync(file, JSON.stringify(pairs.map((p) => p.privateKey)), { mode: 0o600 });
}

module.exports = async function globalSetup(_globalConfig, projectConfig) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dapr-secure-test-'));
  process.env.DAPR_SECURE_TEST_ROOT = root;
  // Workers and their children inherit the environment, so os.tmpdir() is the root everywhere.
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = root;
  process.env.CDK8S_CHECK_UPGRADE = 'false';
  process.env.DAPR_SECURE_TEST_RSA_POOL = path.join(root, 'rsa-key-pool.json');
  await Promise.all([rsaKeyPool(process.env.DAPR_SECURE_TEST_RSA_POOL), prewarmTransforms(projectConfig)]);
  if (!process.env.CANARY_SEED) process.env.CANARY_SEED = crypto.randomBytes(6).toString('hex');
};
