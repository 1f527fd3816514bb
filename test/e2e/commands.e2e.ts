import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { taskApiStages } from '../../app/stages';
import { renderStages } from '../../lib';
import { findLeaks, makeCanary, scanTree } from '../../lib/scan';
import { copyProject, readTree, REPO } from '../support/project-copy';

/**
 * The project's own commands, each run once as a user runs it, in a child process in a copy of the project
 * (end-to-end set: `npm run test:e2e`, also run by .ci/run). What the reference output must be is pinned
 * once, by the drift test in test/app/task-api.test.ts; here each command must write exactly what the library
 * renders for the same program in-process. The options and failures of main.ts run in-process in
 * test/cli/synth-command.test.ts. The children compile TypeScript without type-checking
 * (TS_NODE_TRANSPILE_ONLY): test/library/typecheck.test.ts type-checks the project once.
 */
function run(cwd: string, command: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(command, args, { cwd, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', CDK8S_CHECK_UPGRADE: 'false', ...env }, encoding: 'utf8' });
}

/** The reference program's stages rendered in-process, as path -> content (`dev/...`, `prod/...`). */
function rendered(): Record<string, string> {
  return Object.fromEntries(renderStages(taskApiStages().select(undefined)).map((f) => [f.path, f.content]));
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

const HOOK = path.join(REPO, 'docs', 'ci', 'pre-commit');

describe('the pre-commit hook of docs/ci', () => {
  test('the pre-commit hook checks what is staged: a clean commit passes, a hand-edited dist/ or a program staged without its dist/ is refused', () => {
    expect(fs.statSync(HOOK).mode & 0o111).not.toBe(0);
    const dir = copyProject();
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, encoding: 'utf8' });
      expect({ args, status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ args, status: 0, stderr: '' });
    };
    const hook = () => spawnSync('sh', [HOOK], { cwd: dir, encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
    git('init', '-q');
    git('add', '.');
    const clean = hook();
    expect({ status: clean.status, stderr: clean.stderr }).toEqual({ status: 0, stderr: '' });
    git('commit', '-q', '--no-verify', '-m', 'initial');

    // A hand edit of dist/, staged: refused with the diff.
    const kustomization = path.join(dir, 'dist', 'dev', 'kustomization.yaml');
    const original = fs.readFileSync(kustomization, 'utf8');
    fs.appendFileSync(kustomization, '# edited\n');
    git('add', 'dist');
    const drift = hook();
    expect(drift.status).toBe(1);
    expect(drift.stdout).toContain('+++ b/dist/dev/kustomization.yaml');
    expect(drift.stderr).toContain('pre-commit: the staged dist/ does not match the staged program');
    fs.writeFileSync(kustomization, original);
    git('add', 'dist');

    // A program change staged without its regenerated dist/: refused, although the working tree matches
    // (so the hook reads the index, not the working tree).
    const stages = path.join(dir, 'app', 'stages.ts');
    fs.writeFileSync(stages, fs.readFileSync(stages, 'utf8').replace('replicas: 2,', 'replicas: 3,'));
    // What `npm run synth` then writes to the working tree (left unstaged).
    const prod = path.join(dir, 'dist', 'prod', 'task-api.k8s.yaml');
    fs.writeFileSync(prod, fs.readFileSync(prod, 'utf8').replace('  replicas: 2\n', '  replicas: 3\n'));
    git('add', 'app/stages.ts');
    const stale = hook();
    expect(stale.status).toBe(1);
    expect(stale.stdout).toContain('-  replicas: 2');
  });
});
