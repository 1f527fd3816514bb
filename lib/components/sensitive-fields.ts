import type { FieldProblem } from '../core/errors';
import { show } from '../core/errors';
import { CURATED_NON_SENSITIVE_FIELDS, CURATED_SENSITIVE_FIELDS, isSensitiveByRules } from './catalog/sensitive-rules';
import { SENSITIVE_FIELD_CATALOG, SENSITIVE_FIELDS } from './sensitive-fields.generated';

const EXTRA_SENSITIVE_FIELD_CATALOG = CURATED_SENSITIVE_FIELDS;
const NON_SENSITIVE_FIELD_CATALOG = CURATED_NON_SENSITIVE_FIELDS;

/** Credential fields the catalog leaves unmarked, by type (the curated list of catalog/sensitive-rules.ts). */
export const EXTRA_SENSITIVE_FIELDS: Readonly<Record<string, readonly string[]>> = EXTRA_SENSITIVE_FIELD_CATALOG;

/** Fields whose names look like credentials but are not, by type: they take plain values. */
export const NON_SENSITIVE_FIELDS: Readonly<Record<string, readonly string[]>> = NON_SENSITIVE_FIELD_CATALOG;

/** Spec types the catalog spells differently from what daprd registers. */
export const SPEC_TYPE_CORRECTIONS: Readonly<Record<string, string>> = {
  'secretstores.aws.secretsmanager': 'secretstores.aws.secretmanager',
};

/**
 * True when `field` of a component of `type` holds a credential and so may only come from a `secretKeyRef`.
 * Matching is case-insensitive, as in daprd. Names that look like credentials (ignoring `-`, `_` and `.`)
 * count too, for every type: a false alarm only means the value comes from a secret.
 */
export function isSensitiveField(type: string, field: string): boolean {
  const f = field.toLowerCase();
  const flagged = (SENSITIVE_FIELDS[type.toLowerCase()] ?? []).some((n) => n.toLowerCase() === f);
  return isSensitiveByRules(type, field, flagged);
}

/**
 * Sensitive metadata entries of a rendered Dapr Component (`spec.type`, `spec.metadata`) that carry a
 * `value` or an `envRef` instead of a `secretKeyRef`, whatever put them there (a JSON patch, an override,
 * a raw ApiObject). The problems never show the value.
 */
export function plainSensitiveMetadata(component: unknown): FieldProblem[] {
  const spec = (component as any)?.spec;
  const type = spec?.type;
  const list = spec?.metadata;
  if (typeof type !== 'string' || !Array.isArray(list)) return [];
  const problems: FieldProblem[] = [];
  for (const entry of list) {
    if (entry === null || typeof entry !== 'object' || typeof entry.name !== 'string' || !isSensitiveField(type, entry.name)) continue;
    const plain = ['value', 'envRef'].filter((k) => entry[k] !== undefined && entry[k] !== null);
    if (plain.length === 0) continue;
    problems.push({
      field: `spec.metadata[${entry.name}]`,
      problem: `${type} marks ${show(entry.name)} sensitive, but the rendered Component gives it ${plain.join(' and ')} (not shown) instead of a secretKeyRef, so the credential would sit in the manifest or the pod environment; a JSON patch, an override or a raw object put it there`,
      fix: `remove that patch and set the field with addSecretMetadata('${entry.name}', secret.keyRef('<key>')) of a DeclaredSecret`,
    });
  }
  return problems;
}

// Compile-time counterpart of isSensitiveField, used by DaprComponent.addMetadata.

type ListedIn<C, T extends string> = Lowercase<T> extends keyof C ? (C[Lowercase<T>] extends readonly (infer F extends string)[] ? F : never) : never;
type StripSeparators<S extends string> =
  S extends `${infer A}-${infer B}` ? StripSeparators<`${A}${B}`>
    : S extends `${infer A}_${infer B}` ? StripSeparators<`${A}${B}`>
      : S extends `${infer A}.${infer B}` ? StripSeparators<`${A}${B}`>
        : S;
type CredentialWord = 'password' | 'passwd' | 'secret' | 'token' | 'credential' | 'privatekey' | 'apikey' | 'accesskey' | 'accountkey' | 'masterkey' | 'connectionstring' | 'clientkey' | 'seedkey';
type NotACredentialSuffix = 'path' | 'file' | 'name' | 'uri' | 'url' | 'endpoint' | 'arn' | 'ttl' | 'id' | 'type' | 'enabled' | 'version' | 'mountpath' | 'prefix' | 'field' | 'header' | 'audience' | 'scopes';
type LooksLikeCredential<N extends string> = StripSeparators<Lowercase<N>> extends `${string}${CredentialWord}${string}`
  ? (StripSeparators<Lowercase<N>> extends `${string}${NotACredentialSuffix}` ? false : true)
  : false;

/** The metadata names components of spec type `T` mark sensitive (from the catalog), as a union of literals. */
export type SensitiveFieldName<T extends string> = ListedIn<typeof SENSITIVE_FIELD_CATALOG, T> | ListedIn<typeof EXTRA_SENSITIVE_FIELD_CATALOG, T>;

/**
 * True when `isSensitiveField(T, N)` is known to hold at compile time. Only for literal `T` and `N`: a
 * `string` type or name is left to the run-time check.
 */
export type IsSensitiveFieldName<T extends string, N extends string> = string extends T
  ? false
  : string extends N
    ? false
    : Lowercase<N> extends Lowercase<SensitiveFieldName<T>>
      ? true
      : Lowercase<N> extends Lowercase<ListedIn<typeof NON_SENSITIVE_FIELD_CATALOG, T>>
        ? false
        : LooksLikeCredential<N>;

/**
 * The type of `addMetadata`'s name: `N` itself (intersected with `unknown`) when it may take a plain value
 * in a component of type `T`; otherwise `N` intersected with an object type that names the problem, which
 * no string satisfies, so the call does not compile.
 */
export type PlainMetadataName<T extends string, N extends string> = N & (IsSensitiveFieldName<T, N> extends true
  ? { readonly ' sensitive field': `"${N}" is sensitive in ${T}: pass a secret reference to addSecretMetadata` }
  : unknown);
