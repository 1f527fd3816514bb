import * as fs from 'fs';

/**
 * A process id that no process can have, so a lock "held" by it is stale on every run: above the kernel's
 * `pid_max` on Linux (at most 2^22), and above macOS's 99999. A pid of a process that has exited could be
 * given to a new process before the test reads it.
 */
export function neverRunningPid(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()) + 1;
  } catch {
    return 2 ** 22 + 1;
  }
}
