import * as path from 'path';
import { expectOneRefusal, RunResult, runUnderMocks } from './support/run-program';

const PROGRAMS = path.join('test', 'pulumi', 'support', 'programs');

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
