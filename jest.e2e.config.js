// The end-to-end set (`npm run test:e2e`, run by .ci/run after `npm test`): the packed package installed
// into fresh projects, which takes minutes rather than seconds. Otherwise the same setup as jest.config.js.
const { testSequencer: _slowFirst, ...base } = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['**/*.e2e.ts'],
  testTimeout: 300000,
};
