import { secretTypeProblem } from './secret-type';

/** One Kubernetes Secret the out-of-band script creates. */
export interface ScriptSecret {
  readonly namespace: string;
  readonly name: string;
  /** Kubernetes Secret type, such as `Opaque`. */
  readonly type: string;
  /** Each key with the environment variable its value is read from. */
  readonly keys: ReadonlyArray<{ readonly key: string; readonly envVar: string }>;
  /** Labels for the Secret, applied with `kubectl label --local`. @default - none */
  readonly labels?: { readonly [key: string]: string };
}

const SAFE_ENV = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SAFE_WORD = /^[-._a-zA-Z0-9/]+$/;

function word(text: string, what: string): string {
  if (!SAFE_WORD.test(text)) throw new Error(`unsafe ${what} for the create-secrets script: ${JSON.stringify(text)}`);
  return text;
}

function envRef(name: string): string {
  if (!SAFE_ENV.test(name)) throw new Error(`unsafe environment variable name: ${JSON.stringify(name)}`);
  const reserved = _reservedEnvVar(name);
  if (reserved) throw new Error(`reserved environment variable name for the create-secrets script: ${JSON.stringify(name)} (${reserved})`);
  return name;
}

const SCRIPT_OWN = 'the create-secrets script uses it itself';
const SHELL = 'bash reads or sets it';
const LIBC = 'the dynamic loader or the C library reads it';
const KUBECTL = 'kubectl or the Go runtime it is built with reads it';
const DAPR = "Dapr's CLI, SDKs and sidecar read it";

const RESERVED_NAMES: { readonly [name: string]: string } = {
  KUBECTL: SCRIPT_OWN, MISSING: SCRIPT_OWN,
  ...Object.fromEntries([
    '_', 'BASH', 'BASHOPTS', 'BASHPID', 'CDPATH', 'CHILD_MAX', 'COLUMNS', 'COPROC', 'DIRSTACK', 'EMACS', 'ENV',
    'EPOCHREALTIME', 'EPOCHSECONDS', 'EUID', 'EXECIGNORE', 'FCEDIT', 'FIGNORE', 'FUNCNAME', 'FUNCNEST',
    'GLOBIGNORE', 'GROUPS', 'HISTCMD', 'HISTCONTROL', 'HISTFILE', 'HISTFILESIZE', 'HISTIGNORE', 'HISTSIZE',
    'HISTTIMEFORMAT', 'HOME', 'HOSTFILE', 'HOSTNAME', 'HOSTTYPE', 'IFS', 'IGNOREEOF', 'INPUTRC', 'INSIDE_EMACS',
    'LINENO', 'LINES', 'LOGNAME', 'MACHTYPE', 'MAIL', 'MAILCHECK', 'MAILPATH', 'MAPFILE', 'OLDPWD', 'OPTARG',
    'OPTERR', 'OPTIND', 'OSTYPE', 'PATH', 'PIPESTATUS', 'POSIXLY_CORRECT', 'PPID', 'PROMPT_COMMAND',
    'PROMPT_DIRTRIM', 'PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'PWD', 'RANDOM', 'REPLY', 'SECONDS', 'SHELL',
    'SHELLOPTS', 'SHLVL', 'SRANDOM', 'TERM', 'TIMEFORMAT', 'TMOUT', 'TMPDIR', 'UID', 'USER',
  ].map((n) => [n, SHELL])),
  ...Object.fromEntries([
    'GCONV_PATH', 'GLIBC_TUNABLES', 'HOSTALIASES', 'LANG', 'LANGUAGE', 'LOCALDOMAIN', 'NLSPATH', 'RES_OPTIONS', 'TZ',
  ].map((n) => [n, LIBC])),
  ...Object.fromEntries([
    'KUBECONFIG', 'KUBERC', 'KUBECACHEDIR', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY',
    'SSL_CERT_FILE', 'SSL_CERT_DIR', 'GODEBUG', 'GOGC', 'GOMAXPROCS', 'GOMEMLIMIT', 'GOTRACEBACK',
  ].map((n) => [n, KUBECTL])),
  APP_API_TOKEN: DAPR,
};

