import * as os from 'os';
import { Readable } from 'stream';
import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { findLeaks, makeCanary, scanFiles, scanTree } from '../../lib/scan';
import { readSealedFile } from '../../lib/secrets/sealed/sealed-file';
import { SealingScope, sealingLabel } from '../../lib/secrets/sealing';
import { main } from '../../lib/cli/main';
import { lockFileFor } from '../../lib/secrets/sealed/file-lock';
import { parseSealingCertificate } from '../../lib/secrets/sealing/certificate';
import { synthesize } from '../../lib/synth/synthesize';
import { validateManifests } from '../../lib/validation';
import { SECRETS_FINGERPRINT_ANNOTATION } from '../../lib/workloads/dapr-app';
import { ecController } from '../secrets/sealing/support/keys';
import { unsealValue } from '../secrets/sealing/support/unseal';
import { controllerIn, ControllerOnDisk, runCli, sealArgs, tempDir } from '../secrets/sealed/support/sealed';
import { neverRunningPid } from '../support/processes';
import { copyProject, REPO } from '../support/project-copy';
import { writeProgram } from './support/seal-program';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Builds the program's app fresh (the module reads the sealed file when the app is built). */
function buildProgram(program: string): App {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(program).buildApp();
}

interface Setup {
  readonly dir: string;
  readonly file: string;
  readonly program: string;
  readonly controller: ControllerOnDisk;
}

let controller: ControllerOnDisk;
beforeAll(() => {
  controller = controllerIn(tempDir('controller-'));
});

function setup(scope?: SealingScope): Setup {
  const dir = tempDir('seal-');
  const file = path.join(dir, 'secrets', 'sealed.json');
  return { dir, file, program: writeProgram(dir, file, scope), controller };
}

