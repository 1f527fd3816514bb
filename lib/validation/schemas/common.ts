/**
 * Small JSON-schema building blocks used by the CRD schemas in this folder.
 * Objects built with `strictObject` reject unknown keys, mirroring what a CRD's
 * structural schema would prune silently.
 */
import type { SchemaObject } from 'ajv';

/** Go `time.ParseDuration` syntax ("1h", "2h30m", "500ms", "0"); also allows "". */
export const GO_DURATION_OR_EMPTY = '^([-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+))?$';
/** A Kubernetes Secret data key. */
export const SECRET_KEY = '^[-._a-zA-Z0-9]+$';
/** A DNS-1123 label (namespace names). */
export const DNS1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** A DNS-1123 subdomain (names of Secrets, ServiceAccounts and most objects). */
export const DNS1123_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** Standard, padded base64 (Go's base64.StdEncoding; OpenAPI `format: byte`). */
export const STD_BASE64 = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

/** Readable wording for the patterns above, keyed by the pattern text ajv reports. */
export const PATTERN_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [GO_DURATION_OR_EMPTY]: 'must be a Go duration such as "30s", "1h" or "2h30m"',
  [SECRET_KEY]: 'must consist of alphanumerics, "-", "_" or "."',
  [DNS1123_LABEL]: 'must be a DNS-1123 label (lowercase alphanumerics and "-")',
  [DNS1123_SUBDOMAIN]: 'must be a DNS-1123 subdomain (lowercase alphanumerics, "-" and ".")',
  [STD_BASE64]: 'must be standard base64',
};

/** `{type: string}`. */
export const str: SchemaObject = { type: 'string' };
/** A string that may not be empty. */
export const nonEmptyStr: SchemaObject = { type: 'string', minLength: 1 };
/** `{type: boolean}`. */
export const bool: SchemaObject = { type: 'boolean' };
/** Any integer. */
export const int: SchemaObject = { type: 'integer' };
/** An integer in Go's int32 range. */
export const int32: SchemaObject = { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
/** Schemaless JSON (`x-kubernetes-preserve-unknown-fields` on a value). */
export const anyValue: SchemaObject = {};
/** An object whose content is not checked (`type: object` + preserve-unknown-fields). */
export const freeObject: SchemaObject = { type: 'object' };
/** A Go duration string. */
export const goDuration: SchemaObject = { type: 'string', pattern: GO_DURATION_OR_EMPTY };

/** A string restricted to `values`. */
export function oneOfStrings(...values: string[]): SchemaObject {
  return { type: 'string', enum: values };
}

/** An array whose items follow `items`. */
export function arrayOf(items: SchemaObject): SchemaObject {
  return { type: 'array', items };
}

/** A map whose values follow `values` (string keys). */
export function mapOf(values: SchemaObject): SchemaObject {
  return { type: 'object', additionalProperties: values };
}

/** An object name: a DNS-1123 subdomain of at most 253 characters. */
export const dnsSubdomain: SchemaObject = { type: 'string', minLength: 1, maxLength: 253, pattern: DNS1123_SUBDOMAIN };
/** A namespace name: a DNS-1123 label of at most 63 characters. */
export const dnsLabel: SchemaObject = { type: 'string', minLength: 1, maxLength: 63, pattern: DNS1123_LABEL };

/** An object with exactly these keys allowed; `required` lists the mandatory ones. */
export function strictObject(properties: Record<string, SchemaObject>, required: string[] = []): SchemaObject {
  const schema: SchemaObject = { type: 'object', properties, additionalProperties: false };
  if (required.length > 0) schema.required = required;
  return schema;
}

/**
 * An object whose listed keys follow their schemas while other keys are allowed, for bodies the project
 * knows only in part (an ESO provider has many optional fields the library never writes).
 */
export function openObject(properties: Record<string, SchemaObject>, required: string[] = []): SchemaObject {
  const schema: SchemaObject = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  return schema;
}

/** `string[]`. */
export const stringArray = arrayOf(str);
/** `map[string]string`. */
export const stringMap = mapOf(str);

/**
 * `metadata` of a custom resource at the schema level. Only the type is
 * checked here; names, labels and unknown keys are checked by `metadata.ts`
 * for every kind alike.
 */
export const objectMetaSchema: SchemaObject = { type: 'object' };

/** A metav1.LabelSelector. */
export const labelSelector: SchemaObject = strictObject({
  matchLabels: stringMap,
  matchExpressions: arrayOf(
    strictObject({ key: str, operator: oneOfStrings('In', 'NotIn', 'Exists', 'DoesNotExist'), values: stringArray }, ['key', 'operator']),
  ),
});

/**
 * The root of a namespaced custom resource: apiVersion and kind pinned,
 * metadata, plus the given top-level fields. Unknown top-level keys are errors.
 */
export function resourceRoot(apiVersion: string, kind: string, fields: Record<string, SchemaObject>, required: string[] = []): SchemaObject {
  return strictObject(
    { apiVersion: { type: 'string', const: apiVersion }, kind: { type: 'string', const: kind }, metadata: objectMetaSchema, ...fields },
    ['apiVersion', 'kind', 'metadata', ...required],
  );
}
