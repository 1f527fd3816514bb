/**
 * Benchmark (`npm run bench`, not part of `npm test`); prints figures and ratios, asserts nothing.
 *
 * 1. Scale: N apps (default 100, 1000, 3000; BENCH_N=100,300 to change) in one cdk8s App over 10
 *    namespaces. Each app: a Deployment, Service, ServiceAccount, NetworkPolicy, Configuration, Role and RoleBinding, one
 *    Secrets API read, and three loaded components with secret references (Redis state store, Kafka
 *    pub/sub, one generic DaprComponent), with the declared secrets they need. Each variant runs in its own
 *    process: the library's full synth (construct, validate, render, write), raw cdk8s ApiObjects emitting
 *    the very same objects (the floor), cdk8s-plus-28 L2 constructs where they apply, and the Pulumi plan
 *    and registration of the library's program under Pulumi's mock runtime (the plan alone is timed
 *    first, on a separate App, in the same process).
 * 2. The reference program (app/task-api.ts), in process, as before.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ApiObject, App, Chart, Names, Size, Yaml } from 'cdk8s';
import { Construct } from 'constructs';

const NAMESPACES = 10;
/**
 * Above this N the pulumi variant times the plan only: Pulumi's mock runtime needs about 0.2 MiB and 5 ms
 * per registered resource (stack traces with source maps), so 27,000 resources would take minutes and GiBs.
 */
const REGISTER_MAX = Number(process.env.BENCH_PULUMI_REGISTER_MAX ?? 1000);
const IMAGE = 'ghcr.io/example/app:1.0.0';
const PORT = 8080;

type Mode = 'lib' | 'raw' | 'plus' | 'pulumi';

/** What one child process reports. */
interface Result {
  readonly mode: Mode;
  readonly n: number;
  /** Construct + validate + render + write, in ms (for pulumi: construct + plan + register + settle). */
  readonly ms: number;
  /** Process wall time, module loading included. */
  readonly wallMs: number;
  /** Peak resident set size in MiB. */
  readonly maxRssMiB: number;
  readonly objects: number;
  readonly bytes: number;
  /** For pulumi: construct + validate + plan (`planPulumiRender`), without registering. */
  readonly planMs?: number;
}

function names(i: number) {
  const app = `app-${i}`;
  return {
    app,
    ns: `ns-${i % NAMESPACES}`,
    api: `${app}-api`,
    redis: `${app}-redis`,
    kafka: `${app}-kafka`,
    token: `${app}-token`,
    state: `${app}-state`,
    pubsub: `${app}-pubsub`,
    http: `${app}-http`,
  };
}

function namespaceCharts(app: App): Chart[] {
  return Array.from({ length: NAMESPACES }, (_, k) => new Chart(app, `ns-${k}`, { namespace: `ns-${k}` }));
}

/** The program under test, written with the library. */
function buildLibrary(n: number, lib: typeof import('../lib'), deliveryFor?: () => any): App {
  const app = new App();
  const charts = namespaceCharts(app);
  for (let i = 0; i < n; i++) {
    const x = names(i);
    const chart = charts[i % NAMESPACES];
    const delivery = deliveryFor ? { delivery: deliveryFor() } : {};
    const api = new lib.DeclaredSecret(chart, x.api, { keys: ['api-key'], ...delivery });
    const redis = new lib.DeclaredSecret(chart, x.redis, { keys: ['password'], ...delivery });
    const kafka = new lib.DeclaredSecret(chart, x.kafka, { keys: ['password'], ...delivery });
    const token = new lib.DeclaredSecret(chart, x.token, { keys: ['token'], ...delivery });
    const state = new lib.RedisStateStore(chart, x.state, { redisHost: 'redis:6379', redisPassword: redis.keyRef('password') });
    const pubsub = new lib.KafkaPubSub(chart, x.pubsub, {
      brokers: ['kafka:9092'],
      auth: lib.KafkaAuth.password({ username: x.app, password: kafka.keyRef('password') }),
    });
    const http = new lib.DaprComponent(chart, x.http, { type: 'bindings.http' });
    http.addMetadata('url', 'https://example.com');
    http.addSecretMetadata('securityToken', token.keyRef('token'));
    new lib.DaprApp(chart, x.app, { appId: x.app, image: IMAGE, appPort: PORT, components: [state, pubsub, http], secretReads: [api] });
  }
  return app;
}

