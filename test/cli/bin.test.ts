import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { copyProject } from '../support/project-copy';

describe('bin/ in the project\'s own checkout', () => {
  test('runs the lib/ sources the programs import, even when build/ exists (one copy of the library per process)', () => {
    const dir = copyProject();
    const poisoned = "throw new Error('the compiled copy was loaded');\n";
    for (const file of ['build/lib/cli/main.js', 'build/lib/gitops/cdk8s-validation.js']) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), poisoned);
    }
    const run = spawnSync(process.execPath, [path.join(dir, 'bin', 'dapr-secure.js'), 'env', '--stage', 'dev'], { cwd: dir, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('dev/create-secrets.sh reads:');
    const plugin = spawnSync(process.execPath, ['-e', `console.log(typeof require(${JSON.stringify(path.join(dir, 'bin', 'cdk8s-validation.js'))}).DaprSecureValidation)`], { cwd: dir, encoding: 'utf8' });
    expect({ status: plugin.status, stdout: plugin.stdout.trim() }).toEqual({ status: 0, stdout: 'function' });
  });

  test('a reader that closes the pipe early ends the command quietly (no EPIPE stack trace)', () => {
    // `true` exits before node has started, so every write of the command meets a closed pipe.
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${path.resolve(__dirname, '..', '..', 'bin', 'dapr-secure.js')}" --help | true`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
  });
});
