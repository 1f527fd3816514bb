import * as fs from 'fs';
import * as path from 'path';
import { isDnsLabel, isDnsSubdomain, isSecretDataKey } from '../core/names';
import { parseSealingCertificate, SealingCertificate } from '../secrets/sealing/certificate';
import { SealingScope, sealingLabel } from '../secrets/sealing/scope';
import { sealValue } from '../secrets/sealing/seal';
import { checkScope, DEFAULT_SEALED_FILE, readSealedFile, sealedEntryId, updateSealedFile, withSealedKey } from '../secrets/sealed/sealed-file';
import { parseOptions, UsageError } from './args';
import { findProjectRoot, loadDeclarations, PACKAGE_JSON_FIELD, SecretDeclaration } from './declarations';
import type { CliIO } from './main';

/** The largest value accepted: a Kubernetes Secret holds at most 1 MiB in total. */
export const MAX_VALUE_BYTES = 1024 * 1024;

export const SEAL_USAGE = `usage: npx dapr-secure seal --namespace <ns> --secret <name> --key <key>
                           [--cert <controller-cert.pem>] [--from-env <VAR>] [--file <sealed.json>]
                           [--scope strict|namespace-wide|cluster-wide] [--app <module>[#<export>]]
                           [--allow-expired] [--keep-newline]

Seals ONE value for key <key> of Secret <ns>/<name> with the Sealed Secrets controller's public certificate
and stores the ciphertext in the sealed file, replacing that key's previous ciphertext. Commit the file;
synth turns it into a SealedSecret. Nothing else is written: no value, no key.

The value is read from stdin (one trailing newline is removed unless --keep-newline), or from the
environment variable named by --from-env. It is never taken from an argument, which would land in shell
history and in \`ps\`.

The project is the nearest folder at or above the current one whose package.json has "${PACKAGE_JSON_FIELD}"
(else the nearest with a package.json). Defaults come from the program and are relative to the project;
paths given on the command line are relative to the current directory.

  --cert           the controller's certificate (\`kubeseal --fetch-cert > cert.pem\`); RSA only. Default: the
                   certificate the program's sealed delivery declares; another certificate is refused
  --file           default: the program's sealedFile, else ${DEFAULT_SEALED_FILE} in the project
  --scope          where the controller may unseal it (default: the program's, else strict: only <ns>/<name>)
  --app            the program whose declarations the key is checked against; the module exports a
                   function building the cdk8s App (default: "${PACKAGE_JSON_FIELD}": { "app": ... } in package.json)
  --allow-expired  seal with an expired certificate anyway (kubeseal refuses; the controller has
                   most likely rotated to a newer key: fetch its current certificate instead)
  --keep-newline   keep a trailing newline read from stdin`;

const SPEC = {
  withValue: ['cert', 'file', 'namespace', 'secret', 'key', 'scope', 'from-env', 'app'],
  flags: ['allow-expired', 'keep-newline', 'help'],
};

