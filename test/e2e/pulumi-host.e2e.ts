import * as path from 'path';
import { makeCanary } from '../../lib/scan';
import { expectOneRefusal, RunResult, runUnderMocks } from '../pulumi/support/run-program';

/**
 * The Pulumi programs run by Pulumi's own nodejs host under mocks, as `pulumi up` starts them (end-to-end
 * set: `npm run test:e2e`, also run by .ci/run): the reference program of Pulumi.yaml, and programs whose
 * provider renders YAML. Each runs in a child process (test/pulumi/support/pulumi-host.js). The same
 * refusals are tested in-process, under Pulumi's mocks, by test/pulumi/provider-gate.test.ts and
 * test/pulumi/render.*.test.ts.
 */

const PROGRAMS = path.join('test', 'pulumi', 'support', 'programs');

describe('the program run by Pulumi\'s own nodejs host, as `pulumi up` starts it', () => {
  let program: RunResult;
  let renderProvider: RunResult;
  let unset: RunResult;

  beforeAll(async () => {
    [program, renderProvider, unset] = await Promise.all([
      runUnderMocks('pulumi', 'index.ts'),
      runUnderMocks(PROGRAMS, 'render-provider.ts'),
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

describe('a provider that renders YAML, reaching the Secrets other than through renderToPulumi\'s options, under Pulumi\'s own host', () => {
  let parentProviders: RunResult;
  let stackTransformation: RunResult;

  beforeAll(async () => {
    [parentProviders, stackTransformation] = await Promise.all([
      runUnderMocks(PROGRAMS, 'parent-providers.ts'),
      runUnderMocks(PROGRAMS, 'stack-transformation.ts'),
    ]);
  }, 170_000);

  test('inherited from the `providers` of renderToPulumi\'s `parent`: no Secret reaches it, one RunError names it', () => {
    expectOneRefusal(parentProviders, 'the provider "render" that renderToPulumi\'s `parent` passes to its children (its `providers` option, or its ancestors\') renders YAML to "rendered"');
    // The other objects did get the parent's provider: the refusal is about the provider the Secrets would get.
    const account = parentProviders.registrations.find((r) => r.type === 'kubernetes:core/v1:ServiceAccount')!;
    expect(account.provider).toMatch(/::render::render_id$/);
  });

  test('set by a stack transformation: no Secret reaches it, one RunError names it', () => {
    expectOneRefusal(stackTransformation, 'the provider "render" that a resource transformation set (registerStackTransformation, or `transformations` of renderToPulumi\'s `parent` or of an ancestor) renders YAML to "rendered"');
  });
});
