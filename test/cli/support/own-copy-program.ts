/**
 * A program that builds with its own copy of the library (a fresh module registry), as a consumer's
 * program does when it loads the library from its node_modules while the CLI runs another copy.
 */
export function buildWithOwnCopy(): unknown {
  let program: typeof import('./mistakes-program') | undefined;
  jest.isolateModules(() => {
    program = require('./mistakes-program');
  });
  return program!.buildMistakes();
}
