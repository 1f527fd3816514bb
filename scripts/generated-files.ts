/** What the generators (`npm run generate`) share: writing or checking their files, and running as a command. */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

/** The repository's root folder. */
export const REPO = resolve(__dirname, '..');

/**
 * Writes each file (path relative to the repository) whose content differs; with `check`, writes nothing
 * and says which differ instead. Returns how many differ.
 */
export function writeGenerated(files: ReadonlyMap<string, string>, check: boolean): number {
  let stale = 0;
  for (const [path, content] of files) {
    const target = join(REPO, path);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === content) continue;
    stale++;
    if (check) {
      console.error(`${path} is not what the generator writes; run npm run generate`);
    } else {
      writeFileSync(target, content);
      console.log(`wrote ${path}`);
    }
  }
  return stale;
}

/** Runs `main` with the command line when `module` is the script node started; a failure sets exit code 1. */
export function runScript(module: NodeModule, main: (argv: string[]) => void): void {
  if (require.main !== module) return;
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`generate failed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