/** Runs `seal`; returns the exit code. Errors thrown are printed by `main`. */
export async function seal(argv: readonly string[], io: CliIO): Promise<number> {
  const opts = parseOptions(argv, SPEC);
  if (opts.help) {
    io.stdout.write(`${SEAL_USAGE}\n`);
    return 0;
  }
  const str = (name: string) => opts[name] as string | undefined;
  const required = (name: string, what: string): string => {
    const v = str(name);
    if (v === undefined) throw new UsageError(`--${name} is required (${what})`);
    return v;
  };
  const namespace = required('namespace', "the Secret's namespace");
  const name = required('secret', "the Secret's name");
  const key = required('key', 'the data key to seal');
  if (!isDnsLabel(namespace)) throw new UsageError(`--namespace ${JSON.stringify(namespace)} is not a DNS-1123 label`);
  if (!isDnsSubdomain(name)) throw new UsageError(`--secret ${JSON.stringify(name)} is not a DNS-1123 name`);
  if (!isSecretDataKey(key)) throw new UsageError(`--key ${JSON.stringify(key)} is not a valid Secret key (letters, digits, "-", "_" and ".")`);
  const scopeOption = str('scope');
  if (scopeOption !== undefined && !(Object.values(SealingScope) as string[]).includes(scopeOption)) {
    throw new UsageError(`--scope must be one of ${Object.values(SealingScope).join(', ')}`);
  }
  const fromEnv = str('from-env');
  if (fromEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(fromEnv)) {
    // Not echoed: a value passed here by mistake must not reach the terminal or a CI log.
    throw new UsageError('--from-env takes the NAME of an environment variable (letters, digits and "_"), not a value');
  }
  const id = sealedEntryId(namespace, name);
  const project = findProjectRoot(io.cwd);
  const show = (p: string) => shownPath(p, io.cwd, project.dir);

  // 1. The program's declarations: the key must be one the secret declares.
  const explicitFile = str('file') === undefined ? undefined : path.resolve(io.cwd, str('file')!);
  let file = explicitFile ?? path.resolve(project.dir, DEFAULT_SEALED_FILE);
  let scope = (scopeOption as SealingScope | undefined) ?? SealingScope.STRICT;
  let declaredCert: string | undefined;
  let declaredBy: string | undefined;
  const explicitApp = str('app');
  const appSpec = explicitApp ?? project.app;
  if (appSpec === undefined) {
    io.stderr.write(`warning: ${JSON.stringify(key)} is not checked against the program's declarations; pass --app <module> `
      + `or set "${PACKAGE_JSON_FIELD}": { "app": "<module>" } in package.json. Synth still rejects keys the secret does not declare.\n`);
  } else {
    const declaration = findDeclaration(appSpec, explicitApp !== undefined ? io.cwd : project.dir, project.dir, namespace, name, key);
    if (declaration.deliveryKind !== 'sealed') {
      io.stderr.write(`note: ${declaration.path} uses ${declaration.deliveryKind} delivery; the sealed value is used once the program `
        + 'chooses sealed delivery for it.\n');
    } else {
      if (declaration.sealedFile !== undefined) {
        if (explicitFile !== undefined && path.resolve(explicitFile) !== path.resolve(declaration.sealedFile)) {
          throw new Error(`${declaration.path} reads its sealed values from ${show(declaration.sealedFile)}, not `
            + `${show(explicitFile)}. Fix: pass --file ${show(declaration.sealedFile)}, or leave --file out`);
        }
        file = declaration.sealedFile;
      }
      if (declaration.scope !== undefined) {
        if (scopeOption !== undefined && scopeOption !== declaration.scope) {
          throw new Error(`${declaration.path} unseals ${id} with scope ${declaration.scope}, so a value sealed for ${scopeOption} `
            + `would not decrypt. Fix: pass --scope ${declaration.scope}, or leave --scope out`);
        }
        scope = declaration.scope as SealingScope;
      }
      declaredCert = declaration.certificate;
      declaredBy = declaration.path;
    }
  }

  // 2. The certificate: the declared one, and nothing else when the program declares one.
  const certOption = str('cert');
  if (certOption === undefined && declaredCert === undefined) {
    throw new UsageError("--cert is required (the controller's public certificate, from `kubeseal --fetch-cert`)"
      + (declaredBy === undefined ? '' : `: ${declaredBy} declares no certificate. Fix: pass --cert, or declare it in the program, `
        + "as in SecretDelivery.sealed({ certificate: 'secrets/sealing-cert.pem' }), and leave --cert out"));
  }
  let cert: SealingCertificate;
  let certShown: string;
  if (declaredCert !== undefined) {
    const declared = readDeclaredCertificate(declaredCert, show(declaredCert), `${declaredBy} declares the certificate ${show(declaredCert)}`);
    if (certOption !== undefined) {
      const given = readGivenCertificate(certOption, io.cwd, project.dir);
      if (given.fingerprint !== declared.fingerprint) {
        throw new Error(`--cert ${certOption} (sha256:${given.fingerprint.slice(0, 16)}…) is not the certificate ${declaredBy} declares, `
          + `${show(declaredCert)} (sha256:${declared.fingerprint.slice(0, 16)}…), so synth would reject the value as sealed with the wrong `
          + `certificate. Fix: if the controller's certificate changed, replace the declared file with it (\`kubeseal --fetch-cert > `
          + `${show(declaredCert)}\`, or \`cp ${certOption} ${show(declaredCert)}\`) and seal every key again; otherwise pass `
          + `--cert ${show(declaredCert)}, or leave --cert out`);
      }
    }
    cert = declared;
    certShown = show(declaredCert);
  } else {
    cert = readGivenCertificate(certOption!, io.cwd, project.dir);
    certShown = certOption!;
  }
  if (cert.expired) {
    const fetchTo = declaredCert === undefined ? 'cert.pem' : certShown;
    const problem = `the certificate ${certShown} expired on ${cert.notAfter.toISOString()}. kubeseal refuses expired certificates: `
      + 'the controller renews its key regularly, so this one is most likely no longer the one it seals with';
    if (!opts['allow-expired']) {
      throw new Error(`${problem}. Fix: fetch its current certificate with \`kubeseal --fetch-cert > ${fetchTo}\` and seal again; `
        + 'or, if you know the controller still holds this key (it keeps its old keys, so it can still unseal what they sealed), '
        + 'pass --allow-expired to seal anyway');
    }
    io.stderr.write(`\n*** WARNING: ${problem}. Sealing anyway because of --allow-expired. ***\n\n`);
  }

  // 3. The file; a scope conflict with the entry's other keys is found before the value is read (and
  //    checked again under the lock, against the file as it is then).
  const label = sealingLabel(scope, namespace, name);
  checkScope(readSealedFile(file, { allowMissing: true }), { namespace, name, key, scope });

  // 4. The value, sealed and forgotten.
  const value = fromEnv === undefined ? await readStdin(io, !opts['keep-newline']) : readEnv(io, fromEnv);
  let ciphertext: string;
  try {
    ciphertext = sealValue(cert, value, label);
  } finally {
    value.fill(0);
  }

  // 5. Read, change and write the file under its lock, so that parallel seals of other keys all land.
  updateSealedFile(
    file,
    (current) => withSealedKey(current, { namespace, name, key, scope, certificateFingerprint: cert.fingerprint, ciphertext }),
    { timeoutMs: io.lockTimeoutMs },
    show,
  );
  io.stdout.write(`sealed key ${JSON.stringify(key)} of ${id} (scope ${scope}, certificate sha256:${cert.fingerprint.slice(0, 16)}…) `
    + `into ${show(file)}\n`);
  return 0;
}

