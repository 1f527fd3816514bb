/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (tsconfig.json sets isolatedModules): test/library/consumer.test.ts type-checks the
  // whole project once, instead of ts-jest type-checking every file again.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  setupFilesAfterEnv: ['<rootDir>/test/support/seed-canaries.ts'],
  reporters: ['default', '<rootDir>/test/support/tally-reporter.js'],
  // Jest's default is one worker per core minus one, which is a single worker on a 2-core machine; the main
  // process only waits, so use both cores.
  maxWorkers: 2,
  testTimeout: 60000,
};
