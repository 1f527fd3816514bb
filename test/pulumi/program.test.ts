import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { makeCanary } from '../../lib/scan';
import { PROJECT } from './support/mock-runtime';

const REPO = path.resolve(__dirname, '..', '..');
const CONFIG_KEYS = [
  'api-credentials.api-key', 'api-credentials.api-secret', 'redis-password.password', 'notification-api.api-key', 'kafka-credentials.username', 'kafka-credentials.password',
];

interface RunResult {
  registrations: Array<{ type: string; name: string; provider: string; parent: string; registered: boolean }>;
  errors: string[];
  findings: unknown[];
}

/**
 * Runs support/run-under-mocks.ts in a fresh Node process with ts-node and the project's tsconfig.json, as
 * Pulumi's nodejs host does for `runtime: {name: nodejs, options: {typescript: true}}`.
 */
function runUnderMocks(scenario: string, typeCheck: boolean): Promise<RunResult> {
  const config = Object.fromEntries(CONFIG_KEYS.map((k) => [k, makeCanary(k.replace('.', '-'))]));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-r', 'ts-node/register', path.join('test', 'pulumi', 'support', 'run-under-mocks.ts'), scenario], {
      cwd: REPO,
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json', TS_NODE_TRANSPILE_ONLY: typeCheck ? 'false' : 'true', RUN_UNDER_MOCKS_CONFIG: JSON.stringify(config) },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 150_000,
    }, (err, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        reject(new Error(`no result from ${scenario} (${err?.message ?? 'exit 0'}):\n${stderr.slice(-4000)}`));
        return;
      }
      // The child's output never holds a config value; check anyway before anything is printed.
      for (const value of Object.values(config)) {
        if ((stdout + stderr).includes(value)) {
          reject(new Error(`a config value appeared in the output of ${scenario}`));
          return;
        }
      }
      resolve(JSON.parse(line.slice('RESULT '.length)));
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

describe('the program under ts-node, as Pulumi\'s nodejs host loads it', () => {
  let program: RunResult;
  let renderProvider: RunResult;

  beforeAll(async () => {
    [program, renderProvider] = await Promise.all([runUnderMocks('program', true), runUnderMocks('explicit-render-provider', false)]);
  }, 170_000);

  test('type-checks, loads and registers the reference app, with no error and no unwrapped canary', () => {
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
      'kubernetes:rbac.authorization.k8s.io/v1:Role default/task-api-secret-reader',
      'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding default/task-api-secret-reader',
    ]);
    expect(program.registrations.every((r) => r.registered)).toBe(true);
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