function component(x: ReturnType<typeof names>, name: string, type: string, metadata: object[]): object {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: x.ns },
    spec: { type, version: 'v1', metadata },
    auth: { secretStore: 'kubernetes' },
    scopes: [x.app],
  };
}

function components(x: ReturnType<typeof names>): object[] {
  return [
    component(x, x.state, 'state.redis', [
      { name: 'redisHost', value: 'redis:6379' },
      { name: 'redisPassword', secretKeyRef: { name: x.redis, key: 'password' } },
    ]),
    component(x, x.pubsub, 'pubsub.kafka', [
      { name: 'brokers', value: 'kafka:9092' },
      { name: 'authType', value: 'password' },
      { name: 'saslUsername', value: x.app },
      { name: 'saslPassword', secretKeyRef: { name: x.kafka, key: 'password' } },
      { name: 'saslMechanism', value: 'PLAINTEXT' },
    ]),
    component(x, x.http, 'bindings.http', [
      { name: 'url', value: 'https://example.com' },
      { name: 'securityToken', secretKeyRef: { name: x.token, key: 'token' } },
    ]),
  ];
}

function configuration(x: ReturnType<typeof names>): object {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Configuration',
    metadata: { name: `${x.app}-config`, namespace: x.ns },
    spec: { secrets: { scopes: [{ storeName: 'kubernetes', defaultAccess: 'deny', allowedSecrets: [x.api] }] } },
  };
}

/** The NetworkPolicy a DaprApp writes by default: only Dapr sidecars, on daprd's internal gRPC port. */
function networkPolicy(x: ReturnType<typeof names>, labels: object): object {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: x.app, namespace: x.ns, labels },
    spec: {
      ingress: [{
        from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'dapr.io/app-id', operator: 'Exists' }] } }],
        ports: [{ port: 50002, protocol: 'TCP' }],
      }],
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress'],
    },
  };
}

function rbac(x: ReturnType<typeof names>, labels: object): object[] {
  const name = `${x.app}-secret-reader`;
  return [{
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace: x.ns, labels },
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [x.api] }],
  }, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: x.ns, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: x.app, namespace: x.ns }],
  }];
}

/** The pod template annotation the library derives from the secrets the pods depend on (a hash of names, no value). */
function fingerprint(x: ReturnType<typeof names>): string {
  const secret = (name: string, key: string) => createHash('sha256').update(JSON.stringify(['kubernetes', x.ns, name, 'Opaque', [key], 'out-of-band'])).digest('hex');
  const parts = [[x.api, 'api-key'], [x.redis, 'password'], [x.kafka, 'password'], [x.token, 'token']]
    .map(([name, key]) => `kubernetes:${x.ns}/${name}=${secret(name, key)}`).sort();
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsGroup: 10001,
  runAsNonRoot: true,
  runAsUser: 10001,
  seccompProfile: { type: 'RuntimeDefault' },
};

function daprAnnotations(x: ReturnType<typeof names>): { [k: string]: string } {
  return {
    'dapr-secure-constructs/secrets-fingerprint': fingerprint(x),
    'dapr.io/app-id': x.app,
    'dapr.io/app-port': String(PORT),
    'dapr.io/app-protocol': 'http',
    'dapr.io/config': `${x.app}-config`,
    'dapr.io/enabled': 'true',
    'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault',
  };
}

/** App `i` of the raw and cdk8s-plus variants: its components and Configuration, and the scope, labels and metadata of the rest. */
function appBase(charts: Chart[], i: number) {
  const x = names(i);
  const chart = charts[i % NAMESPACES];
  components(x).forEach((obj, k) => new ApiObject(chart, `${x.app}-c${k}`, obj as any));
  const scope = new Construct(chart, x.app);
  const labels = { 'app.kubernetes.io/name': x.app };
  const metadata = { name: x.app, namespace: x.ns, labels };
  new ApiObject(scope, 'Configuration', configuration(x) as any);
  return { x, scope, labels, metadata };
}

