/**
 * The project's own knowledge of which metadata fields hold credentials, beside the catalog's `sensitive`
 * flags: a curated list of fields components-contrib leaves unmarked, fields whose names look like
 * credentials but are not, and the name rule. Nothing here depends on generated code, so the generator
 * (scripts/generate-components.ts) and the run-time checks read the same rules.
 */

/** Credential fields the catalog leaves unmarked, by spec type (aliases included). */
export const CURATED_SENSITIVE_FIELDS = {
  'secretstores.hashicorp.vault': ['vaultToken'],
  'pubsub.kafka': ['schemaRegistryAPISecret'],
  'bindings.kafka': ['schemaRegistryAPISecret'],
  'state.redis': ['clientKey'],
  'pubsub.redis': ['clientKey'],
  'bindings.redis': ['clientKey'],
  'configuration.redis': ['clientKey'],
  'lock.redis': ['clientKey'],
  'bindings.rabbitmq': ['clientKey'],
  'state.postgresql': ['password'],
  'state.postgres': ['password'],
  'bindings.postgres': ['password'],
  'bindings.postgresql': ['password'],
  'configuration.postgresql': ['password'],
  'configuration.postgres': ['password'],
  'state.mysql': ['connectionString'],
  'bindings.mysql': ['url'],
  'state.mongodb': ['connectionString', 'password'],
  'state.hashicorp.consul': ['aclToken'],
  'state.consul': ['aclToken'],
  'pubsub.jetstream': ['token', 'seedKey', 'jwt', 'tls_client_key'],
  'state.jetstream': ['seedKey', 'jwt'],
  'bindings.http': ['MTLSClientKey'],
  'state.coherence': ['tlsClientKey'],
  'state.etcd': ['key'],
} as const;

/** Fields whose names look like credentials but are not, by spec type: they take plain values. */
export const CURATED_NON_SENSITIVE_FIELDS = {
  'secretstores.aws.secretmanager': ['multipleKeyValuesPerSecret'],
  'secretstores.aws.secretsmanager': ['multipleKeyValuesPerSecret'],
} as const;

/** Words that make a field name look like a credential (compared without `-`, `_` and `.`, case-insensitively). */
export const CREDENTIAL_WORD = /(password|passwd|secret|token|credential|privatekey|apikey|accesskey|accountkey|masterkey|connectionstring|clientkey|seedkey)/i;
/** Endings that make such a name a reference to a credential (a path, a file, a header name), not the credential. */
export const NOT_A_CREDENTIAL = /(path|file|name|uri|url|endpoint|arn|ttl|id|type|enabled|version|mountpath|prefix|field|header|audience|scopes)$/i;

function listed(table: Readonly<Record<string, readonly string[]>>, type: string, field: string): boolean {
  const f = field.toLowerCase();
  return (table[type.toLowerCase()] ?? []).some((n) => n.toLowerCase() === f);
}

/** True when the field's name looks like a credential, for any component type. */
export function looksLikeCredential(field: string): boolean {
  const plain = field.replace(/[-_.]/g, '');
  return CREDENTIAL_WORD.test(plain) && !NOT_A_CREDENTIAL.test(plain);
}

/**
 * The project's sensitivity rule over the catalog flag: sensitive when the catalog marks it, when the
 * curated list names it, or when its name looks like a credential and the curated non-sensitive list
 * does not name it.
 */
export function isSensitiveByRules(type: string, field: string, catalogSensitive: boolean): boolean {
  if (catalogSensitive || listed(CURATED_SENSITIVE_FIELDS, type, field)) return true;
  if (listed(CURATED_NON_SENSITIVE_FIELDS, type, field)) return false;
  return looksLikeCredential(field);
}
