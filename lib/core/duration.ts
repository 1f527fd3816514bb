import { Duration } from 'cdk8s';

/** Renders a cdk8s Duration as a Go duration string (`5s`, `1500ms`, `2m`), the form Dapr parses. */
export function goDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`duration must be positive, got ${ms}ms`);
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
