import * as fs from 'fs';
import * as path from 'path';
import { taskApiStages } from '../../app/stages';
import { renderStages } from '../../lib';
import { copyProject, readTree, REPO } from '../support/project-copy';

/**
 * main.ts (`npm run synth`) in-process: its options and failures. What the reference output must be is
 * pinned once, by the drift test in test/app/task-api.test.ts; here main.ts must write exactly what the
 * library renders for the same program. The commands themselves (`npm run synth`, `npx cdk8s synth`) run
 * once each, in child processes, in the end-to-end set (test/e2e/commands.e2e.ts).
 */

let renderedOnce: ReadonlyArray<{ path: string; content: string }> | undefined;

/** The reference program's stages rendered in-process (once per file), as path -> content (`dev/...`, `prod/...`). */
function rendered(only?: string): Record<string, string> {
  renderedOnce ??= renderStages(taskApiStages().select(undefined));
  const files = only ? renderedOnce.filter((f) => f.path.startsWith(`${only}/`)) : renderedOnce;
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

describe('main.ts, in-process', () => {
  test('run in-process, main.ts writes every stage as the library renders it and lists each file', () => {
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
