import { SENSITIVE_FIELDS } from './sensitive-fields.generated';

/** Credential fields the catalog leaves unmarked, by type. */
export const EXTRA_SENSITIVE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'secretstores.hashicorp.vault': ['vaultToken'],
  'pubsub.kafka': ['schemaRegistryAPISecret'],
  'bindings.kafka': ['schemaRegistryAPISecret'],
};

/** Fields whose names look like credentials but are not, by type: they take plain values. */
export const NON_SENSITIVE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'secretstores.aws.secretmanager': ['multipleKeyValuesPerSecret'],
  'secretstores.aws.secretsmanager': ['multipleKeyValuesPerSecret'],
};

/** Spec types the catalog spells differently from what daprd registers. */
export const SPEC_TYPE_CORRECTIONS: Readonly<Record<string, string>> = {
  'secretstores.aws.secretsmanager': 'secretstores.aws.secretmanager',
};

const CREDENTIAL_WORD = /(password|passwd|secret|token|credential|privatekey|apikey|accesskey|accountkey|masterkey|connectionstring)/i;
const NOT_A_CREDENTIAL = /(path|file|name|uri|url|endpoint|arn|ttl|id|type|enabled|version|mountpath|prefix|field|header|audience|scopes)$/i;

/**
 * True when `field` of a component of `type` holds a credential and so may only come from a `secretKeyRef`.
 * Matching is case-insensitive, as in daprd. Names that look like credentials (ignoring `-`, `_` and `.`)
 * count too, for every type: a false alarm only means the value comes from a secret.
 */
export function isSensitiveField(type: string, field: string): boolean {
  const t = type.toLowerCase();
  const f = field.toLowerCase();
  const listed = [...(SENSITIVE_FIELDS[t] ?? []), ...(EXTRA_SENSITIVE_FIELDS[t] ?? [])];
  if (listed.some((n) => n.toLowerCase() === f)) return true;
  if ((NON_SENSITIVE_FIELDS[t] ?? []).some((n) => n.toLowerCase() === f)) return false;
  const plain = field.replace(/[-_.]/g, '');
  return CREDENTIAL_WORD.test(plain) && !NOT_A_CREDENTIAL.test(plain);
}
