import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findLeaks, makeCanary } from '../../../lib/scan';
import { lockFileFor, withFileLock } from '../../../lib/secrets/sealed/file-lock';
import { tempDir } from './support/sealed';
import { thrown } from '../../support/errors';
import { neverRunningPid } from '../../support/processes';

describe('withFileLock', () => {
  test('holds <file>.lock (with its pid, host and time) while fn runs, returns its result and removes the lock', () => {
    const dir = tempDir('lock-');
    const file = path.join(dir, 'secrets', 'sealed.json');
    const lock = lockFileFor(file);
    expect(lock).toBe(`${file}.lock`);
    const result = withFileLock(file, () => {
      const holder = JSON.parse(fs.readFileSync(lock, 'utf8'));
      expect(holder).toEqual({ pid: process.pid, host: os.hostname(), since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      // exclusive: a second taker in the same process waits and gives up
      expect(() => withFileLock(file, () => 'inner', { timeoutMs: 50, retryMs: 10 })).toThrow('is locked by pid');
      return 42;
    });
    expect(result).toBe(42);
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });

  test('releases the lock when fn throws', () => {
    const file = path.join(tempDir('lock-'), 'sealed.json');
    expect(() => withFileLock(file, () => { throw new Error('inside'); })).toThrow('inside');
    expect(fs.existsSync(lockFileFor(file))).toBe(false);
  });

  test('waits while another process holds the lock, then takes it', async () => {
    const file = path.join(tempDir('lock-'), 'sealed.json');
    const lock = lockFileFor(file);
    const waiting = `${file}.waiting`;
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
    // Another process holds the lock until this one says it waits for it (onWait), then releases it.
    const releaser = spawn(process.execPath, ['-e', `const fs = require('fs');
      const poll = setInterval(() => { if (fs.existsSync(${JSON.stringify(waiting)})) { fs.rmSync(${JSON.stringify(lock)}); clearInterval(poll); } }, 10);`]);
    const released = new Promise((r) => releaser.on('close', r));
    await new Promise((r) => releaser.on('spawn', r));
    const onWait = jest.fn((held: string) => fs.writeFileSync(waiting, held));
    expect(withFileLock(file, () => fs.existsSync(lock), { timeoutMs: 60_000, retryMs: 20, onWait })).toBe(true);
    expect(onWait.mock.calls).toEqual([[lock]]);
    await released;
    expect(fs.existsSync(lock)).toBe(false);
  });

  test('a lock still held at the timeout: the error names the file, the lock file, a live holder, and how to remove a stale lock', () => {
    const file = path.join(tempDir('lock-'), 'sealed.json');
    const lock = lockFileFor(file);
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), since: '2026-01-02T03:04:05.000Z' }));
    const error = thrown(() => withFileLock(file, () => 'never', { timeoutMs: 100, retryMs: 10 }));
    expect(error.message).toBe(`${file} is locked by pid ${process.pid} on ${os.hostname()} since 2026-01-02T03:04:05.000Z: `
      + `the lock file ${lock} still exists after waiting 0.1 s. Another \`npx dapr-secure seal\` of the same file may be running: wait for it and try again. `
      + `If none is running (a seal was killed), the lock is stale: remove it with \`rm ${lock}\` and seal again`);
    expect(fs.existsSync(lock)).toBe(true);
  });

  test('a holder that is no longer running is called stale; the lock is still left to the user', () => {
    const file = path.join(tempDir('lock-'), 'sealed.json');
    const lock = lockFileFor(file);
    const dead = neverRunningPid();
    fs.writeFileSync(lock, JSON.stringify({ pid: dead, host: os.hostname(), since: '2026-01-02T03:04:05.000Z' }));
    expect(() => withFileLock(file, () => 'never', { timeoutMs: 50 })).toThrow(`is locked by pid ${dead} on ${os.hostname()} since 2026-01-02T03:04:05.000Z (that process is no longer running, so the lock is stale)`);
    expect(fs.existsSync(lock)).toBe(true);
  });

  test('an empty or foreign lock file is reported without its content', () => {
    const file = path.join(tempDir('lock-'), 'sealed.json');
    const lock = lockFileFor(file);
    const canary = makeCanary('lock-content');
    for (const content of ['', canary, JSON.stringify({ pid: 1, host: canary, since: 'x' })]) {
      fs.writeFileSync(lock, content);
      const error = thrown(() => withFileLock(file, () => 'never', { timeoutMs: 30 }));
      expect(error.message.startsWith(`${file} is locked: the lock file ${lock} still exists`)).toBe(true);
      expect(findLeaks(error.message, { canary })).toEqual([]);
    }
  });
});
