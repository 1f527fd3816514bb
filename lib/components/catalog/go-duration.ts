/** A unit of a Go duration, as daprd parses it. */
export type GoDurationUnit = 'ns' | 'us' | 'µs' | 'ms' | 's' | 'm' | 'h';

/**
 * A duration given as daprd reads it: a Go duration such as `'90s'` or `'1h30m'`, or a plain number. A cdk8s
 * `Duration` is the clearer choice; this form exists for values copied from Dapr's documentation.
 */
export type GoDurationString = `${number}` | `${number}${GoDurationUnit}${string}`;

const GO_DURATION = /^[-+]?(\d+(\.\d+)?|((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+)$/;

/** True when daprd can parse `value` as a duration (a Go duration, or a plain number). */
export function isGoDuration(value: string): boolean {
  return GO_DURATION.test(value.trim());
}