/**
 * `file` for messages: relative to the current directory when it lies in the project (`../secrets/…` from
 * a subdirectory), else absolute.
 */
function shownPath(file: string, cwd: string, projectDir: string): string {
  const abs = path.resolve(cwd, file);
  const inProject = path.relative(projectDir, abs);
  if (inProject.startsWith('..') || path.isAbsolute(inProject)) return abs;
  const rel = path.relative(cwd, abs);
  return rel === '' ? abs : rel.split(path.sep).join('/');
}

function findDeclaration(appSpec: string, base: string, projectDir: string, namespace: string, name: string, key: string): SecretDeclaration {
  const program = loadDeclarations(appSpec, base, projectDir);
  const id = sealedEntryId(namespace, name);
  const matches = program.secrets.filter((s) => s.namespace === namespace && s.name === name);
  if (matches.length === 0) {
    const declared = program.secrets.map((s) => `${s.namespace}/${s.name}`).sort();
    throw new Error(`${program.source} declares no secret ${id} (declared: ${declared.join(', ') || 'none'}). `
      + 'Fix: check --namespace and --secret, or declare the secret in the program first');
  }
  const declaration = matches.find((s) => s.deliveryKind === 'sealed') ?? matches[0];
  if (!declaration.keys.includes(key)) {
    throw new Error(`secret ${id} (${declaration.path}) declares no key ${JSON.stringify(key)} (declared: ${declaration.keys.join(', ')}). `
      + `Fix: seal one of the declared keys, or add ${JSON.stringify(key)} to the secret's keys in the program first`);
  }
  return declaration;
}

