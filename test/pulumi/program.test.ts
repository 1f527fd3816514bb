import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { makeCanary } from '../../lib/scan';
import { PROJECT } from './support/mock-runtime';
import { canaryValues } from './support/reference';

const REPO = path.resolve(__dirname, '..', '..');

interface RunResult {
  registrations: Array<{ type: string; name: string; provider: string; parent: string; registered: boolean }>;
  errors: string[];
  findings: unknown[];
  /** What the host printed to stderr (Pulumi logs errors there when no engine is attached). */
  stderr: string;
}


/**
 * Runs `program` from `pwd` with Pulumi's own nodejs host under mocks (support/pulumi-host.js), as the engine
 * starts it for Pulumi.yaml's `main`: from the program's folder, with the tsconfig.json found there. `direct`
 * only requires the program (see pulumi-host.js). The host compiles without type-checking
 * (PULUMI_NODEJS_TRANSPILE_ONLY); test/library/consumer.test.ts type-checks pulumi/ with pulumi/tsconfig.json,
 * the options the host would check it with.
 */
function runUnderMocks(pwd: string, program: string, options: { direct?: boolean; config?: { [key: string]: string } } = {}): Promise<RunResult> {
  const config = options.config ?? canaryValues();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(REPO, 'test', 'pulumi', 'support', 'pulumi-host.js'), pwd, program, ...(options.direct ? ['--direct'] : [])], {
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

describe('Pulumi.yaml', () => {
  const project = parse(fs.readFileSync(path.join(REPO, 'Pulumi.yaml'), 'utf8'));

  test('declares the nodejs TypeScript runtime and the program file', () => {
    expect(project).toMatchObject({ name: PROJECT, runtime: { name: 'nodejs', options: { typescript: true } }, main: 'pulumi/index.ts' });
    expect(fs.existsSync(path.join(REPO, project.main))).toBe(true);
  });

  test('the program shares the reference app with main.ts instead of declaring it again', () => {
    const program = fs.readFileSync(path.join(REPO, project.main), 'utf8');
    expect(program).toContain("import { TaskApiChart } from '../app/task-api';");
    expect(program).toContain('renderToPulumi(');
    expect(program).not.toMatch(/new (DeclaredSecret|RedisStateStore|KafkaPubSub|TaskApiDeployment|KubernetesSecretStore)\b/);
  });
});

describe('the program run by Pulumi\'s own nodejs host, as `pulumi up` starts it', () => {
  let program: RunResult;
  let renderProvider: RunResult;
  let unset: RunResult;

  beforeAll(async () => {
    [program, renderProvider, unset] = await Promise.all([
      runUnderMocks('pulumi', 'index.ts'),
      runUnderMocks(path.join('test', 'pulumi', 'support', 'programs'), 'render-provider.ts', { direct: true }),
      runUnderMocks('pulumi', 'index.ts', { config: { 'redis-password.password': makeCanary('redis-password') } }),
    ]);
  }, 170_000);

  test('loads and registers the reference app, with no error and no unwrapped canary', () => {
    expect(program.errors).toEqual([]);
    expect(program.findings).toEqual([]);
    expect(program.registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'dapr-secure:index:Chart task-api',
      'dapr-secure:index:DaprApp default/task-api',
      'kubernetes:apps/v1:Deployment default/task-api',
      'kubernetes:core/v1:Secret default/api-credentials',
      'kubernetes:core/v1:Secret default/kafka-credentials',
      'kubernetes:core/v1:Secret default/notification-api',
      'kubernetes:core/v1:Secret default/redis-password',
      'kubernetes:core/v1:Service default/task-api',
      'kubernetes:core/v1:ServiceAccount default/task-api',
      'kubernetes:dapr.io/v1alpha1:Component default/configstore',
      'kubernetes:dapr.io/v1alpha1:Component default/kafka-pubsub',
      'kubernetes:dapr.io/v1alpha1:Component default/kubernetes-secrets',
      'kubernetes:dapr.io/v1alpha1:Component default/statestore',
      'kubernetes:dapr.io/v1alpha1:Configuration default/task-api-config',
      'kubernetes:dapr.io/v1alpha1:HTTPEndpoint default/notification-service',
      'kubernetes:rbac.authorization.k8s.io/v1:Role default/task-api-secret-reader',
      'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding default/task-api-secret-reader',
      'pulumi:pulumi:Stack dapr-task-api-dev',
    ]);
    expect(program.registrations.every((r) => r.registered)).toBe(true);
    // Everything hangs off the stack the host created: the chart component directly, the rest below it.
    const stack = program.registrations.find((r) => r.type === 'pulumi:pulumi:Stack')!;
    expect(program.registrations.filter((r) => r.type === 'dapr-secure:index:Chart').map((r) => r.parent)).toEqual([expect.stringContaining('pulumi:pulumi:Stack::dapr-task-api-dev')]);
    expect(stack.parent).toBe('');
    expect(program.stderr).toBe('');
  });

  test('a config secret that is not set: the host prints the message with the commands to run, without a stack trace, and registers nothing', () => {
    expect(unset.errors).toHaveLength(1);
    expect(unset.errors[0]).toMatch(/^5 Pulumi config secret\(s\) are not set; each one becomes a key of a Kubernetes Secret:\n/);
    expect(unset.errors[0]).toContain('\n  pulumi config set --secret kafka-credentials.password');
    expect(unset.errors[0]).not.toContain('redis-password.password');
    expect(unset.stderr).toContain('pulumi config set --secret api-credentials.api-key');
    expect(unset.stderr).not.toMatch(/\n\s+at /);
    expect(unset.stderr).not.toContain('unhandled exception');
    expect(unset.registrations.map((r) => r.type)).toEqual(['pulumi:pulumi:Stack']);
  });

  test('an explicit provider with renderYamlToDirectory: no Secret is ever sent to it, and the program fails saying why', () => {
    const expected = (name: string) => 'error serializing property "stringData": renderToPulumi: the provider passed as options.provider has renderYamlToDirectory "rendered". '
      + 'In that mode the Kubernetes provider writes manifests instead of applying them, and it writes every Secret\'s data into those files in plaintext, '
      + `so the renderer refuses to create the Secrets of Pulumi config secrets (default/${name}) with it. `
      + 'Fix: deploy with a provider that applies to a cluster (no renderYamlToDirectory), or produce manifests with cdk8s synth and choose SecretDelivery.outOfBand() (or a sealed/external delivery) for these secrets';
    expect([...renderProvider.errors].sort()).toEqual(['api-credentials', 'kafka-credentials', 'notification-api', 'redis-password'].map(expected));
    expect(renderProvider.registrations.filter((r) => r.type === 'kubernetes:core/v1:Secret')).toEqual([]);
    // Nothing that needs a Secret goes ahead without it either.
    expect(renderProvider.registrations.filter((r) => r.type === 'kubernetes:apps/v1:Deployment' || r.name === 'default/statestore')).toEqual([]);
    expect(renderProvider.findings).toEqual([]);
  });
});