/** The floor: plain cdk8s ApiObjects with exactly the objects the library writes. */
function buildRaw(n: number): App {
  const app = new App();
  const charts = namespaceCharts(app);
  for (let i = 0; i < n; i++) {
    const { x, scope, labels, metadata } = appBase(charts, i);
    new ApiObject(scope, 'ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: true } as any);
    const deployment = new Construct(scope, 'Deployment');
    new ApiObject(deployment, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        minReadySeconds: 0,
        progressDeadlineSeconds: 600,
        replicas: 1,
        selector: { matchLabels: labels },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: {
          metadata: { annotations: daprAnnotations(x), labels: { ...labels, 'cdk8s.io/metadata.addr': Names.toLabelValue(deployment) } },
          spec: {
            automountServiceAccountToken: true,
            containers: [{
              image: IMAGE,
              imagePullPolicy: 'IfNotPresent',
              name: 'app',
              ports: [{ containerPort: PORT }],
              resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
              securityContext: CONTAINER_SECURITY,
              startupProbe: { failureThreshold: 3, tcpSocket: { port: PORT } },
            }],
            dnsPolicy: 'ClusterFirst',
            hostNetwork: false,
            restartPolicy: 'Always',
            securityContext: { fsGroupChangePolicy: 'Always', runAsGroup: 10001, runAsNonRoot: true, runAsUser: 10001 },
            serviceAccountName: x.app,
            setHostnameAsFQDN: false,
            terminationGracePeriodSeconds: 30,
          },
        },
      },
    } as any);
    new ApiObject(scope, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: { externalIPs: [], ports: [{ name: 'app', port: PORT, targetPort: PORT }], selector: labels, type: 'ClusterIP' },
    } as any);
    new ApiObject(scope, 'NetworkPolicy', networkPolicy(x, labels) as any);
    rbac(x, labels).forEach((obj, k) => new ApiObject(scope, `Rbac${k}`, obj as any));
  }
  return app;
}