/** Reads the certificate the program declares; `declared` says who declares it. */
function readDeclaredCertificate(file: string, shown: string, declared: string): SealingCertificate {
  return readCertificate(file, (code) => `${declared}, which cannot be read: ${code}. Fix: put the controller's certificate there `
    + `with \`kubeseal --fetch-cert > ${shown}\`, or correct the certificate option of the sealed delivery`);
}

/**
 * Reads the certificate given with --cert (relative to `cwd`). When it is missing there but the same
 * relative path exists in the project folder, the error says so.
 */
function readGivenCertificate(given: string, cwd: string, projectDir: string): SealingCertificate {
  const file = path.resolve(cwd, given);
  return readCertificate(file, (code) => {
    let hint = '';
    const inProject = path.resolve(projectDir, given);
    if (!path.isAbsolute(given) && inProject !== file && fs.existsSync(inProject)) {
      hint = ` (paths on the command line are relative to the current directory, ${cwd}; the project has ${given}: `
        + `pass --cert ${path.relative(cwd, inProject).split(path.sep).join('/')})`;
    }
    return `cannot read the certificate ${given}: ${code}${hint}. `
      + 'Fix: fetch it with `kubeseal --fetch-cert > cert.pem` and pass its path with --cert';
  });
}

function readCertificate(file: string, unreadable: (code: string) => string): SealingCertificate {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(unreadable((e as NodeJS.ErrnoException).code ?? 'unreadable'));
  }
  return parseSealingCertificate(pem);
}

function readEnv(io: CliIO, name: string): Buffer {
  const value = io.env[name];
  if (value === undefined) throw new Error(`environment variable ${name} is not set. Fix: export ${name} first, or pipe the value on stdin without --from-env`);
  if (value === '') throw new Error(`environment variable ${name} is empty. Fix: set it to the value to seal`);
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > MAX_VALUE_BYTES) throw new Error(`the value in ${name} is larger than a Kubernetes Secret can hold (1 MiB)`);
  return bytes;
}

async function readStdin(io: CliIO, stripNewline: boolean): Promise<Buffer> {
  if ((io.stdin as { isTTY?: boolean }).isTTY) {
    throw new Error('refusing to read the value from a terminal, where it would be echoed on screen. Fix: pipe it in '
      + '(for example from a password manager), or read it without echo into a variable and pass its name: '
      + '`read -rs VALUE && export VALUE && npx dapr-secure seal ... --from-env VALUE`');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array);
    size += bytes.length;
    chunks.push(bytes);
    if (size > MAX_VALUE_BYTES) {
      chunks.forEach((c) => c.fill(0));
      throw new Error('the value on stdin is larger than a Kubernetes Secret can hold (1 MiB)');
    }
  }
  const all = Buffer.concat(chunks);
  chunks.forEach((c) => c.fill(0));
  let end = all.length;
  if (stripNewline && end > 0 && all[end - 1] === 0x0a) end -= end > 1 && all[end - 2] === 0x0d ? 2 : 1;
  if (end === 0) {
    all.fill(0);
    throw new Error('no value on stdin. Fix: pipe the value in (`... | npx dapr-secure seal ...`), or use --from-env NAME');
  }
  return all.subarray(0, end);
}
