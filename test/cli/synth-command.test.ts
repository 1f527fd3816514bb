import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { makeCanary, scanTree, findLeaks } from '../../lib/scan';
import { copyProject, readTree, REPO } from '../support/project-copy';

function run(cwd: string, command: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
}

describe('synth commands (the README\'s first command)', () => {
  test('npm run synth rewrites dist/ byte-identical to the committed one and logs no secret', () => {
    const dir = copyProject();
    const canary = makeCanary('redis-password');
    const result = run(dir, 'npm', ['run', '-s', 'synth'], { REDIS_PASSWORD_PASSWORD: canary });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('dist/dev/task-api.k8s.yaml');
    expect(result.stdout).toContain('dist/prod/task-api.k8s.yaml');
    expect(readTree(path.join(dir, 'dist'))).toEqual(readTree(path.join(REPO, 'dist')));
    expect(findLeaks(result.stdout + result.stderr, { canary })).toEqual([]);
    expect(scanTree(path.join(dir, 'dist'), { canary })).toEqual([]);
  });

  test('npm run synth -- --stage prod rewrites only dist/prod/; an unknown stage is refused with the known ones', () => {
    const dir = copyProject();
    fs.rmSync(path.join(dir, 'dist', 'prod'), { recursive: true });
    fs.appendFileSync(path.join(dir, 'dist', 'dev', 'ACCESS.md'), 'kept\n');
    const result = run(dir, 'npm', ['run', '-s', 'synth', '--', '--stage', 'prod']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).not.toContain('dist/dev/');
    expect(readTree(path.join(dir, 'dist', 'prod'))).toEqual(readTree(path.join(REPO, 'dist', 'prod')));
    expect(fs.readFileSync(path.join(dir, 'dist', 'dev', 'ACCESS.md'), 'utf8')).toMatch(/kept\n$/);

    const before = readTree(path.join(dir, 'dist'));
    const unknown = run(dir, 'npm', ['run', '-s', 'synth', '--', '--stage', 'qa']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown stage "qa"; known stages: dev, prod');
    expect(readTree(path.join(dir, 'dist'))).toEqual(before);
  });

  test('npx cdk8s synth runs the same program through cdk8s.yaml, then the project\'s validation plugin', () => {
    const dir = copyProject();
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const result = run(dir, 'npx', ['cdk8s', 'synth', '--no-check-upgrade']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Validation Report (');
    expect(result.stdout).toContain('Validations ended succesfully');
    expect(result.stdout).toContain('dev/task-api.k8s.yaml');
    expect(readTree(path.join(dir, 'dist'))).toEqual(readTree(path.join(REPO, 'dist')));
    expect(readTree(path.join(dir, '.cdk8s.out'))).toEqual(readTree(path.join(REPO, 'dist')));
  });

  test('a failed synth exits non-zero with the construct path and leaves dist/ as it was', () => {
    const dir = copyProject();
    const before = readTree(path.join(dir, 'dist'));
    const program = path.join(dir, 'app', 'task-api.ts');
    fs.writeFileSync(program, fs.readFileSync(program, 'utf8').replace("const redisPassword = declare('redis-password', ['password']);", "const redisPassword = declare('redis-password', ['password']);\n    new DeclaredSecret(this, 'again', { name: 'redis-password', store, keys: ['password'] });"));
    const result = run(dir, 'npm', ['run', '-s', 'synth']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('synth failed; dist/ was left as it was.');
    // Every stage is tried and each one's problem reported.
    expect(result.stderr).toContain('stage dev:\n  [task-api/again] metadata.name: duplicate secret "Secret:task-api-dev/redis-password"');
    expect(result.stderr).toContain('stage prod:\n  [task-api/again] metadata.name: duplicate secret "Secret:default/redis-password"');
    expect(readTree(path.join(dir, 'dist'))).toEqual(before);
  });
});
