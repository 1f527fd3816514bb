/**
 * Test helpers for sealed delivery: temp folders, a controller key pair written as a certificate file
 * (the private key stays in memory), fake but well-formed ciphertext for snapshots, and an in-process
 * runner for the CLI with a fake stdin.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { main } from '../../../../lib/cli/main';
import { SealedFile, serializeSealedFile } from '../../../../lib/secrets/sealed/sealed-file';
import { SealingScope } from '../../../../lib/secrets/sealing';
import { rsaController, TestController } from '../../sealing/support/keys';

/** A fresh temporary folder. */
export function tempDir(prefix = 'sealed-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A controller whose certificate is written to `<dir>/cert.pem`; the private key is never written. */
export interface ControllerOnDisk extends TestController {
  readonly certFile: string;
}

/** A fresh RSA controller with its certificate in `dir`. */
export function controllerIn(dir: string, notAfter?: Date): ControllerOnDisk {
  const controller = rsaController(notAfter);
  const certFile = path.join(dir, notAfter ? `cert-${notAfter.getTime()}.pem` : 'cert.pem');
  fs.writeFileSync(certFile, controller.certificatePem);
  return { ...controller, certFile };
}

/** Deterministic bytes from a seed. */
function bytesFrom(seed: string, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < length; i++) out.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(out).subarray(0, length);
}

/** A well-formed but fake kubeseal value (RSA-4096 length prefix), the same for the same seed. */
export function fakeCiphertext(seed: string): string {
  const prefix = Buffer.from([0x02, 0x00]);
  return Buffer.concat([prefix, bytesFrom(`rsa:${seed}`, 512), bytesFrom(`aes:${seed}`, 40)]).toString('base64');
}

/** A fake certificate fingerprint, the same for the same seed. */
export function fakeFingerprint(seed: string): string {
  return createHash('sha256').update(`cert:${seed}`).digest('hex');
}

/** Writes a sealed file with fake ciphertext: `{ 'ns/name': { scope, keys } }`. */
export function writeFakeSealedFile(file: string, entries: Record<string, { scope?: SealingScope; keys: string[]; cert?: string }>): SealedFile {
  const sealed: SealedFile = {
    version: 1,
    entries: Object.fromEntries(Object.entries(entries).map(([id, e]) => [id, {
      scope: e.scope ?? SealingScope.STRICT,
      keys: Object.fromEntries(e.keys.map((k) => [k, { certificateFingerprint: e.cert ?? fakeFingerprint('test'), ciphertext: fakeCiphertext(`${id}:${k}`) }])),
    }])),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, serializeSealedFile(sealed));
  return sealed;
}

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `main(argv)` in-process with `stdin` as the fake stdin. */
export async function runCli(argv: string[], options: { stdin?: string | Buffer; env?: Record<string, string>; cwd?: string; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.isBuffer(options.stdin) ? options.stdin : Buffer.from(options.stdin, 'utf8')]);
  if (options.tty) (stdin as any).isTTY = true;
  const code = await main(argv, {
    stdin,
    stdout: { write: (t: string) => { stdout += t; return true; } },
    stderr: { write: (t: string) => { stderr += t; return true; } },
    env: options.env ?? {},
    cwd: options.cwd ?? tempDir('cwd-'),
  });
  return { code, stdout, stderr };
}

/** The `seal` arguments for one key. */
export function sealArgs(o: { cert: string; file: string; namespace?: string; secret: string; key: string; extra?: string[] }): string[] {
  return ['seal', '--cert', o.cert, '--file', o.file, '--namespace', o.namespace ?? 'default', '--secret', o.secret, '--key', o.key, ...(o.extra ?? [])];
}