/** The same app with cdk8s-plus-28 L2 constructs where one exists (Deployment, Service, ServiceAccount, Role, RoleBinding). */
function buildPlus(n: number): App {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const kplus = require('cdk8s-plus-28') as typeof import('cdk8s-plus-28');
  const app = new App();
  const charts = namespaceCharts(app);
  for (let i = 0; i < n; i++) {
    const { x, scope, labels, metadata } = appBase(charts, i);
    const serviceAccount = new kplus.ServiceAccount(scope, 'ServiceAccount', { metadata, automountToken: true });
    const deployment = new kplus.Deployment(scope, 'Deployment', {
      metadata,
      replicas: 1,
      select: false,
      serviceAccount,
      automountServiceAccountToken: true,
      podMetadata: { labels, annotations: daprAnnotations(x) },
      securityContext: { ensureNonRoot: true, user: 10001, group: 10001 },
      containers: [{
        name: 'app',
        image: IMAGE,
        portNumber: PORT,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
        },
        securityContext: {
          ensureNonRoot: true,
          user: 10001,
          group: 10001,
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels }));
    const service = new kplus.Service(scope, 'Service', { metadata, ports: [{ name: 'app', port: PORT, targetPort: PORT }] });
    service.selectLabel('app.kubernetes.io/name', x.app);
    new ApiObject(scope, 'NetworkPolicy', networkPolicy(x, labels) as any);
    const role = new kplus.Role(scope, 'Role', { metadata: { name: `${x.app}-secret-reader`, namespace: x.ns, labels } });
    role.allow(['get'], kplus.Secret.fromSecretName(scope, 'ApiSecret', x.api));
    const binding = new kplus.RoleBinding(scope, 'RoleBinding', { metadata: { name: `${x.app}-secret-reader`, namespace: x.ns, labels }, role });
    binding.addSubjects(serviceAccount);
  }
  return app;
}

/** Renders each chart to YAML (cdk8s synth does the same per chart) and writes the files. */
function writeCharts(app: App, dir: string): { objects: number; bytes: number } {
  let objects = 0;
  let bytes = 0;
  for (const chart of app.node.children.filter(Chart.isChart)) {
    const docs = chart.toJson();
    objects += docs.length;
    const content = Yaml.stringify(...docs);
    bytes += content.length;
    fs.writeFileSync(path.join(dir, `${chart.node.id}.k8s.yaml`), content);
  }
  return { objects, bytes };
}

async function child(mode: Mode, n: number, dir: string): Promise<void> {
  // Modules load before the clock starts (wall time includes them).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = mode === 'lib' || mode === 'pulumi' ? require('../lib') as typeof import('../lib') : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = mode === 'pulumi' ? require('@pulumi/pulumi') as typeof import('@pulumi/pulumi') : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const renderer = mode === 'pulumi' ? require('../lib/pulumi') as typeof import('../lib/pulumi') : undefined;
  if (mode === 'plus') require('cdk8s-plus-28');
  let planMs: number | undefined;
  let objects = 0;
  if (lib && renderer) {
    const planStart = performance.now();
    const plan = renderer.planPulumiRender(buildLibrary(n, lib));
    planMs = performance.now() - planStart;
    objects = plan.charts.reduce((sum, c) => sum + c.objects.length + c.apps.reduce((a, app) => a + app.objects.length, 0), 0);
  }
  const start = performance.now();
  let bytes = 0;
  if (lib && mode === 'lib') {
    const files = lib.synthesize(buildLibrary(n, lib), { outdir: dir });
    for (const f of files) {
      bytes += f.content.length;
      if (f.path.endsWith('.k8s.yaml')) objects += f.content.split('\n---\n').length;
    }
  } else if (mode === 'raw' || mode === 'plus') {
    fs.mkdirSync(dir, { recursive: true });
    ({ objects, bytes } = writeCharts(mode === 'raw' ? buildRaw(n) : buildPlus(n), dir));
  } else if (lib && pulumi && renderer && n <= REGISTER_MAX) {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}_id`, state: a.inputs }), call: (a) => a.inputs }, 'bench', 'bench', false);
    const rendering = renderer.renderToPulumi(buildLibrary(n, lib));
    objects = rendering.objects.length;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await require('@pulumi/pulumi/runtime/settings').waitForRPCs();
  }
  const ms = performance.now() - start;
  const result: Result = {
    mode,
    n,
    ms: mode === 'pulumi' && n > REGISTER_MAX ? planMs! : ms,
    wallMs: Date.now() - performance.timeOrigin,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    objects,
    bytes,
    planMs,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

function runChild(mode: Mode, n: number): Result {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${mode}-`));
  const out = path.join(dir, 'out');
  try {
    const tsx = require.resolve('tsx/cli');
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', tsx, __filename, '--child', mode, String(n), out], {
      encoding: 'utf8',
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
    if (r.status !== 0 || !line) throw new Error(`bench child ${mode} ${n} failed (exit ${r.status}):\n${r.stderr.slice(-4000)}`);
    return JSON.parse(line.slice('BENCH_RESULT '.length));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The raw floor must write what the library writes; compared at a small N before timing. */
function checkSameObjects(lib: typeof import('../lib')): void {
  const n = 2 * NAMESPACES;
  const files = lib.renderApp(buildLibrary(n, lib)).filter((f) => f.path.endsWith('.k8s.yaml'));
  const raw = buildRaw(n);
  for (const f of files) {
    const chart = raw.node.findChild(f.path.replace(/\.k8s\.yaml$/, '')) as Chart;
    if (Yaml.stringify(...chart.toJson()) !== f.content) throw new Error(`the raw cdk8s objects differ from the library's in ${f.path}; fix buildRaw`);
  }
}

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

function scale(lib: typeof import('../lib')): void {
  checkSameObjects(lib);
  const sizes = (process.env.BENCH_N ?? '100,1000,3000').split(',').map(Number);
  const modes: Mode[] = (process.env.BENCH_MODES?.split(',') as Mode[] | undefined) ?? ['raw', 'plus', 'lib', 'pulumi'];
  // On a shared machine a run can be slowed by others: each cell is the fastest of BENCH_REPEAT runs, the
  // variants of one N taking turns.
  const repeat = Number(process.env.BENCH_REPEAT ?? 2);
  console.log(`Scale: N apps over ${NAMESPACES} namespaces, one process per run, best of ${repeat}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`${'N'.padStart(5)}  ${'variant'.padEnd(8)} ${'objects'.padStart(7)} ${'synth ms'.padStart(9)} ${'wall ms'.padStart(8)} ${'ms/app'.padStart(7)} ${'peak MiB'.padStart(8)}  ratios`);
  const perApp = new Map<Mode, number>();
  const previous = new Map<Mode, Result>();
  // The pulumi variant is compared by its plan alone, which every N measures.
  const timeOf = (r: Result) => (r.mode === 'pulumi' ? r.planMs! : r.ms);
  for (const n of sizes) {
    const results = new Map<Mode, Result>();
    for (let i = 0; i < repeat; i++) {
      for (const mode of modes) {
        const r = runChild(mode, n);
        const best = results.get(mode);
        if (!best || r.ms < best.ms) results.set(mode, r);
      }
    }
    for (const mode of modes) {
      const r = results.get(mode)!;
      const raw = results.get('raw');
      const plus = results.get('plus');
      const ratios = [
        raw && mode !== 'raw' ? `${(r.ms / raw.ms).toFixed(2)}x raw` : '',
        plus && mode === 'lib' ? `${(r.ms / plus.ms).toFixed(2)}x plus` : '',
        perApp.has(mode) && n !== sizes[0] ? `ms/app ${((timeOf(r) / n) / perApp.get(mode)!).toFixed(2)}x of N=${sizes[0]}` : '',
        previous.has(mode) ? `${((timeOf(r) - timeOf(previous.get(mode)!)) / (n - previous.get(mode)!.n)).toFixed(2)} ms per app added since N=${previous.get(mode)!.n}` : '',
        r.planMs !== undefined && n <= REGISTER_MAX ? `plan alone ${r.planMs.toFixed(0)} ms (${(r.planMs / n).toFixed(2)} ms/app), the rest is Pulumi's mock runtime registering` : '',
        r.planMs !== undefined && n > REGISTER_MAX ? `plan only (registration skipped above N=${REGISTER_MAX})` : '',
      ].filter(Boolean).join(', ');
      console.log(`${String(n).padStart(5)}  ${mode.padEnd(8)} ${String(r.objects).padStart(7)} ${r.ms.toFixed(0).padStart(9)} ${r.wallMs.toFixed(0).padStart(8)} ${(r.ms / n).toFixed(2).padStart(7)} ${r.maxRssMiB.toFixed(0).padStart(8)}  ${ratios}`);
      if (n === sizes[0]) perApp.set(mode, timeOf(r) / n);
      previous.set(mode, r);
    }
  }
}