describe('dapr-secure seal: round trip through the CLI, synth and the controller key', () => {
  test('values from stdin and from --from-env decrypt from the synthesized SealedSecrets; no canary leaks anywhere', async () => {
    const s = setup();
    const values = { username: makeCanary('db-username'), password: makeCanary('db-password'), token: makeCanary('api-token') };
    const outputs: string[] = [];
    const base = { cert: s.controller.certFile, file: s.file };

    let run = await runCli([...sealArgs({ ...base, namespace: 'shop', secret: 'db', key: 'username' }), '--app', s.program], { stdin: `${values.username}\n` });
    outputs.push(run.stdout, run.stderr);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^sealed key "username" of shop\/db \(scope strict, certificate sha256:[0-9a-f]{16}…\) into /);

    run = await runCli([...sealArgs({ ...base, namespace: 'shop', secret: 'db', key: 'password' }), '--app', s.program, '--from-env', 'DB_PASSWORD'], { env: { DB_PASSWORD: values.password } });
    outputs.push(run.stdout, run.stderr);
    expect(run.code).toBe(0);

    run = await runCli([...sealArgs({ ...base, namespace: 'shop', secret: 'api', key: 'token' }), `--app=${s.program}`], { stdin: values.token });
    outputs.push(run.stdout, run.stderr);
    expect(run.code).toBe(0);

    const outdir = path.join(s.dir, 'dist');
    const files = synthesize(buildProgram(s.program), { outdir });
    const objects = parseAllDocuments(files.find((f) => f.path === 'shop.k8s.yaml')!.content).map((d) => d.toJS());
    expect(validateManifests(objects)).toEqual([]);

    const decrypt = (name: string, key: string, label = sealingLabel(SealingScope.STRICT, 'shop', name)) => {
      const sealed = objects.find((o) => o.kind === 'SealedSecret' && o.metadata.name === name);
      return unsealValue(s.controller.privateKey, sealed.spec.encryptedData[key], label).toString('utf8');
    };
    expect(decrypt('db', 'username')).toBe(values.username); // the trailing newline from stdin was removed
    expect(decrypt('db', 'password')).toBe(values.password);
    expect(decrypt('api', 'token')).toBe(values.token);
    // bound to the name and namespace: another label fails
    expect(() => decrypt('db', 'username', 'shop/api')).toThrow();
    expect(() => decrypt('db', 'username', 'other/db')).toThrow();
    expect(() => decrypt('db', 'username', 'shop')).toThrow();

    expect(scanTree(outdir, values)).toEqual([]);
    expect(scanTree(path.dirname(s.file), values)).toEqual([]);
    expect(scanFiles(s.file, values)).toEqual([]);
    expect(findLeaks(outputs.join('\n'), values)).toEqual([]);
  });

  test('re-sealing changes the ciphertext, the fingerprint and the pod annotation; nothing else in the output changes', async () => {
    const s = setup();
    const value = makeCanary('reseal');
    const seal = (key: string) => runCli([...sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key }), '--app', s.program], { stdin: value });
    for (const key of ['username', 'password']) expect((await seal(key)).code).toBe(0);
    expect((await runCli([...sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'api', key: 'token' })], { stdin: value })).code).toBe(0);

    const synth = () => Testing.synth(buildProgram(s.program).node.findChild('shop') as any);
    const annotation = (objects: any[]) => objects.find((o) => o.kind === 'Deployment').spec.template.metadata.annotations[SECRETS_FINGERPRINT_ANNOTATION];
    const first = synth();
    expect(synth()).toEqual(first);
    const before = readSealedFile(s.file);

    expect((await seal('password')).code).toBe(0);
    const after = readSealedFile(s.file);
    expect(after.entries['shop/db'].keys.password.ciphertext).not.toBe(before.entries['shop/db'].keys.password.ciphertext);
    expect(after.entries['shop/db'].keys.username).toEqual(before.entries['shop/db'].keys.username);
    expect(after.entries['shop/api']).toEqual(before.entries['shop/api']);

    const second = synth();
    expect(annotation(second)).not.toBe(annotation(first));
    const strip = (objects: any[]) => JSON.parse(JSON.stringify(objects), (k, v) => (k === SECRETS_FINGERPRINT_ANNOTATION || k === 'password' ? undefined : v));
    expect(strip(second)).toEqual(strip(first));
  });

  test('stdin: exactly one trailing newline (LF or CRLF) is removed; --keep-newline keeps it', async () => {
    const s = setup();
    const args = (key: string, extra: string[] = []) => [...sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key }), ...extra];
    const label = sealingLabel(SealingScope.STRICT, 'shop', 'db');
    const unseal = (key: string) => unsealValue(s.controller.privateKey, readSealedFile(s.file).entries['shop/db'].keys[key].ciphertext, label).toString('utf8');
    expect((await runCli(args('username'), { stdin: 'line-one\n\n' })).code).toBe(0);
    expect(unseal('username')).toBe('line-one\n');
    expect((await runCli(args('password'), { stdin: 'with-crlf\r\n' })).code).toBe(0);
    expect(unseal('password')).toBe('with-crlf');
    expect((await runCli(args('password', ['--keep-newline']), { stdin: 'kept\n' })).code).toBe(0);
    expect(unseal('password')).toBe('kept\n');
  });
});

