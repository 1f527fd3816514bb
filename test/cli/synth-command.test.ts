import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { taskApiStages } from '../../app/stages';
import { renderStages } from '../../lib';
import { makeCanary, scanTree, findLeaks } from '../../lib/scan';
import { copyProject, readTree, REPO } from '../support/project-copy';

/**
 * `npm run synth` (main.ts) and `npx cdk8s synth` (cdk8s.yaml). What the reference output must be is pinned
 * once, by the drift test in test/app/task-api.test.ts; here each command must write exactly what the
 * library renders for the same program in-process. One end-to-end run of each command in a copy of the
 * project; main.ts's options and failures run in-process. The children compile TypeScript without
 * type-checking (TS_NODE_TRANSPILE_ONLY): test/library/consumer.test.ts type-checks the project once.
 */
function run(cwd: string, command: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(command, args, { cwd, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', CDK8S_CHECK_UPGRADE: 'false', ...env }, encoding: 'utf8' });
}

/** The reference program's stages rendered in-process, as path -> content (`dev/...`, `prod/...`). */
function rendered(only?: string): Record<string, string> {
  const files = renderStages(taskApiStages().select(only ? [only] : undefined));
  return Object.fromEntries(files.map((f) => [only ? f.path.slice(only.length + 1) : f.path, f.content]));
}

interface MainRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs main.ts in-process as `npm run synth -- <args>` runs it from `cwd`: a fresh module registry, so its
 * top-level code runs again, with `process.argv`, the current directory and the console standing in for
 * the child's. `mockStages` replaces app/stages.ts for this run.
 */
function runMain(cwd: string, args: string[], mockStages?: () => unknown): MainRun {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(`${a.join(' ')}\n`); });
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(`${a.join(' ')}\n`); });
  const { argv, exitCode } = process;
  const previous = process.cwd();
  process.argv = [argv[0], path.join(REPO, 'main.ts'), ...args];
  process.exitCode = undefined;
  process.chdir(cwd);
  try {
    jest.isolateModules(() => {
      if (mockStages) jest.doMock(path.join(REPO, 'app', 'stages'), mockStages);
      require(path.join(REPO, 'main.ts'));
    });
    return { status: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(previous);
    process.argv = argv;
    process.exitCode = exitCode;
    log.mockRestore();
    error.mockRestore();
  }
}

describe('synth commands (the README\'s first command), end to end', () => {
  test('npm run synth writes dist/ (removed first) with what the library renders, lists each file, and logs no secret', () => {
    const dir = copyProject();
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const canary = makeCanary('redis-password');
    const result = run(dir, 'npm', ['run', '-s', 'synth'], { REDIS_PASSWORD_PASSWORD: canary });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const expected = rendered();
    expect(readTree(path.join(dir, 'dist'))).toEqual(expected);
    expect(result.stdout.trim().split('\n').map((l) => l.trim()).sort()).toEqual(Object.keys(expected).map((f) => `dist/${f}`).sort());
    expect(findLeaks(result.stdout + result.stderr, { canary })).toEqual([]);
    expect(scanTree(path.join(dir, 'dist'), { canary })).toEqual([]);
  });

  test('npx cdk8s synth runs the same program through cdk8s.yaml, into dist/ and the CLI\'s own folder, then the validation plugin, without an update check', () => {
    const dir = copyProject();
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const result = run(dir, 'npx', ['cdk8s', 'synth']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('dev/task-api.k8s.yaml');
    expect(result.stdout).toContain('Validation Report (');
    expect(result.stdout).toContain('Validations ended succesfully');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const expected = rendered();
    expect(readTree(path.join(dir, 'dist'))).toEqual(expected);
    expect(readTree(path.join(dir, '.cdk8s.out'))).toEqual(expected);
  });
});

describe('main.ts, in-process', () => {
  test('the in-process run writes what the child process writes (control for the tests below)', () => {
    const dir = copyProject();
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const result = runMain(dir, []);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const expected = rendered();
    expect(readTree(path.join(dir, 'dist'))).toEqual(expected);
    expect(result.stdout.trim().split('\n').map((l) => l.trim()).sort()).toEqual(Object.keys(expected).map((f) => `dist/${f}`).sort());
  });

  test('--stage prod rewrites only dist/prod/; an unknown stage is refused with the known ones', () => {
    const dir = copyProject();
    fs.rmSync(path.join(dir, 'dist', 'prod'), { recursive: true });
    fs.appendFileSync(path.join(dir, 'dist', 'dev', 'ACCESS.md'), 'kept\n');
    const result = runMain(dir, ['--stage', 'prod']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const expected = rendered('prod');
    expect(readTree(path.join(dir, 'dist', 'prod'))).toEqual(expected);
    expect(result.stdout.trim().split('\n').map((l) => l.trim()).sort()).toEqual(Object.keys(expected).map((f) => `dist/prod/${f}`).sort());
    expect(fs.readFileSync(path.join(dir, 'dist', 'dev', 'ACCESS.md'), 'utf8')).toMatch(/kept\n$/);

    const before = readTree(path.join(dir, 'dist'));
    const unknown = runMain(dir, ['--stage', 'qa']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown stage "qa"; known stages: dev, prod');
    expect(readTree(path.join(dir, 'dist'))).toEqual(before);
  });

  test('a failed synth exits non-zero with the construct path and leaves dist/ as it was', () => {
    const dir = copyProject();
    const before = readTree(path.join(dir, 'dist'));
    // The reference stages, with a second secret named like the chart's redis-password in each stage's chart.
    const result = runMain(dir, [], () => {
      const actual = jest.requireActual(path.join(REPO, 'app', 'stages'));
      const lib = jest.requireActual(path.join(REPO, 'lib'));
      return {
        ...actual,
        taskApiStages: () => lib.defineStages(...[actual.DEV, actual.PROD].map((s: any) => ({
          name: s.name,
          namespace: s.namespace,
          production: s.production,
          build: () => {
            const app = actual.buildTaskApiStage(s);
            const chart: any = app.node.findChild('task-api');
            new lib.DeclaredSecret(chart, 'again', { name: 'redis-password', store: chart.store, keys: ['password'] });
            return app;
          },
        }))),
      };
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('synth failed; dist/ was left as it was.');
    // Every stage is tried and each one's problem reported.
    expect(result.stderr).toContain('stage dev:\n  [task-api/again] metadata.name: duplicate secret "Secret:task-api-dev/redis-password"');
    expect(result.stderr).toContain('stage prod:\n  [task-api/again] metadata.name: duplicate secret "Secret:default/redis-password"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
    expect(readTree(path.join(dir, 'dist'))).toEqual(before);
  });
});
