import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { REPO } from '../support/project-copy';

// The pre-commit hook of docs/ci runs in the end-to-end set (test/e2e/commands.e2e.ts): it runs git and the CLI.
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
});
