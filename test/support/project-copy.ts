import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..');

/**
 * Copies the program to a temp folder, so commands can run there without touching the checkout. `lib` and
 * `node_modules`, which no test changes, are links: Node, tsx and Jest resolve a linked module to its real
 * path, so a program run in the copy loads the checkout's library (already compiled, in Jest's cache and
 * tsx's) instead of compiling a copy of it.
 */
export function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'project-'));
  for (const entry of ['package.json', 'tsconfig.json', 'cdk8s.yaml', 'main.ts', 'app', 'dist', 'Pulumi.yaml', 'pulumi', 'secrets', 'bin']) {
    const from = path.join(REPO, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
  for (const linked of ['lib', 'node_modules']) fs.symlinkSync(path.join(REPO, linked), path.join(dir, linked));
  return dir;
}

/** Every file under `dir` with its contents. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
