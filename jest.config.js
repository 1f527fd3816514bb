/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/test/support/environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (tsconfig.json sets isolatedModules): test/library/typecheck.test.ts type-checks the
  // whole project once, instead of ts-jest type-checking every file again.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Jest's transform and timing cache, with the installed packages instead of in the system temporary
  // directory, so a run creates nothing there that outlives it.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // @pulumi/pulumi loads npm's dependency resolver and a TypeScript compiler on import, only to serialize
  // function closures, which the project never does (see the stub).
  moduleNameMapper: {
    '^@npmcli/arborist$': '<rootDir>/test/support/stubs/pulumi-closure.js',
    '^\\.\\./\\.\\./typescript-shim$': '<rootDir>/test/support/stubs/pulumi-closure.js',
    // Pulumi formats a stack for every promise it makes (see the stub).
    '^(\\./|\\.\\./runtime/)debuggable$': '<rootDir>/test/support/stubs/pulumi-debuggable.js',
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/stack-traces.ts', '<rootDir>/test/support/seed-canaries.ts'],
  // The few files that take longest start first, also on a fresh clone without Jest's timing cache.
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  reporters: ['default', '<rootDir>/test/support/tally-reporter.js'],
  // Jest's default is one worker per core minus one, which is a single worker on a 2-core machine; the main
  // process only waits, so use both cores.
  maxWorkers: 2,
  // A worker keeps what earlier files left on its heap (a run crashed once with "Jest worker ran out of
  // memory" after minutes of garbage collection); one that holds more than this after a file is restarted.
  // Below Node's default heap limit, but not so low that workers restart every few files (each restart
  // loads the library again): at 1GB a run took 10% longer.
  workerIdleMemoryLimit: '2GB',
  testTimeout: 60000,
};
