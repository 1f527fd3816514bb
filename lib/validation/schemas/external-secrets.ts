/**
 * Schemas for External Secrets Operator `external-secrets.io/v1`:
 * ExternalSecret, SecretStore and ClusterSecretStore (ecosystem-facts §3.2,
 * `apis/externalsecrets/v1/*_types.go`). The envelope is strict. The bodies of
 * the providers this library renders (vault, aws, azurekv, gcpsm) are checked
 * for the fields the library writes, with the CRD's required fields, enums and
 * name patterns, and allow the other fields; other providers' bodies and
 * `dataFrom` details are loose objects.
 */
import type { SchemaObject } from 'ajv';
import {
  arrayOf, bool, DNS1123_LABEL, dnsLabel, dnsSubdomain, freeObject, goDuration, int32, labelSelector, oneOfStrings, openObject,
  resourceRoot, SECRET_KEY, STD_BASE64, str, stringArray, stringMap, strictObject,
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
  secretStoreRef: strictObject({ name: dnsSubdomain, kind: oneOfStrings('SecretStore', 'ClusterSecretStore') }, ['name']),
  target: strictObject({
    name: dnsSubdomain,
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

/** `esmeta.SecretKeySelector`: a key of a Kubernetes Secret (`namespace` only for a ClusterSecretStore). */
const secretKeySelector = strictObject({ name: dnsSubdomain, key: { type: 'string', minLength: 1, maxLength: 253, pattern: SECRET_KEY }, namespace: dnsLabel });

/** `esmeta.ServiceAccountSelector`. */
const serviceAccountSelector = strictObject({ name: dnsSubdomain, namespace: dnsLabel, audiences: stringArray }, ['name']);

/** `VaultProvider`. */
const vaultProvider = openObject(
  {
    server: str,
    path: str,
    version: oneOfStrings('v1', 'v2'),
    namespace: str,
    caBundle: { type: 'string', pattern: STD_BASE64 },
    auth: openObject({
      namespace: str,
      tokenSecretRef: secretKeySelector,
      kubernetes: openObject({ mountPath: str, role: str, serviceAccountRef: serviceAccountSelector, secretRef: secretKeySelector }, ['mountPath', 'role']),
      appRole: openObject({ path: str, roleId: str, roleRef: secretKeySelector, secretRef: secretKeySelector }, ['path', 'secretRef']),
    }),
  },
  ['server'],
);

/** `AWSProvider` (Secrets Manager and Parameter Store). */
const awsProvider = openObject(
  {
    service: oneOfStrings('SecretsManager', 'ParameterStore'),
    region: str,
    role: str,
    auth: openObject({
      secretRef: openObject({ accessKeyIDSecretRef: secretKeySelector, secretAccessKeySecretRef: secretKeySelector, sessionTokenSecretRef: secretKeySelector }),
      jwt: openObject({ serviceAccountRef: serviceAccountSelector }),
    }),
  },
  ['region', 'service'],
);

/** `AzureKVProvider`. */
const azureKeyVaultProvider = openObject(
  {
    vaultUrl: str,
    tenantId: str,
    authType: oneOfStrings('ServicePrincipal', 'ManagedIdentity', 'WorkloadIdentity'),
    environmentType: oneOfStrings('PublicCloud', 'USGovernmentCloud', 'ChinaCloud', 'GermanCloud'),
    identityId: str,
    serviceAccountRef: serviceAccountSelector,
    authSecretRef: openObject({ clientId: secretKeySelector, clientSecret: secretKeySelector, clientCertificate: secretKeySelector, tenantId: secretKeySelector }),
  },
  ['vaultUrl'],
);

/** `GCPSMProvider`. */
const gcpSecretManagerProvider = openObject({
  projectID: str,
  location: str,
  auth: openObject({
    secretRef: openObject({ secretAccessKeySecretRef: secretKeySelector }),
    workloadIdentity: openObject({ clusterLocation: str, clusterName: str, clusterProjectID: str, serviceAccountRef: serviceAccountSelector }, ['serviceAccountRef']),
  }),
});

/** Bodies checked beyond "is an object": the providers this library renders. */
const PROVIDER_BODIES: Readonly<Record<string, SchemaObject>> = { vault: vaultProvider, aws: awsProvider, azurekv: azureKeyVaultProvider, gcpsm: gcpSecretManagerProvider };

/** `spec.provider`: known provider keys (exactly-one is a rule in rules.ts). */
const providerSchema = strictObject(Object.fromEntries(ESO_PROVIDERS.map((p) => [p, PROVIDER_BODIES[p] ?? freeObject])));

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
