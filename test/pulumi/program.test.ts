import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { PROJECT } from './support/mock-runtime';

const REPO = path.resolve(__dirname, '..', '..');

// The program itself runs under Pulumi's own nodejs host in the end-to-end set (test/e2e/pulumi-host.e2e.ts).
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
