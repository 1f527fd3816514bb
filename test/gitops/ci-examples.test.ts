import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { copyProject, REPO } from '../support/project-copy';

const HOOK = path.join(REPO, 'docs', 'ci', 'pre-commit');

describe('the CI examples in docs/ci', () => {
  test('the GitHub Actions workflow installs with npm ci and runs dapr-secure check', () => {
    const workflow = parse(fs.readFileSync(path.join(REPO, 'docs', 'ci', 'dapr-secure-check.yml'), 'utf8'));
    const runs = workflow.jobs.check.steps.map((s: any) => s.run).filter(Boolean);
    expect(runs.slice(0, 2)).toEqual(['npm ci', 'npx dapr-secure check']);
    expect(workflow.on.pull_request).toBeNull();
    expect(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8')).toContain('(docs/ci/dapr-secure-check.yml)');
  });

  test('the pre-commit hook passes a clean project and refuses one whose dist/ was edited by hand', () => {
    expect(fs.statSync(HOOK).mode & 0o111).not.toBe(0);
    const dir = copyProject();
    const clean = spawnSync('sh', [HOOK], { cwd: dir, encoding: 'utf8' });
    expect({ status: clean.status, stderr: clean.stderr }).toEqual({ status: 0, stderr: '' });
    fs.appendFileSync(path.join(dir, 'dist', 'dev', 'kustomization.yaml'), '# edited\n');
    const drift = spawnSync('sh', [HOOK], { cwd: dir, encoding: 'utf8' });
    expect(drift.status).toBe(1);
    expect(drift.stdout).toContain('+++ b/dist/dev/kustomization.yaml');
    expect(drift.stderr).toContain('pre-commit: run `npm run synth`');
  });
});