function reference(lib: typeof import('../lib')): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildTaskApiApp, TaskApiChart } = require('../app/task-api') as typeof import('../app/task-api');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { planPulumiRender } = require('../lib/pulumi') as typeof import('../lib/pulumi');
  const referenceObjects = buildTaskApiApp().node.findAll().filter(Chart.isChart).flatMap((c) => c.toJson());
  const baseline = () => {
    const app = new App();
    const chart = new Chart(app, 'task-api');
    referenceObjects.forEach((obj, i) => new ApiObject(chart, `o${i}`, obj));
    Yaml.stringify(...chart.toJson());
  };
  const runs = Number(process.env.BENCH_RUNS ?? 30);
  const base = time(runs, baseline);
  const synth = time(runs, () => lib.renderApp(buildTaskApiApp()));
  const validate = time(runs, () => lib.validateManifests(referenceObjects));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  for (const f of lib.renderApp(buildTaskApiApp())) fs.writeFileSync(path.join(dir, f.path), f.content);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scanTree } = require('../lib/testing') as typeof import('../lib/testing');
  const scan = time(runs, () => scanTree(dir, { a: 'dsc-canary:/+"&=% é\\?~>bench:0123456789abcdef' }));
  fs.rmSync(dir, { recursive: true, force: true });
  const pulumiPlan = time(runs, () => {
    const app = new App();
    const delivery = lib.SecretDelivery.pulumiConfig();
    new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
    planPulumiRender(app);
  });
  const row = (name: string, ms: number) => console.log(`${name.padEnd(50)} ${ms.toFixed(2).padStart(8)} ms  ${(ms / base).toFixed(2).padStart(6)}x baseline`);
  console.log(`\nReference program: median of ${runs} runs, ${referenceObjects.length} objects`);
  row('baseline: raw ApiObjects, cdk8s render', base);
  row('reference program: construct + validate + render', synth);
  row('offline manifest validation of all objects', validate);
  row('canary scan of dist (one canary, all encodings)', scan);
  row('Pulumi: construct + validate + plan resources', pulumiPlan);
}

if (process.argv[2] === '--child') {
  child(process.argv[3] as Mode, Number(process.argv[4]), process.argv[5]).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('../lib') as typeof import('../lib');
  if (process.env.BENCH_SKIP_SCALE !== '1') scale(lib);
  if (process.env.BENCH_SKIP_REFERENCE !== '1') reference(lib);
  if (process.env.BENCH_SKIP_SCANNER !== '1') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { benchScanner, formatScannerBench } = require('./bench-scanner') as typeof import('./bench-scanner');
    benchScanner().then((r) => console.log(`\n${formatScannerBench(r)}`), (e) => {
      console.error(`scanner benchmark failed: ${(e as Error).message}`);
      process.exitCode = 1;
    });
  }
}
