import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { copyProject, REPO } from '../support/project-copy';

const HOOK = path.join(REPO, 'docs', 'ci', 'pre-commit');

describe('the CI examples in docs/ci', () => {
  test('the GitHub Actions workflow installs with npm ci, type-checks, runs dapr-secure check and uploads the scan as SARIF', () => {
    const workflow = parse(fs.readFileSync(path.join(REPO, 'docs', 'ci', 'dapr-secure-check.yml'), 'utf8'));
    const runs = workflow.jobs.check.steps.map((s: any) => s.run).filter(Boolean);
    expect(runs.slice(0, 3)).toEqual(['npm ci', 'npx tsc --noEmit -p .', 'npx dapr-secure check']);
    expect(runs).toContain('npx dapr-secure scan --format sarif --output dapr-secure.sarif .');
    expect(workflow.jobs.check.steps.find((s: any) => s.uses?.startsWith('github/codeql-action/upload-sarif'))?.with).toEqual({ sarif_file: 'dapr-secure.sarif' });
    expect(workflow.on.pull_request).toBeNull();
    expect(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8')).toContain('(docs/ci/dapr-secure-check.yml)');
  });

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
