import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { makeCanary } from '../../lib/scan';
import { PROJECT } from './support/mock-runtime';
import { expectOneRefusal, RunResult, runUnderMocks } from './support/run-program';

const REPO = path.resolve(__dirname, '..', '..');

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
      runUnderMocks(path.join('test', 'pulumi', 'support', 'programs'), 'render-provider.ts'),
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
      'kubernetes:networking.k8s.io/v1:NetworkPolicy default/task-api',
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

  test('an explicit provider with renderYamlToDirectory: no Secret is ever sent to it, and the program fails with one RunError naming that provider', () => {
    expectOneRefusal(renderProvider, 'the provider "user-provider" passed as renderToPulumi\'s `provider` renders YAML to "rendered"');
  });
});
