/**
 * Benchmark: how long the reference program takes to synthesize, against a baseline measured in the same
 * run: plain cdk8s rendering the very same objects as raw ApiObjects (no typed constructs, no validation).
 * Prints figures and ratios; asserts nothing. Run with `npm run bench`.
 */
import { performance } from 'perf_hooks';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { buildTaskApiApp, TaskApiChart } from '../app/task-api';
import { renderApp, scanTree, validateManifests } from '../lib';
import { PulumiConfigDelivery, planPulumiRender } from '../lib/pulumi';

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs: number, fn: () => void): number {
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const reference = buildTaskApiApp().node.findAll().filter(Chart.isChart).flatMap((c) => c.toJson());

function baseline(): void {
  const app = new App();
  const chart = new Chart(app, 'task-api');
  reference.forEach((obj, i) => new ApiObject(chart, `o${i}`, obj));
  Yaml.stringify(...chart.toJson());
}

const runs = Number(process.env.BENCH_RUNS ?? 30);
const base = time(runs, baseline);
const synth = time(runs, () => renderApp(buildTaskApiApp()));
const validate = time(runs, () => validateManifests(reference));
const fs = require('fs') as typeof import('fs');
const os = require('os') as typeof import('os');
const path = require('path') as typeof import('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
for (const f of renderApp(buildTaskApiApp())) fs.writeFileSync(path.join(dir, f.path), f.content);
const scan = time(runs, () => scanTree(dir, { a: 'dsc-canary:/+"&=% é\\?~>bench:0123456789abcdef' }));
const pulumiPlan = time(runs, () => {
  const app = new App();
  const delivery = new PulumiConfigDelivery();
  new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
  planPulumiRender(app);
});

const row = (name: string, ms: number) => console.log(`${name.padEnd(50)} ${ms.toFixed(2).padStart(8)} ms  ${(ms / base).toFixed(2).padStart(6)}x baseline`);
console.log(`median of ${runs} runs, ${reference.length} objects, node ${process.version}`);
row('baseline: raw ApiObjects, cdk8s render', base);
row('reference program: construct + validate + render', synth);
row('offline manifest validation of all objects', validate);
row('canary scan of dist (one canary, all encodings)', scan);
row('Pulumi: construct + validate + plan resources', pulumiPlan);