const RESERVED_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['BASH_', SHELL], ['COMP_', SHELL], ['READLINE_', SHELL],
  ['LD_', LIBC], ['DYLD_', LIBC], ['LC_', LIBC], ['MALLOC_', LIBC],
  ['KUBECTL_', KUBECTL],
  ['DAPR_', DAPR],
];

/**
 * Why the create-secrets script must not read a value from `name` (compared case-insensitively), or
 * undefined when it may: the script's own variables, and variables that bash, the loader, kubectl or Dapr
 * read, since exporting a secret value under them changes what those programs do. @internal
 */
export function _reservedEnvVar(name: string): string | undefined {
  const upper = name.toUpperCase();
  return RESERVED_NAMES[upper] ?? RESERVED_PREFIXES.find(([prefix]) => upper.startsWith(prefix))?.[1];
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What is wrong with a Secret label key, or undefined when Kubernetes accepts it. @internal */
export function _labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix))) return 'its prefix is not a DNS-1123 subdomain';
  if (!LABEL_NAME.test(name)) return 'its name is not 1 to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

/** What is wrong with a Secret label value, or undefined when Kubernetes accepts it. @internal */
export function _labelValueProblem(value: string): string | undefined {
  if (typeof value !== 'string') return 'it is not a string';
  if (value !== '' && !LABEL_NAME.test(value)) return 'it is not empty or 1 to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

function label(key: string, value: string): string {
  const problem = _labelKeyProblem(key) ?? _labelValueProblem(value);
  if (problem) throw new Error(`unsafe label for the create-secrets script: ${JSON.stringify(key)}=${JSON.stringify(value)} (${problem})`);
  return `${key}=${value}`;
}

/**
 * The field manager the script applies as. Not kubectl's default server-side manager `kubectl`: with that
 * one kubectl keeps an existing `last-applied-configuration` annotation up to date; with any other, it
 * moves a client-side apply's fields to this manager, and the annotation is dropped on the next apply.
 */
export const CREATE_SECRETS_FIELD_MANAGER = 'dapr-secure-constructs';

/**
 * The apply command of each Secret: server-side, so no `last-applied-configuration` annotation copies the
 * data; forcing conflicts, since the script is the source of these values (a rotated value must win over
 * an earlier client-side apply or a hand edit).
 */
const APPLY = `"$KUBECTL" apply --server-side --field-manager=${CREATE_SECRETS_FIELD_MANAGER} --force-conflicts -f -`;

/** Secrets in a stable order: namespace, then name. */
export function sortScriptSecrets(secrets: ReadonlyArray<ScriptSecret>): ScriptSecret[] {
  return [...secrets].sort((a, b) => (a.namespace + '/' + a.name).localeCompare(b.namespace + '/' + b.name, 'en'));
}

/** A process substitution that hands the value of `envVar` to kubectl as a file, without a newline. */
function fromEnv(envVar: string): string {
  return `<(printf '%s' "\${${envRef(envVar)}}")`;
}

/**
 * The `kubectl create secret` lines of one Secret, up to `--dry-run`. A TLS Secret of exactly a certificate
 * and a key uses `kubectl create secret tls`, which checks that they are a matching PEM pair before anything
 * reaches the cluster; every other Secret uses `generic` with its `--type`. Throws for a built-in type
 * without the keys the API server requires.
 */
function createCommand(s: ScriptSecret): string[] {
  const problem = secretTypeProblem(s.type, s.keys.map((k) => k.key));
  if (problem) throw new Error(`secret ${s.namespace}/${s.name} cannot be created: ${problem.problem}`);
  const name = word(s.name, 'secret name');
  const namespace = `  --namespace ${word(s.namespace, 'namespace')} \\`;
  // The type check above makes sure both keys are there; `tls` takes no others.
  if (s.type === TLS && s.keys.length === 2) {
    const env = (key: string) => s.keys.find((k) => k.key === key)!.envVar;
    return [
      `"$KUBECTL" create secret tls ${name} \\`,
      namespace,
      `  --cert=${fromEnv(env('tls.crt'))} \\`,
      `  --key=${fromEnv(env('tls.key'))} \\`,
    ];
  }
  return [
    `"$KUBECTL" create secret generic ${name} \\`,
    namespace,
    `  --type ${word(s.type, 'secret type')} \\`,
    ...s.keys.map((k) => `  --from-file=${word(k.key, 'key')}=${fromEnv(k.envVar)} \\`),
  ];
}

const TLS = 'kubernetes.io/tls';

/**
 * Renders a bash script that creates each Secret with `kubectl create secret generic … --type <type>` (or
 * `kubectl create secret tls` for a certificate and its key) `… --dry-run=client -o yaml | kubectl apply
 * --server-side … -f -` (with `| kubectl label --local -f - … -o yaml` in between when it has labels),
 * reading every value from its environment variable. Values travel through file descriptors and a pipe, never through a command line,
 * so `ps` and shell history do not see them, and the apply is server-side, so no
 * `kubectl.kubernetes.io/last-applied-configuration` annotation copies them into the Secret. The script
 * holds no value: it fails before touching the cluster when a variable is unset or empty. Throws for a
 * name that could break out of the script, a reserved variable name, one variable read for two keys, or a
 * built-in Secret type without its required keys.
 */
export function renderCreateSecretsScript(secrets: ReadonlyArray<ScriptSecret>): string {
  const sorted = sortScriptSecrets(secrets);
  const readers = new Map<string, string>();
  for (const s of sorted) {
    for (const k of s.keys) {
      const reader = `${s.namespace}/${s.name} key ${k.key}`;
      const other = readers.get(k.envVar);
      if (other !== undefined) throw new Error(`environment variable ${JSON.stringify(k.envVar)} would be read for both ${other} and ${reader}`);
      readers.set(k.envVar, reader);
    }
  }
  const lines: string[] = [
    '#!/usr/bin/env bash',
    '# Generated by dapr-secure-constructs. Do not edit: change the program and synthesize again.',
    '#',
    '# Creates (or updates) the Kubernetes Secrets that the manifests in this folder reference.',
    '# Every value comes from an environment variable; this file contains none.',
    `# Applies server-side (field manager ${CREATE_SECRETS_FIELD_MANAGER}), so no last-applied-configuration`,
    '# annotation keeps a copy of the data; kubectl moves an earlier client-side apply to this manager, which drops its annotation.',
    '# Usage: export the variables below, then run: bash create-secrets.sh',
    '# Set KUBECTL to the path of another kubectl binary; pick the cluster with KUBECONFIG or kubectl config use-context.',
    'set -euo pipefail',
    '',
    'KUBECTL="${KUBECTL:-kubectl}"',
    'missing=()',
    'need() {',
    '  if [ -z "${!1:-}" ]; then missing+=("  $1  (secret $2, key $3)"); fi',
    '}',
  ];
  for (const s of sorted) {
    for (const k of s.keys) {
      lines.push(`need ${envRef(k.envVar)} ${word(`${s.namespace}/${s.name}`, 'secret name')} ${word(k.key, 'key')}`);
    }
  }
  lines.push(
    'if [ "${#missing[@]}" -gt 0 ]; then',
    '  echo "create-secrets.sh: these environment variables are unset or empty; export each one, then run again:" >&2',
    '  printf \'%s\\n\' "${missing[@]}" >&2',
    '  exit 1',
    'fi',
    '',
  );
  for (const s of sorted) {
    lines.push(`# ${s.namespace}/${s.name}`);
    lines.push(...createCommand(s));
    const labels = Object.keys(s.labels ?? {}).sort().map((key) => label(key, s.labels![key]));
    if (labels.length === 0) {
      lines.push(`  --dry-run=client -o yaml | ${APPLY}`);
    } else {
      lines.push('  --dry-run=client -o yaml \\');
      lines.push('  | "$KUBECTL" label --local -f - -o yaml \\');
      for (const l of labels) lines.push(`    ${l} \\`);
      lines.push(`  | ${APPLY}`);
    }
    lines.push('');
  }
  lines.push(`echo "create-secrets.sh: ${sorted.length} secret(s) applied."`);
  return lines.join('\n') + '\n';
}
