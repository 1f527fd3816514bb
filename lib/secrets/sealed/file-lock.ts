import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** How long to wait for a lock that another process holds. */
export interface FileLockOptions {
  /**
   * Give up after this many milliseconds.
   * @default DEFAULT_LOCK_TIMEOUT_MS
   */
  readonly timeoutMs?: number;
  /**
   * Wait about this long between attempts (with jitter, so waiting processes do not retry in step).
   * @default 50
   */
  readonly retryMs?: number;
  /**
   * Called once, when the lock is first found held by another process (for example to tell the user what
   * the command is waiting for).
   * @default - nothing is called
   */
  readonly onWait?: (lock: string) => void;
}

/** How long `seal` waits for another `seal` of the same file: it holds the lock for milliseconds. */
export const DEFAULT_LOCK_TIMEOUT_MS = 5000;

/** The lock file that guards `file`: `<file>.lock`, in the same folder. */
export function lockFileFor(file: string): string {
  return `${path.resolve(file)}.lock`;
}

/**
 * Runs `fn` while holding an exclusive lock on `file`: the lock file {@link lockFileFor}(file), created
 * with `O_CREAT | O_EXCL` (`'wx'`), so exactly one process at a time holds it, on every local file system.
 * When another process holds it, retries until `timeoutMs` and then throws an error that names the lock
 * file, who took it and how to remove a stale one. The lock is always released, also when `fn` throws.
 * The lock file holds only the pid, host and time of the holder.
 *
 * @param display how to show paths in messages (default: as they are)
 */
export function withFileLock<T>(file: string, fn: () => T, options: FileLockOptions = {}, display: (p: string) => string = (p) => p): T {
  const lock = lockFileFor(file);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const retryMs = Math.max(1, options.retryMs ?? 50);
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let fd: number | undefined;
  let waited = false;
  for (;;) {
    try {
      fd = fs.openSync(lock, 'wx', 0o644);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new Error(`cannot create the lock file ${display(lock)}: ${code ?? (e as Error).message}. `
          + `Fix: make the folder ${display(path.dirname(lock))} writable`);
      }
      if (Date.now() >= deadline) throw new Error(heldMessage(lock, file, timeoutMs, display));
      if (!waited) {
        waited = true;
        options.onWait?.(lock);
      }
      sleep(retryMs / 2 + Math.random() * retryMs);
    }
  }
  try {
    try {
      fs.writeSync(fd, `${JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() })}\n`);
    } catch {
      // The holder's details are only for messages; the lock holds without them.
    }
    return fn();
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}

function heldMessage(lock: string, file: string, timeoutMs: number, display: (p: string) => string): string {
  const holder = readHolder(lock);
  let who = '';
  if (holder) {
    who = ` by pid ${holder.pid} on ${holder.host} since ${holder.since}`;
    if (holder.host === os.hostname() && !isRunning(holder.pid)) who += ' (that process is no longer running, so the lock is stale)';
  }
  return `${display(file)} is locked${who}: the lock file ${display(lock)} still exists after waiting ${timeoutMs / 1000} s. `
    + 'Another `npx dapr-secure seal` of the same file may be running: wait for it and try again. '
    + `If none is running (a seal was killed), the lock is stale: remove it with \`rm ${shellPath(display(lock))}\` and seal again`;
}

/** The holder recorded in the lock file, when it is well-formed; nothing else of the file is shown. */
function readHolder(lock: string): { pid: number; host: string; since: string } | undefined {
  try {
    const text = fs.readFileSync(lock, 'utf8');
    if (text.length > 512) return undefined;
    const data = JSON.parse(text);
    if (Number.isInteger(data?.pid) && data.pid > 0 && typeof data.host === 'string' && /^[A-Za-z0-9._-]{1,253}$/.test(data.host)
      && typeof data.since === 'string' && !Number.isNaN(Date.parse(data.since)) && /^[0-9T:.Z-]+$/.test(data.since)) {
      return { pid: data.pid, host: data.host, since: data.since };
    }
  } catch {
    // unreadable, empty (the holder was killed before writing) or not ours: say nothing about the holder
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks for `ms` milliseconds (the CLI has nothing else to do while it waits). */
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function shellPath(p: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
