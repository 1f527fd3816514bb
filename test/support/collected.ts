import { App, Chart } from 'cdk8s';
import { collectProblems } from '../../lib/core/errors';

/** Builds `fn` in a fresh chart `shop` with problems collected; returns what `refuse` recorded and the chart. */
export function recordedBy(fn: (chart: Chart) => void): { messages: string[]; chart: Chart } {
  const chart = new Chart(new App(), 'shop', { namespace: 'shop' });
  const recorded: Error[] = [];
  collectProblems(() => fn(chart), recorded);
  return { messages: recorded.map((e) => e.message), chart };
}

/** The field each `[path] field: ...` message is about. */
export const fields = (messages: string[]) => messages.map((m) => /^\[[^\]]+\] ([^:]+):/.exec(m)?.[1]);
