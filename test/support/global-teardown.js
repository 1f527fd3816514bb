// Jest global teardown: removes the run's temporary root (see global-setup.js) with everything in it.
'use strict';
const fs = require('fs');

module.exports = async function globalTeardown() {
  const root = process.env.DAPR_SECURE_TEST_ROOT;
  if (root) fs.rmSync(root, { recursive: true, force: true });
};
