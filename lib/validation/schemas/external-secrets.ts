/**
 * Schemas for External Secrets Operator `external-secrets.io/v1`:
 * ExternalSecret, SecretStore and ClusterSecretStore (ecosystem-facts §3.2,
 * `apis/externalsecrets/v1/*_types.go`). Provider bodies and `dataFrom`
 * details are loose objects; the envelope around them is strict.
 */
import type { SchemaObject } from 'ajv';
import {
  arrayOf, bool, DNS1123_LABEL, freeObject, goDuration, int32, labelSelector, nonEmptyStr, oneOfStrings,
  resourceRoot, SECRET_KEY, str, stringArray, stringMap, strictObject,
} from './common';

/** Group/version of all three kinds. */
export const ESO_API_VERSION = 'external-secrets.io/v1';

/** Provider keys of `SecretStoreSpec.provider` in ESO v1 (exactly one may be set). */
export const ESO_PROVIDERS: readonly string[] = [
  'akeyless', 'aws', 'azurekv', 'barbican', 'beyondtrust', 'beyondtrustworkloadcredentials', 'bitwardensecretsmanager',
  'chef', 'cloudrusm', 'conjur', 'delinea', 'doppler', 'dvls', 'fake', 'fortanix', 'gcpsm', 'github', 'gitlab', 'ibm',
  'infisical', 'keepersecurity', 'kubernetes', 'nebiusmysterybox', 'ngrok', 'onboardbase', 'onepassword', 'onepasswordSDK',
  'oracle', 'ovh', 'passbolt', 'passworddepot', 'previder', 'pulumi', 'scaleway', 'secretserver', 'senhasegura', 'vault',
  'volcengine', 'webhook', 'yandexcertificatemanager', 'yandexlockbox',
];

/** `remoteRef` / `dataFrom[].extract`: where a value lives in the provider. */
const remoteRef = strictObject(
  {
    key: str,
    property: str,
    version: str,
    metadataPolicy: oneOfStrings('None', 'Fetch'),
    conversionStrategy: oneOfStrings('Default', 'Unicode'),
    decodingStrategy: oneOfStrings('None', 'Base64', 'Base64URL', 'Auto'),
  },
  ['key'],
);

/** `spec.target.template`: blueprint of the generated Secret. */
const targetTemplate = strictObject({
  type: str,
  engineVersion: oneOfStrings('v2'),
  metadata: strictObject({ labels: stringMap, annotations: stringMap }),
  mergePolicy: oneOfStrings('Replace', 'Merge'),
  data: stringMap,
  templateFrom: arrayOf(freeObject),
});

/** ExternalSecret `spec`. */
const externalSecretSpec = strictObject({
  secretStoreRef: strictObject({ name: nonEmptyStr, kind: oneOfStrings('SecretStore', 'ClusterSecretStore') }, ['name']),
  target: strictObject({
    name: nonEmptyStr,
    creationPolicy: oneOfStrings('Owner', 'Orphan', 'Merge', 'None'),
    deletionPolicy: oneOfStrings('Delete', 'Merge', 'Retain'),
    template: targetTemplate,
    immutable: bool,
  }),
  refreshInterval: goDuration,
  refreshPolicy: oneOfStrings('CreatedOnce', 'Periodic', 'OnChange'),
  data: arrayOf(
    strictObject({ secretKey: { type: 'string', pattern: SECRET_KEY }, remoteRef, sourceRef: freeObject }, ['secretKey', 'remoteRef']),
  ),
  dataFrom: arrayOf(strictObject({ extract: remoteRef, find: freeObject, rewrite: arrayOf(freeObject), sourceRef: freeObject })),
});

/** Schema of a whole ExternalSecret manifest. */
export const externalSecretSchema: SchemaObject = resourceRoot(ESO_API_VERSION, 'ExternalSecret', { spec: externalSecretSpec }, ['spec']);

/** `spec.provider`: known provider keys with loose bodies (exactly-one is a rule in rules.ts). */
const providerSchema = strictObject(Object.fromEntries(ESO_PROVIDERS.map((p) => [p, freeObject])));

/** SecretStoreSpec, shared by SecretStore and ClusterSecretStore. */
const secretStoreSpec = strictObject(
  {
    controller: str,
    provider: providerSchema,
    retrySettings: strictObject({ maxRetries: int32, retryInterval: goDuration }),
    refreshInterval: { type: 'integer', minimum: 0 },
    conditions: arrayOf(
      strictObject({
        namespaceSelector: labelSelector,
        namespaces: arrayOf({ type: 'string', pattern: DNS1123_LABEL, maxLength: 63 }),
        namespaceRegexes: stringArray,
      }),
    ),
  },
  ['provider'],
);

/** Schema of a whole SecretStore manifest. */
export const secretStoreSchema: SchemaObject = resourceRoot(ESO_API_VERSION, 'SecretStore', { spec: secretStoreSpec }, ['spec']);

/** Schema of a whole ClusterSecretStore manifest. */
export const clusterSecretStoreSchema: SchemaObject = resourceRoot(ESO_API_VERSION, 'ClusterSecretStore', { spec: secretStoreSpec }, ['spec']);
