/**
 * Custom resources validated against the project's own JSON schemas with ajv,
 * followed by kind-specific rules from rules.ts.
 */
import Ajv, { Options, SchemaObject, ValidateFunction } from 'ajv';
import { ajvErrorsToIssues } from './ajv-errors';
import { VALIDATORS } from './generated/validators';
import { Issue } from './issues';
import type { NameRule } from './metadata';
import { componentRules, configurationRules, httpEndpointRules, mcpServerRules, sealedSecretRules, secretStoreRules } from './rules';
import {
  componentSchema, configurationSchema, DAPR_API_VERSION, httpEndpointSchema, mcpServerSchema, resiliencySchema, SUBSCRIPTION_API_VERSION, subscriptionSchema,
} from './schemas/dapr';
import { clusterSecretStoreSchema, ESO_API_VERSION, externalSecretSchema, secretStoreSchema } from './schemas/external-secrets';
import { SEALED_SECRETS_API_VERSION, sealedSecretSchema } from './schemas/sealed-secrets';

/** How one custom kind is validated. */
export interface CustomKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly schema: SchemaObject;
  /** Extra rules run after the schema. */
  readonly rules: ReadonlyArray<(obj: unknown) => Issue[]>;
  readonly nameRule: NameRule;
  /** Extra advice appended to an issue at a given JSON pointer (for well-known mistakes). */
  readonly hints?: Readonly<Record<string, string>>;
}

/** Component: `auth` and `scopes` belong next to `spec`, not in it. */
const COMPONENT_HINTS = {
  '/spec/auth': 'auth is a top-level sibling of spec in a Dapr Component',
  '/spec/scopes': 'scopes is a top-level sibling of spec in a Dapr Component',
};

/** Configuration: there is no top-level `scopes`. */
const CONFIGURATION_HINTS = {
  '/scopes': 'a Dapr Configuration has no top-level scopes; secret access goes in spec.secrets.scopes, app scoping on each Component',
};

/** The supported custom kinds; all use DNS-1123 subdomain names like any CR. */
export const CUSTOM_KINDS: readonly CustomKind[] = [
  { apiVersion: DAPR_API_VERSION, kind: 'Component', schema: componentSchema, rules: [componentRules], nameRule: 'dns1123-subdomain', hints: COMPONENT_HINTS },
  { apiVersion: DAPR_API_VERSION, kind: 'Configuration', schema: configurationSchema, rules: [configurationRules], nameRule: 'dns1123-subdomain', hints: CONFIGURATION_HINTS },
  { apiVersion: DAPR_API_VERSION, kind: 'HTTPEndpoint', schema: httpEndpointSchema, rules: [httpEndpointRules], nameRule: 'dns1123-subdomain' },
  { apiVersion: SUBSCRIPTION_API_VERSION, kind: 'Subscription', schema: subscriptionSchema, rules: [], nameRule: 'dns1123-subdomain' },
  { apiVersion: DAPR_API_VERSION, kind: 'Resiliency', schema: resiliencySchema, rules: [], nameRule: 'dns1123-subdomain' },
  { apiVersion: DAPR_API_VERSION, kind: 'MCPServer', schema: mcpServerSchema, rules: [mcpServerRules], nameRule: 'dns1123-subdomain' },
  { apiVersion: SEALED_SECRETS_API_VERSION, kind: 'SealedSecret', schema: sealedSecretSchema, rules: [sealedSecretRules], nameRule: 'dns1123-subdomain' },
  { apiVersion: ESO_API_VERSION, kind: 'ExternalSecret', schema: externalSecretSchema, rules: [], nameRule: 'dns1123-subdomain' },
  { apiVersion: ESO_API_VERSION, kind: 'SecretStore', schema: secretStoreSchema, rules: [secretStoreRules], nameRule: 'dns1123-subdomain' },
  { apiVersion: ESO_API_VERSION, kind: 'ClusterSecretStore', schema: clusterSecretStoreSchema, rules: [secretStoreRules], nameRule: 'dns1123-subdomain' },
];

/** ajv's options for the schemas: strict schema checking, all errors, never mutates data (no defaults, no coercion). */
export const AJV_OPTIONS: Options = { allErrors: true, strict: true };

/** `<apiVersion>/<kind>`, the key of a kind's generated validator. */
export function kindKey(kind: Pick<CustomKind, 'apiVersion' | 'kind'>): string {
  return `${kind.apiVersion}/${kind.kind}`;
}

let ajv: Ajv | undefined;
const compiled = new Map<SchemaObject, ValidateFunction>();

/** Compiles `schema` once and caches the validator. */
function compileSchema(schema: SchemaObject): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    ajv ??= new Ajv(AJV_OPTIONS);
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/**
 * The kind's validator: the one scripts/generate-validators.ts generated from its schema, or, for a kind
 * added since (test/validation/generated-validators.test.ts fails until `npm run generate`), compiled now.
 */
export function validatorFor(kind: CustomKind): ValidateFunction {
  return VALIDATORS[kindKey(kind)] ?? compileSchema(kind.schema);
}

/** The issues `validate` reports for `obj`. */
function schemaIssues(validate: ValidateFunction, obj: unknown): Issue[] {
  return validate(obj) ? [] : ajvErrorsToIssues(validate.errors, obj);
}

/** Appends the kind's hint, if any, to an issue at a hinted path. */
function withHint(kind: CustomKind, found: Issue): Issue {
  const hint = kind.hints?.[found.path];
  return hint ? { path: found.path, message: `${found.message}; ${hint}` } : found;
}

/** All issues of a custom-kind manifest: schema first, then the kind's rules. */
export function validateCustomKind(kind: CustomKind, obj: Record<string, unknown>): Issue[] {
  return [...schemaIssues(validatorFor(kind), obj), ...kind.rules.flatMap((rule) => rule(obj))].map((found) => withHint(kind, found));
}
