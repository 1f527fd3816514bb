/** Identifiers of the scanner's rules, most specific first: a value is reported once, under the first rule that fires. */
export type RuleId =
  | 'k8s-secret-data'
  | 'k8s-secret-string-data'
  | 'kustomize-secret-literal'
  | 'dapr-plain-sensitive-value'
  | 'dapr-env-annotation'
  | 'container-env-literal'
  | 'configmap-credential'
  | 'url-password'
  | 'connection-string-password'
  | 'private-key'
  | 'known-token';

/** What a rule finds and how to fix it; the same text goes into `--help`, the human output and SARIF. */
export interface RuleInfo {
  readonly id: RuleId;
  /** One line, for SARIF `shortDescription`. */
  readonly title: string;
  /** Why it matters. */
  readonly description: string;
  /** What to do instead (the `Fix:` of a message). */
  readonly fix: string;
}

const SECRET_FIX = 'deliver the Secret sealed (SealedSecret), external (ExternalSecret) or out of band, never as a plain Secret in the repository; rotate the credential, since Git history keeps it';

export const RULES: readonly RuleInfo[] = [
  {
    id: 'k8s-secret-data',
    title: 'Kubernetes Secret with data in the manifest',
    description: 'A v1 Secret carries a credential in `data`; base64 is an encoding, not encryption, so anyone who can read the repository can read it.',
    fix: SECRET_FIX,
  },
  {
    id: 'k8s-secret-string-data',
    title: 'Kubernetes Secret with stringData in the manifest',
    description: 'A v1 Secret carries a credential in plain text in `stringData`.',
    fix: SECRET_FIX,
  },
  {
    id: 'kustomize-secret-literal',
    title: 'Credential in a kustomize secretGenerator literal',
    description: 'A kustomization\'s `secretGenerator` takes a value from `literals` (`KEY=value`): kustomize writes it into a plain Secret, and the value sits in the repository.',
    fix: 'generate the Secret outside the repository (SealedSecret, ExternalSecret, or a secretGenerator reading an env file that is not committed)',
  },
  {
    id: 'dapr-plain-sensitive-value',
    title: 'Dapr credential field given as a plain value',
    description: 'A field that holds a credential for this Dapr resource (a Component field the catalog, the curated list or the name rule marks sensitive for its spec.type; an HTTPEndpoint, MCPServer or tracing header that carries a credential; a client private key) is given as `value` or `envRef` instead of `secretKeyRef`.',
    fix: 'give the field a secretKeyRef (name and key of a Secret) and set auth.secretStore; deliver the Secret sealed, external or out of band',
  },
  {
    id: 'dapr-env-annotation',
    title: 'Credential in the dapr.io/env annotation',
    description: 'The `dapr.io/env` annotation sets environment variables of the Dapr sidecar from literal values; one of them looks like a credential.',
    fix: 'use the dapr.io/env-from-secret annotation (NAME=secret or NAME=secret:key) instead',
  },
  {
    id: 'container-env-literal',
    title: 'Container environment variable with a literal credential',
    description: 'A container `env` entry whose name looks like a credential has a literal `value`.',
    fix: 'use valueFrom.secretKeyRef (or envFrom.secretRef) with a Secret delivered sealed, external or out of band',
  },
  {
    id: 'configmap-credential',
    title: 'ConfigMap key that looks like a credential',
    description: 'A ConfigMap holds a key whose name looks like a credential (`DB_PASSWORD`, `api-token`) with a literal value; ConfigMaps are not secret (any reader of the namespace, and often of the repository, sees them).',
    fix: 'move the key to a Secret delivered sealed, external or out of band, and read it with secretKeyRef or envFrom.secretRef',
  },
  {
    id: 'url-password',
    title: 'URL with a password',
    description: 'A URL carries a password in its user information (`scheme://user:password@host`).',
    fix: 'take the password out of the URL and give it from a secret (a secretKeyRef, or a separate password field)',
  },
  {
    id: 'connection-string-password',
    title: 'Connection string with a password',
    description: 'A connection string carries a `Password=` (or `pwd=`, `password=` query) pair.',
    fix: 'keep the whole connection string in a secret and give it with a secretKeyRef',
  },
  {
    id: 'private-key',
    title: 'Private key',
    description: 'A PEM private key (RSA, EC, OpenSSH, PKCS#8, PGP) sits in the manifest.',
    fix: 'keep the key in a Secret delivered sealed, external or out of band (for TLS, a kubernetes.io/tls Secret or cert-manager), and rotate it',
  },
  {
    id: 'known-token',
    title: 'Token in a known format',
    description: 'A value has the format of a known credential (cloud access keys, GitHub, npm, Slack, SendGrid, OpenAI and other tokens), as recognised by secretlint\'s recommended preset.',
    fix: 'revoke the token, issue a new one and deliver it from a secret (secretKeyRef) instead of a literal',
  },
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The rule with this id. */
export function ruleInfo(id: RuleId): RuleInfo {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`unknown scanner rule ${JSON.stringify(id)}`);
  return r;
}

/** Whether `id` names a rule (for config files and inline comments). */
export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id as RuleId);
}

/** Rank of a rule: lower wins when two rules fire on the same value. */
export function rulePriority(id: RuleId): number {
  return RULES.findIndex((r) => r.id === id);
}
