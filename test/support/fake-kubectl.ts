import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The real kubectl on this machine (it works offline for `create --dry-run=client`). */
export function realKubectl(): string {
  return execFileSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
}

/**
 * Runs a create-secrets script against a fake kubectl: `create` goes to the real kubectl (offline,
 * `--dry-run=client`), `apply -f -` records the piped manifest instead of reaching a cluster, and every
 * command line is logged so tests can prove no value travels through argv.
 */
export function runCreateSecretsScript(script: string, env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'create-secrets-'));
  const fake = path.join(dir, 'kubectl');
  fs.writeFileSync(fake, [
    '#!/usr/bin/env bash',
    'printf "%s\\n" "$*" >> "$FAKE_DIR/argv.log"',
    'if [ "$1" = "apply" ]; then cat >> "$FAKE_DIR/applied.yaml"; printf -- "---\\n" >> "$FAKE_DIR/applied.yaml"; exit 0; fi',
    `exec ${realKubectl()} "$@"`,
  ].join('\n'), { mode: 0o755 });
  const scriptPath = path.join(dir, 'create-secrets.sh');
  fs.writeFileSync(scriptPath, script, { mode: 0o755 });
  const result = spawnSync('bash', [scriptPath], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: path.join(dir, 'none'), KUBECTL: fake, FAKE_DIR: dir, ...env },
    encoding: 'utf8',
  });
  const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : '');
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, applied: read('applied.yaml'), argv: read('argv.log'), dir };
}
