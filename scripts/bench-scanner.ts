/**
 * Scanner throughput (`npx ts-node scripts/bench-scanner.ts`, and part of `npm run bench`): MB/s of the full
 * scanner (`scanTexts`: parse with positions, every rule, secretlint's token formats) over a generated set
 * of manifest files, next to a bare YAML parse (`parseAllDocuments`) of the same files. Target: the scan
 * takes at most 1.5 times the parse. Prints figures; asserts nothing.
 */
import { createHash } from 'crypto';
import { performance } from 'perf_hooks';
import { parseAllDocuments } from 'yaml';
import { scanTexts } from '../lib/scanner';

/** What one benchmark run measured. */
export interface ScannerBenchResult {
  readonly files: number;
  readonly megabytes: number;
  /** Bare `parseAllDocuments` of every file, MB/s (median of the runs). */
  readonly parseMBps: number;
  /** The full scan of every file, MB/s (median of the runs). */
  readonly scanMBps: number;
  /** Scan time over parse time: the target is 1.5 or less. */
  readonly ratio: number;
  /** Findings in the set: the planted leaks, one per file in ten. */
  readonly findings: number;
}

/** Options of `benchScanner`. */
export interface ScannerBenchOptions {
  /** Generated files. @default 200 */
  readonly files?: number;
  /** Timed runs of each; the median counts. @default 5 */
  readonly runs?: number;
}

function hex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}:${i}`).digest('hex');
  return out.slice(0, length);
}

function base64(seed: string, length: number): string {
  return Buffer.from(hex(seed, length * 2), 'hex').toString('base64').slice(0, length);
}

/** One generated file: an app's manifests as a GitOps repository holds them (about 9 KB); every tenth has a leak. */
export function generatedManifest(i: number): string {
  const app = `app-${i}`;
  const ns = `team-${i % 12}`;
  const leak = i % 10 === 0
    ? `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ${app}-legacy\n  namespace: ${ns}\nstringData:\n  password: bench-${hex(`leak${i}`, 16)}\n`
    : '';
  const env = Array.from({ length: 12 }, (_, k) => k % 3 === 0
    ? `            - name: SECRET_${k}\n              valueFrom:\n                secretKeyRef:\n                  name: ${app}-creds\n                  key: key-${k}`
    : `            - name: SETTING_${k}\n              value: "${hex(`${app}${k}`, 10)}"`).join('\n');
  return `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: ${app}-creds
  namespace: ${ns}
spec:
  encryptedData:
    key-0: ${base64(`${app}a`, 680)}
    key-3: ${base64(`${app}b`, 680)}
    key-6: ${base64(`${app}c`, 680)}
  template:
    metadata:
      name: ${app}-creds
      namespace: ${ns}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${app}-state
  namespace: ${ns}
spec:
  type: state.redis
  version: v1
  metadata:
    - name: redisHost
      value: redis-${i}.${ns}.svc.cluster.local:6379
    - name: redisPassword
      secretKeyRef:
        name: ${app}-creds
        key: key-0
    - name: enableTLS
      value: "true"
auth:
  secretStore: kubernetes
scopes:
  - ${app}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${app}-pubsub
  namespace: ${ns}
spec:
  type: pubsub.kafka
  version: v1
  metadata:
    - name: brokers
      value: kafka-0.kafka:9092,kafka-1.kafka:9092
    - name: authType
      value: password
    - name: saslUsername
      secretKeyRef: {name: ${app}-creds, key: key-3}
    - name: saslPassword
      secretKeyRef: {name: ${app}-creds, key: key-6}
auth:
  secretStore: kubernetes
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
      annotations:
        dapr.io/enabled: "true"
        dapr.io/app-id: ${app}
        dapr.io/app-port: "8080"
        dapr.io/config: ${app}-config
        dapr.io/env: "LOG_STYLE=json,GOMAXPROCS=2"
        checksum/secret: ${hex(`${app}sum`, 64)}
    spec:
      serviceAccountName: ${app}
      containers:
        - name: app
          image: ghcr.io/example/${app}@sha256:${hex(`${app}img`, 64)}
          ports:
            - containerPort: 8080
          env:
${env}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            capabilities:
              drop: [ALL]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-settings
  namespace: ${ns}
data:
  application.properties: |
    server.port=8080
    spring.datasource.url=jdbc:postgresql://db.${ns}:5432/${app}
    management.endpoints.web.exposure.include=health,info
    feature.flags=${hex(`${app}ff`, 24)}
  upstream: https://api.example.com/v2/${app}
---
apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  selector:
    app.kubernetes.io/name: ${app}
  ports:
    - name: http
      port: 80
      targetPort: 8080
${leak}`;
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Measures the scanner against a bare YAML parse over `files` generated manifest files. */
export async function benchScanner(options: ScannerBenchOptions = {}): Promise<ScannerBenchResult> {
  const count = options.files ?? 200;
  const runs = options.runs ?? 5;
  const inputs = Array.from({ length: count }, (_, i) => ({ file: `apps/app-${i}.yaml`, text: generatedManifest(i) }));
  const bytes = inputs.reduce((n, x) => n + Buffer.byteLength(x.text), 0);
  const parse = () => {
    for (const x of inputs) parseAllDocuments(x.text);
  };
  let findings = 0;
  const scan = async () => {
    findings = (await scanTexts(inputs)).findings.length;
  };
  parse();
  await scan(); // warm-up: module loading, secretlint's first run, JIT
  const parseMs: number[] = [];
  const scanMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    parse();
    parseMs.push(performance.now() - t);
    t = performance.now();
    await scan();
    scanMs.push(performance.now() - t);
  }
  const mb = bytes / 1e6;
  const p = median(parseMs);
  const s = median(scanMs);
  return { files: count, megabytes: mb, parseMBps: mb / (p / 1000), scanMBps: mb / (s / 1000), ratio: s / p, findings };
}

/** The figures in a few lines. */
export function formatScannerBench(r: ScannerBenchResult): string {
  return [
    `scanner throughput over ${r.files} generated manifest files (${r.megabytes.toFixed(2)} MB, ${r.findings} planted leaks found):`,
    `  bare YAML parse (parseAllDocuments)  ${r.parseMBps.toFixed(2).padStart(8)} MB/s`,
    `  dapr-secure scan (every rule)        ${r.scanMBps.toFixed(2).padStart(8)} MB/s`,
    `  scan / parse time                    ${r.ratio.toFixed(2).padStart(8)}x (target: 1.5x or less)`,
  ].join('\n');
}

if (require.main === module) {
  benchScanner().then((r) => process.stdout.write(`${formatScannerBench(r)}\n`), (e) => {
    process.stderr.write(`bench-scanner failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