describe('dapr-secure seal: refusals', () => {
  test.each([
    ['--value=<v>', (v: string) => [`--value=${v}`]],
    ['--value <v>', (v: string) => ['--value', v]],
    ['--from-literal=<v>', (v: string) => [`--from-literal=${v}`]],
    ['--password <v>', (v: string) => ['--password', v]],
    ['--secret-value <v>', (v: string) => ['--secret-value', v]],
    ['a positional <v>', (v: string) => [v]],
  ])('a value on the command line (%s) is refused, explained and never echoed', async (_what, extra) => {
    const s = setup();
    const canary = makeCanary('argv');
    const run = await runCli([...sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key: 'password' }), ...extra(canary)], { stdin: 'unused' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('secret values are never taken from the command line: arguments are saved in shell history');
    expect(run.stderr).toContain('Fix: pipe the value on stdin');
    expect(run.stderr).toContain('--from-env NAME');
    expect(findLeaks(run.stdout + run.stderr, { canary })).toEqual([]);
    expect(fs.existsSync(s.file)).toBe(false);
  });

  test.each([
    ['empty stdin', { stdin: '' }, [], 'no value on stdin. Fix: pipe the value in'],
    ['only a newline on stdin', { stdin: '\n' }, [], 'no value on stdin'],
    ['an unset variable', { env: {} }, ['--from-env', 'DB_PASSWORD'], 'environment variable DB_PASSWORD is not set. Fix: export DB_PASSWORD first'],
    ['an empty variable', { env: { DB_PASSWORD: '' } }, ['--from-env', 'DB_PASSWORD'], 'environment variable DB_PASSWORD is empty'],
    ['a terminal on stdin', { tty: true, stdin: 'typed' }, [], 'refusing to read the value from a terminal, where it would be echoed on screen'],
  ])('a missing value: %s', async (_what, io, extra, message) => {
    const s = setup();
    const run = await runCli([...sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key: 'password' }), ...extra], io as any);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`dapr-secure seal: error: ${message}`);
    expect(fs.existsSync(s.file)).toBe(false);
  });

  test('--from-env takes a variable name; anything else is refused without being echoed', async () => {
    const s = setup();
    const canary = makeCanary('from-env');
    const run = await runCli([...sealArgs({ cert: s.controller.certFile, file: s.file, secret: 'db', key: 'password' }), '--from-env', canary]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from-env takes the NAME of an environment variable');
    expect(findLeaks(run.stderr, { canary })).toEqual([]);
  });

  test('an EC certificate, a private key and a missing certificate are refused', async () => {
    const s = setup();
    const ec = path.join(s.dir, 'ec.pem');
    fs.writeFileSync(ec, ecController().certificatePem);
    let run = await runCli(sealArgs({ cert: ec, file: s.file, secret: 'db', key: 'password' }), { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sealing certificate key type is ec, but sealed secrets needs an rsa key: fetch the controller certificate with `kubeseal --fetch-cert`');

    const key = path.join(s.dir, 'key.pem');
    // A PEM private key block (with a dummy body: no real key is ever written to disk), then the certificate.
    // The PEM label is assembled at run time so the repository never holds a private-key block.
    const label = ['PRIVATE', 'KEY'].join(' ');
    fs.writeFileSync(key, `-----BEGIN ${label}-----\n${Buffer.alloc(48, 1).toString('base64')}\n-----END ${label}-----\n${s.controller.certificatePem}`);
    run = await runCli(sealArgs({ cert: key, file: s.file, secret: 'db', key: 'password' }), { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('contains a private key: never pass private keys here');
    fs.rmSync(key);

    run = await runCli(sealArgs({ cert: path.join(s.dir, 'none.pem'), file: s.file, secret: 'db', key: 'password' }), { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot read the certificate');
    expect(fs.existsSync(s.file)).toBe(false);
  });

  test('an expired certificate is refused like kubeseal does, unless --allow-expired, which warns loudly', async () => {
    const s = setup();
    const expired = controllerIn(s.dir, new Date(Date.now() - YEAR_MS));
    const args = sealArgs({ cert: expired.certFile, file: s.file, namespace: 'shop', secret: 'db', key: 'password' });
    let run = await runCli(args, { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: the certificate .* expired on \d{4}-\d\d-\d\dT.*kubeseal refuses expired certificates/);
    expect(run.stderr).toContain('Fix: fetch its current certificate with `kubeseal --fetch-cert > cert.pem` and seal again; '
      + 'or, if you know the controller still holds this key (it keeps its old keys, so it can still unseal what they sealed), pass --allow-expired to seal anyway');
    expect(fs.existsSync(s.file)).toBe(false);

    run = await runCli([...args, '--allow-expired'], { stdin: 'x-value' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('*** WARNING: the certificate');
    expect(run.stderr).toContain('Sealing anyway because of --allow-expired. ***');
    const sealed = readSealedFile(s.file).entries['shop/db'].keys.password.ciphertext;
    expect(unsealValue(expired.privateKey, sealed, 'shop/db').toString('utf8')).toBe('x-value');
  });

  test('a key or a secret the program does not declare is refused when the program is known', async () => {
    const s = setup();
    let run = await runCli([...sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key: 'pasword' }), '--app', s.program], { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: secret shop/db (shop/db) declares no key "pasword" (declared: username, password). Fix: seal one of the declared keys, or add "pasword" to the secret\'s keys in the program first');

    run = await runCli([...sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'default', secret: 'db', key: 'password' }), '--app', s.program], { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: ${s.program} declares no secret default/db (declared: shop/api, shop/db). Fix: check --namespace and --secret`);
    expect(fs.existsSync(s.file)).toBe(false);
  });

  test('the program may be named in package.json; without any program the key is sealed with a warning', async () => {
    const s = setup();
    fs.writeFileSync(path.join(s.dir, 'package.json'), JSON.stringify({ name: 'x', 'dapr-secure': { app: 'program.ts#buildApp' } }));
    let run = await runCli(sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key: 'nope' }), { stdin: 'x-value', cwd: s.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('declares no key "nope"');

    fs.rmSync(path.join(s.dir, 'package.json'));
    run = await runCli(sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key: 'nope' }), { stdin: 'x-value', cwd: s.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: "nope" is not checked against the program\'s declarations; pass --app <module> or set "dapr-secure": { "app": "<module>" } in package.json. Synth still rejects keys the secret does not declare.');
    // ...and synth does
    expect(() => Testing.synth(buildProgram(s.program).node.findChild('shop') as any)).toThrow(`[shop/db] keys: ${s.file} holds a sealed value for key "nope" of "shop/db", which the secret does not declare`);
  });

  test('the program\'s sealed delivery supplies the default file and scope, and contradicting flags are refused', async () => {
    const s = setup(SealingScope.NAMESPACE_WIDE);
    const args = ['seal', '--cert', s.controller.certFile, '--namespace', 'shop', '--secret', 'api', '--key', 'token', '--app', s.program];
    let run = await runCli(args, { stdin: 'x-value' });
    expect(run.code).toBe(0);
    const entry = readSealedFile(s.file).entries['shop/api'];
    expect(entry.scope).toBe('namespace-wide');
    expect(unsealValue(s.controller.privateKey, entry.keys.token.ciphertext, 'shop').toString('utf8')).toBe('x-value');

    run = await runCli([...args, '--scope', 'strict'], { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('shop/api unseals shop/api with scope namespace-wide, so a value sealed for strict would not decrypt. Fix: pass --scope namespace-wide, or leave --scope out');

    run = await runCli([...args, '--file', path.join(s.dir, 'other.json')], { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`reads its sealed values from ${s.file}, not ${path.join(s.dir, 'other.json')}. Fix: pass --file ${s.file}, or leave --file out`);
  });

  test('every key of a secret shares one scope', async () => {
    const s = setup();
    const args = (key: string, scope: string) => [...sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key }), '--scope', scope];
    expect((await runCli(args('username', 'strict'), { stdin: 'x-value' })).code).toBe(0);
    const run = await runCli(args('password', 'cluster-wide'), { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('entry "shop/db" holds keys sealed for scope "strict" (username), and all keys of a SealedSecret share one scope');
  });

  test('bad names and usage mistakes exit 2 with the usage', async () => {
    const s = setup();
    for (const [args, message] of [
      [sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'Shop', secret: 'db', key: 'k' }), '--namespace "Shop" is not a DNS-1123 label'],
      [sealArgs({ cert: s.controller.certFile, file: s.file, secret: 'db', key: 'a key' }), '--key "a key" is not a valid Secret key'],
      [sealArgs({ cert: s.controller.certFile, file: s.file, secret: 'db', key: 'k', extra: ['--scope', 'global'] }), '--scope must be one of strict, namespace-wide, cluster-wide'],
      [['seal', '--namespace', 'shop', '--secret', 'db', '--key', 'k'], '--cert is required'],
      [['seal', '--cert', s.controller.certFile, '--cert', 'x'], '--cert is given twice'],
      [['seal', '--verbose'], 'unknown option --verbose'],
    ] as const) {
      const run = await runCli([...args], { stdin: 'x-value' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('usage: npx dapr-secure seal --namespace <ns> --secret <name> --key <key>');
    }
    const typedValue = makeCanary('typed-as-command');
    const unknown = await runCli([typedValue]);
    expect(unknown.code).toBe(2);
    expect(findLeaks(unknown.stderr, { typedValue })).toEqual([]);
    expect((await runCli(['seal', '--help'])).stdout).toContain('It is never taken from an argument');
  });

  test('a failed write leaves the previous sealed file intact', async () => {
    const s = setup();
    const args = (key: string) => sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key });
    expect((await runCli(args('username'), { stdin: 'first-value' })).code).toBe(0);
    const before = fs.readFileSync(s.file, 'utf8');
    const nodeFs: typeof fs = require('fs');
    const real = nodeFs.writeSync;
    const spy = jest.spyOn(nodeFs, 'writeSync').mockImplementation(((fd: number, buffer: Buffer) => {
      real(fd, buffer, 0, 100);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as any);
    let run;
    try {
      run = await runCli(args('password'), { stdin: 'second-value' });
    } finally {
      spy.mockRestore();
    }
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: ENOSPC: no space left on device');
    expect(fs.readFileSync(s.file, 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(s.file))).toEqual(['sealed.json']);
  });
});

describe('dapr-secure seal --app <module>#<export>', () => {
  test('seals from stdin into the default secrets/sealed.json of the project, checked against app/task-api.ts#buildTaskApiApp', async () => {
    // A project whose app/ is the repository's, so the module is the one every other test loads.
    const dir = tempDir('seal-app-');
    fs.symlinkSync(path.join(REPO, 'app'), path.join(dir, 'app'));
    fs.writeFileSync(path.join(dir, 'controller.pem'), controller.certificatePem);
    const canary = makeCanary('app-stdin');
    const result = await runCli(['seal', '--cert', 'controller.pem', '--namespace', 'default', '--secret', 'redis-password', '--key', 'password', '--app', 'app/task-api.ts#buildTaskApiApp'],
      { cwd: dir, stdin: `${canary}\n` });
    expect(result.stderr).toBe('note: task-api/redis-password uses out-of-band delivery; the sealed value is used once the program chooses sealed delivery for it.\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('into secrets/sealed.json');
    const sealed = readSealedFile(path.join(dir, 'secrets', 'sealed.json'));
    expect(Object.keys(sealed.entries)).toEqual(['default/redis-password']);
    expect(unsealValue(controller.privateKey, sealed.entries['default/redis-password'].keys.password.ciphertext, 'default/redis-password').toString('utf8')).toBe(canary);
    expect(findLeaks(result.stdout + result.stderr, { canary })).toEqual([]);
    expect(scanTree(path.join(dir, 'secrets'), { canary })).toEqual([]);
  });
});

const fingerprintOf = (certFile: string) => parseSealingCertificate(fs.readFileSync(certFile, 'utf8')).fingerprint;

describe('dapr-secure seal: the certificate the program declares', () => {
  function setupWithCert(): Setup & { certFile: string } {
    const dir = tempDir('seal-cert-');
    const file = path.join(dir, 'secrets', 'sealed.json');
    const certFile = path.join(dir, 'secrets', 'sealing-cert.pem');
    fs.mkdirSync(path.dirname(certFile), { recursive: true });
    fs.copyFileSync(controller.certFile, certFile);
    return { dir, file, certFile, program: writeProgram(dir, file, SealingScope.STRICT, certFile), controller };
  }
  const args = (s: Setup, extra: string[] = []) => ['seal', '--namespace', 'shop', '--secret', 'db', '--key', 'password', '--app', s.program, ...extra];

  test('--cert defaults to the declared certificate, and synth accepts the value', async () => {
    const s = setupWithCert();
    const run = await runCli(args(s), { stdin: 'x-value' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const sealed = readSealedFile(s.file).entries['shop/db'].keys.password;
    expect(sealed.certificateFingerprint).toBe(fingerprintOf(s.certFile));
    expect(unsealValue(controller.privateKey, sealed.ciphertext, 'shop/db').toString('utf8')).toBe('x-value');
    // synth checks every key against the declared certificate: only the missing keys are reported
    let message = '';
    try {
      Testing.synth(buildProgram(s.program).node.findChild('shop') as any);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('no sealed value for key "username"');
    expect(message).not.toContain('was sealed with certificate');
  });

  test('--cert naming a copy of the declared certificate is accepted', async () => {
    const s = setupWithCert();
    const copy = path.join(s.dir, 'copy.pem');
    fs.copyFileSync(s.certFile, copy);
    expect((await runCli(args(s, ['--cert', copy]), { stdin: 'x-value' })).code).toBe(0);
    expect(readSealedFile(s.file).entries['shop/db'].keys.password.certificateFingerprint).toBe(fingerprintOf(s.certFile));
  });

  test('--cert naming another certificate is refused with both fingerprints and paths, and the file is left alone', async () => {
    const s = setupWithCert();
    const other = controllerIn(tempDir('other-controller-'));
    const run = await runCli(args(s, ['--cert', other.certFile]), { stdin: 'x-value' });
    expect(run.code).toBe(1);
    const given = fingerprintOf(other.certFile).slice(0, 16);
    const declared = fingerprintOf(s.certFile).slice(0, 16);
    expect(run.stderr).toContain(`error: --cert ${other.certFile} (sha256:${given}…) is not the certificate shop/db declares, ${s.certFile} (sha256:${declared}…), `
      + 'so synth would reject the value as sealed with the wrong certificate. Fix: if the controller\'s certificate changed, replace the declared file with it '
      + `(\`kubeseal --fetch-cert > ${s.certFile}\`, or \`cp ${other.certFile} ${s.certFile}\`) and seal every key again; otherwise pass --cert ${s.certFile}, or leave --cert out`);
    expect(fs.existsSync(s.file)).toBe(false);
  });

  test('without --cert, a program that declares no certificate is a usage error that says how to declare one', async () => {
    const s = setup();
    const run = await runCli(['seal', '--namespace', 'shop', '--secret', 'db', '--key', 'password', '--app', s.program], { stdin: 'x-value' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: --cert is required (the controller's public certificate, from `kubeseal --fetch-cert`): shop/db declares no certificate. "
      + "Fix: pass --cert, or declare it in the program, as in SecretDelivery.sealed({ certificate: 'secrets/sealing-cert.pem' }), and leave --cert out");
    expect(fs.existsSync(s.file)).toBe(false);
  });

  test('a declared certificate that does not exist is an error naming it', async () => {
    const s = setupWithCert();
    fs.rmSync(s.certFile);
    const run = await runCli(args(s), { stdin: 'x-value' });
    expect(run.code).toBe(1);
    // the program's delivery reads it when the app is built, so the error is the delivery's
    expect(run.stderr).toContain(`error: [shop/db] delivery: cannot read the certificate ${s.certFile} (the certificate option): ENOENT. `
      + `Fix: put the controller's certificate there with \`kubeseal --fetch-cert > ${s.certFile}\`, or correct the certificate option`);
  });

  test('an expired declared certificate is refused with the --allow-expired escape explained, and the fetch command names the declared file', async () => {
    const s = setupWithCert();
    const expired = controllerIn(tempDir('expired-'), new Date(Date.now() - YEAR_MS));
    fs.copyFileSync(expired.certFile, s.certFile);
    let run = await runCli(args(s), { stdin: 'x-value' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Fix: fetch its current certificate with \`kubeseal --fetch-cert > ${s.certFile}\` and seal again; or, if you know the controller still holds this key`);
    expect(run.stderr).toContain('pass --allow-expired to seal anyway');
    run = await runCli(args(s, ['--allow-expired']), { stdin: 'x-value' });
    expect(run.code).toBe(0);
    expect(unsealValue(expired.privateKey, readSealedFile(s.file).entries['shop/db'].keys.password.ciphertext, 'shop/db').toString('utf8')).toBe('x-value');
  });
});

describe('dapr-secure seal: run from a subdirectory of the project', () => {
  /** A project in `dir` whose program uses paths relative to the project, as app/task-api.ts does. */
  function project(): string {
    const dir = tempDir('seal-project-');
    fs.mkdirSync(path.join(dir, 'secrets'));
    fs.copyFileSync(controller.certFile, path.join(dir, 'secrets', 'sealing-cert.pem'));
    writeProgram(dir, 'secrets/sealed.json', SealingScope.STRICT, 'secrets/sealing-cert.pem');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'shop', 'dapr-secure': { app: 'program.ts#buildApp' } }));
    // A nearer package.json without the field (a nested package) does not hide the project.
    fs.mkdirSync(path.join(dir, 'app', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'app', 'package.json'), JSON.stringify({ name: 'nested' }));
    return dir;
  }
  const args = ['seal', '--namespace', 'shop', '--secret', 'db', '--key', 'password'];

  test('the program, the sealed file and the certificate are those of the project folder', async () => {
    const dir = project();
    const cwd = path.join(dir, 'app', 'sub');
    const before = process.cwd();
    const run = await runCli(args, { stdin: 'x-value', cwd });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('into ../../secrets/sealed.json\n');
    expect(process.cwd()).toBe(before);
    expect(fs.readdirSync(path.join(dir, 'app'))).toEqual(['package.json', 'sub']);
    expect(fs.readdirSync(cwd)).toEqual([]);
    const sealed = readSealedFile(path.join(dir, 'secrets', 'sealed.json')).entries['shop/db'].keys.password;
    expect(sealed.certificateFingerprint).toBe(fingerprintOf(path.join(dir, 'secrets', 'sealing-cert.pem')));
    expect(unsealValue(controller.privateKey, sealed.ciphertext, 'shop/db').toString('utf8')).toBe('x-value');

    // the declaration check runs too
    const bad = await runCli([...args.slice(0, -1), 'pasword'], { stdin: 'x-value', cwd });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('declares no key "pasword"');
  });

  test('paths on the command line are relative to the current directory; a project-relative one gets a hint', async () => {
    const dir = project();
    const cwd = path.join(dir, 'app');
    let run = await runCli([...args, '--cert', 'secrets/sealing-cert.pem'], { stdin: 'x-value', cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: cannot read the certificate secrets/sealing-cert.pem: ENOENT (paths on the command line are relative to the current directory, ${cwd}; `
      + 'the project has secrets/sealing-cert.pem: pass --cert ../secrets/sealing-cert.pem)');
    run = await runCli([...args, '--cert', '../secrets/sealing-cert.pem', '--file', '../secrets/sealed.json'], { stdin: 'x-value', cwd });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    run = await runCli([...args, '--file', 'secrets/sealed.json'], { stdin: 'x-value', cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('shop/db reads its sealed values from ../secrets/sealed.json, not secrets/sealed.json. Fix: pass --file ../secrets/sealed.json, or leave --file out');
    expect(fs.existsSync(path.join(cwd, 'secrets'))).toBe(false);
  });
});

describe('dapr-secure seal: the sealed file\'s lock', () => {
  /** Runs main() in-process with a short lock timeout. */
  async function runWithLockTimeout(argv: string[], cwd: string, lockTimeoutMs: number) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      stdin: Readable.from([Buffer.from('x-value')]),
      stdout: { write: (t: string) => { stdout += t; return true; } },
      stderr: { write: (t: string) => { stderr += t; return true; } },
      env: {},
      cwd,
      lockTimeoutMs,
    });
    return { code, stdout, stderr };
  }

  test('a lock held past the timeout (here: left by a killed seal) is an error naming the lock file and how to remove it', async () => {
    const s = setup();
    const argv = [...sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key: 'password' }), '--app', s.program];
    expect((await runCli(argv, { stdin: 'first' })).code).toBe(0);
    const before = fs.readFileSync(s.file, 'utf8');
    const lock = lockFileFor(s.file);
    expect(lock).toBe(`${s.file}.lock`);
    const dead = neverRunningPid();
    fs.writeFileSync(lock, JSON.stringify({ pid: dead, host: os.hostname(), since: '2026-01-02T03:04:05.000Z' }));

    const started = Date.now();
    const run = await runWithLockTimeout(argv, s.dir, 400);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(run.code).toBe(1);
    // paths shown relative to the current directory (the project folder here)
    expect(run.stderr).toContain(`error: secrets/sealed.json is locked by pid ${dead} on ${os.hostname()} since 2026-01-02T03:04:05.000Z `
      + '(that process is no longer running, so the lock is stale): the lock file secrets/sealed.json.lock still exists after waiting 0.4 s. '
      + 'Another `npx dapr-secure seal` of the same file may be running: wait for it and try again. '
      + 'If none is running (a seal was killed), the lock is stale: remove it with `rm secrets/sealed.json.lock` and seal again');
    expect(fs.readFileSync(s.file, 'utf8')).toBe(before);
    expect(fs.existsSync(lock)).toBe(true); // someone else's lock is never removed

    fs.rmSync(lock);
    expect((await runWithLockTimeout(argv, s.dir, 400)).code).toBe(0);
    expect(fs.readdirSync(path.dirname(s.file))).toEqual(['sealed.json']);
  });

  test('the lock is released when the write fails', async () => {
    const s = setup();
    const nodeFs: typeof fs = require('fs');
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation(() => { throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }); });
    let run;
    try {
      run = await runCli(sealArgs({ cert: s.controller.certFile, file: s.file, namespace: 'shop', secret: 'db', key: 'password' }), { stdin: 'x-value' });
    } finally {
      spy.mockRestore();
    }
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: EIO: i/o error, rename');
    expect(fs.readdirSync(path.dirname(s.file))).toEqual([]);
  });
});

describe('seal in a copy of the project, from a subfolder', () => {
  /** A copy of the project whose declared certificate is replaced by the test controller's (the documented rotation). */
  function rotatedCopy(): string {
    const dir = copyProject();
    fs.writeFileSync(path.join(dir, 'secrets', 'sealing-cert.pem'), controller.certificatePem);
    return dir;
  }

  test('from app/, with neither --cert nor --file: the declared certificate and secrets/sealed.json of the project', async () => {
    const dir = rotatedCopy();
    const before = readSealedFile(path.join(dir, 'secrets', 'sealed.json'));
    const canary = makeCanary('bin-subdir');
    const result = await runCli(['seal', '--namespace', 'default', '--secret', 'redis-password', '--key', 'password'], { cwd: path.join(dir, 'app'), stdin: canary });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('into ../secrets/sealed.json');
    expect(fs.existsSync(path.join(dir, 'app', 'secrets'))).toBe(false);
    const after = readSealedFile(path.join(dir, 'secrets', 'sealed.json'));
    const sealed = after.entries['default/redis-password'].keys.password;
    expect(sealed.certificateFingerprint).toBe(fingerprintOf(path.join(dir, 'secrets', 'sealing-cert.pem')));
    expect(unsealValue(controller.privateKey, sealed.ciphertext, 'default/redis-password').toString('utf8')).toBe(canary);
    expect({ ...after.entries, 'default/redis-password': undefined }).toEqual({ ...before.entries, 'default/redis-password': undefined });
    expect(findLeaks(result.stdout + result.stderr, { canary })).toEqual([]);
    // A value on the command line is refused above ("a value on the command line (...) is refused"); the
    // command's exit codes reach the shell through bin/ as test/e2e/cli.e2e.ts shows.
  });
});
