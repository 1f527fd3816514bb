/** Runs fn and returns the Error it throws; fails the test when it throws nothing. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

/** The message of the Error fn throws. */
export function messageOf(fn: () => unknown): string {
  return thrown(fn).message;
}
