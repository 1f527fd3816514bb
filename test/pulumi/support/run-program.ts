/**
 * Runs test programs under Pulumi's mock runtime in a child process (support/pulumi-host.js), the way the
 * engine starts Pulumi.yaml's `main`, and checks the refusal of a provider that renders YAML.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { canaryValues } from './reference';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** What a program run under mocks registered and reported. */
export interface RunResult {
  registrations: Array<{ type: string; name: string; provider: string; parent: string; registered: boolean }>;
  /** The message of each distinct error reported (one error object rejecting many promises counts once). */
  errors: string[];
  /** `RunError` for a pulumi.RunError, else the error's class name, per error. */
  errorKinds: string[];
  findings: unknown[];
  /** What the host printed to stderr (Pulumi logs errors there when no engine is attached). */
  stderr: string;
}

/**
 * Runs `program` from `pwd` with Pulumi's own nodejs host under mocks (support/pulumi-host.js), as the engine
 * starts it for Pulumi.yaml's `main`: from the program's folder, with the tsconfig.json found there. The host
 * compiles without type-checking
 * (PULUMI_NODEJS_TRANSPILE_ONLY); test/library/typecheck.test.ts type-checks pulumi/ with pulumi/tsconfig.json,
 * the options the host would check it with.
 */
export function runUnderMocks(pwd: string, program: string, options: { config?: { [key: string]: string } } = {}): Promise<RunResult> {
  const config = options.config ?? canaryValues();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(REPO, 'test', 'pulumi', 'support', 'pulumi-host.js'), pwd, program], {
      cwd: REPO,
      env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: 'true', RUN_UNDER_MOCKS_CONFIG: JSON.stringify(config), FORCE_COLOR: '0' },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 150_000,
    }, (err, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        reject(new Error(`no result from ${program} (${err?.message ?? 'exit 0'}):\n${stderr.slice(-4000)}`));
        return;
      }
      // The child's output never holds a config value; check anyway before anything is printed.
      for (const value of Object.values(config)) {
        if ((stdout + stderr).includes(value)) {
          reject(new Error(`a config value appeared in the output of ${program}`));
          return;
        }
      }
      resolve({ ...JSON.parse(line.slice('RESULT '.length)), stderr });
    });
  });
}


/** The rest of the refusal message after `renderToPulumi: <where>. ` for the reference app's four Secrets. */
export const REFERENCE_RENDER_MODE = 'In that mode the Kubernetes provider writes manifests instead of applying them, and it writes every Secret\'s data into those files in plaintext, '
  + 'so the renderer refuses to create the Secrets of Pulumi config secrets (default/api-credentials, default/redis-password, default/notification-api, default/kafka-credentials) with it. '
  + 'Fix: deploy with a provider that applies to a cluster (no renderYamlToDirectory), or produce manifests with cdk8s synth and choose SecretDelivery.outOfBand() (or a sealed/external delivery) for these secrets';

/**
 * The reference app's run failed with exactly one error, a RunError `renderToPulumi: <where>. …` that the
 * host printed once without a stack trace, and no Secret, and nothing that waits for one, was registered;
 * no canary appeared outside a secret wrapper.
 */
export function expectOneRefusal(run: RunResult, where: string): void {
  expect(run.errors).toEqual([`renderToPulumi: ${where}. ${REFERENCE_RENDER_MODE}`]);
  expect(run.errorKinds).toEqual(['RunError']);
  expect(run.stderr.match(/renderToPulumi: /g)).toHaveLength(1);
  expect(run.stderr).toContain(`renderToPulumi: ${where}. `);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain('unhandled exception');
  expect(run.registrations.filter((r) => r.type === 'kubernetes:core/v1:Secret')).toEqual([]);
  expect(run.registrations.filter((r) => r.type === 'kubernetes:apps/v1:Deployment' || r.name === 'default/statestore')).toEqual([]);
  // Objects that need no Secret are still registered, so the run did get that far.
  expect(run.registrations.filter((r) => r.type === 'kubernetes:core/v1:ServiceAccount').map((r) => r.name)).toEqual(['default/task-api']);
  expect(run.findings).toEqual([]);
}
