/**
 * Schemas for the Dapr CRDs `dapr.io/v1alpha1` Component and Configuration,
 * written from the CRD structure (dapr charts/dapr/crds) and dapr-facts §a/§b.
 *
 * Where the CRD's structural schema would prune a field, the schema here
 * rejects it, so a misplaced key (for example `auth` inside `spec`) fails
 * loudly instead of vanishing on apply.
 */
import type { SchemaObject } from 'ajv';
import {
  anyValue, arrayOf, bool, freeObject, goDuration, int, int32, mapOf, nonEmptyStr, oneOfStrings,
  resourceRoot, str, stringArray, stringMap, strictObject,
} from './common';

/** Group/version shared by both kinds. */
export const DAPR_API_VERSION = 'dapr.io/v1alpha1';

/** NameValuePair: `name` plus a `value`, `secretKeyRef` or `envRef` (exactly-one is a rule in rules.ts). */
export const nameValuePair: SchemaObject = strictObject(
  {
    name: nonEmptyStr,
    value: anyValue,
    secretKeyRef: strictObject({ name: str, key: str }, ['name']),
    envRef: str,
  },
  ['name'],
);

/** Component `spec`. */
const componentSpec: SchemaObject = strictObject(
  {
    type: nonEmptyStr,
    version: str,
    metadata: arrayOf(nameValuePair),
    initTimeout: goDuration,
    ignoreErrors: bool,
  },
  ['type', 'version', 'metadata'],
);

/** Schema of a whole Component manifest; `auth` and `scopes` are siblings of `spec`. */
export const componentSchema: SchemaObject = resourceRoot(
  DAPR_API_VERSION,
  'Component',
  {
    spec: componentSpec,
    auth: strictObject({ secretStore: str }, ['secretStore']),
    scopes: stringArray,
  },
  ['spec'],
);

/** `spec.secrets`: per-store secret scopes (defaultAccess and duplicates are rules in rules.ts). */
const secretsSpec = strictObject(
  {
    scopes: arrayOf(
      strictObject({ storeName: str, defaultAccess: str, allowedSecrets: stringArray, deniedSecrets: stringArray }, ['storeName']),
    ),
  },
  ['scopes'],
);

/** `spec.accessControl`: service-invocation ACLs. */
const accessControlSpec = strictObject({
  defaultAction: str,
  trustDomain: str,
  policies: arrayOf(
    strictObject(
      {
        appId: str,
        defaultAction: str,
        trustDomain: str,
        namespace: str,
        operations: arrayOf(strictObject({ name: str, httpVerb: stringArray, action: str }, ['name', 'action'])),
      },
      ['appId'],
    ),
  ),
});

/** `spec.tracing`. */
const tracingSpec = strictObject(
  {
    samplingRate: str,
    stdout: bool,
    zipkin: strictObject({ endpointAddress: str }, ['endpointAddress']),
    otel: strictObject(
      { protocol: str, endpointAddress: str, isSecure: bool, headers: arrayOf(nameValuePair), timeout: goDuration },
      ['protocol', 'endpointAddress', 'isSecure'],
    ),
  },
  ['samplingRate'],
);

/** `spec.metric` / `spec.metrics` (two spellings, one shape). */
const metricSpec = strictObject(
  {
    enabled: bool,
    recordErrorCodes: bool,
    http: strictObject({ increasedCardinality: bool, pathMatching: stringArray, excludeVerbs: bool }),
    rules: arrayOf(
      strictObject({ name: str, labels: arrayOf(strictObject({ name: str, regex: stringMap }, ['name', 'regex'])) }, ['name', 'labels']),
    ),
    latencyDistributionBuckets: arrayOf(int),
    workflow: strictObject({ latencyDistributionBuckets: arrayOf(int), latencyDistributionUnits: str }),
  },
  ['enabled'],
);

/** `spec.mtls`; the CRD requires sentryAddress and controlPlaneTrustDomain whenever mtls is set. */
const mtlsSpec = strictObject(
  {
    enabled: bool,
    workloadCertTTL: str,
    allowedClockSkew: str,
    sentryAddress: str,
    controlPlaneTrustDomain: str,
    tokenValidators: arrayOf(strictObject({ name: oneOfStrings('jwks'), options: freeObject }, ['name'])),
  },
  ['enabled', 'sentryAddress', 'controlPlaneTrustDomain'],
);

/** `spec.httpPipeline` / `spec.appHttpPipeline`. */
const pipelineSpec = strictObject(
  {
    handlers: arrayOf(
      strictObject(
        {
          name: str,
          type: str,
          selector: strictObject({ fields: arrayOf(strictObject({ field: str, value: str }, ['field', 'value'])) }, ['fields']),
        },
        ['name', 'type'],
      ),
    ),
  },
  ['handlers'],
);

/** `spec.api`: allow/deny lists of Dapr APIs. */
const apiRule = strictObject({ name: str, version: str, protocol: str }, ['name', 'version']);

/** A per-name concurrency limit in `spec.workflow`. */
const namedLimit = strictObject({ name: str, maxConcurrent: int32 });

/** `spec.workflow`. */
const workflowSpec = strictObject({
  maxConcurrentWorkflowInvocations: int32,
  maxConcurrentActivityInvocations: int32,
  globalMaxConcurrentWorkflowInvocations: int32,
  globalMaxConcurrentActivityInvocations: int32,
  workflowConcurrencyLimits: arrayOf(namedLimit),
  activityConcurrencyLimits: arrayOf(namedLimit),
  stateRetentionPolicy: strictObject({ anyTerminal: str, completed: str, failed: str, terminated: str }),
});

/** Configuration `spec`. */
const configurationSpec = strictObject({
  secrets: secretsSpec,
  accessControl: accessControlSpec,
  tracing: tracingSpec,
  metric: metricSpec,
  metrics: metricSpec,
  mtls: mtlsSpec,
  nameResolution: strictObject({ component: str, version: str, configuration: freeObject }, ['component', 'version', 'configuration']),
  features: arrayOf(strictObject({ name: str, enabled: bool }, ['name', 'enabled'])),
  api: strictObject({ allowed: arrayOf(apiRule), denied: arrayOf(apiRule) }),
  httpPipeline: pipelineSpec,
  appHttpPipeline: pipelineSpec,
  components: strictObject({ deny: stringArray }),
  logging: strictObject({ apiLogging: strictObject({ enabled: bool, obfuscateURLs: bool, omitHealthChecks: bool }) }),
  wasm: strictObject({ strictSandbox: bool }),
  workflow: workflowSpec,
});

/** Schema of a whole Configuration manifest; it has no top-level `scopes` or `auth`. */
export const configurationSchema: SchemaObject = resourceRoot(DAPR_API_VERSION, 'Configuration', { spec: configurationSpec });

/** A `secretKeyRef` (name required). */
const secretKeyRefSchema: SchemaObject = strictObject({ name: str, key: str }, ['name']);

/** A TLS document of an HTTPEndpoint: a value or a secretKeyRef. */
const tlsDocument: SchemaObject = strictObject({ value: anyValue, secretKeyRef: secretKeyRefSchema });

/** Schema of an HTTPEndpoint (`dapr.io/v1alpha1`): `spec.baseUrl` required; `auth` and `scopes` beside `spec`. */
export const httpEndpointSchema: SchemaObject = resourceRoot(
  DAPR_API_VERSION,
  'HTTPEndpoint',
  {
    spec: strictObject(
      {
        baseUrl: nonEmptyStr,
        headers: arrayOf(nameValuePair),
        clientTLS: strictObject({
          rootCA: tlsDocument,
          certificate: tlsDocument,
          privateKey: tlsDocument,
          renegotiation: oneOfStrings('Never', 'OnceAsClient', 'FreelyAsClient'),
        }),
      },
      ['baseUrl'],
    ),
    auth: strictObject({ secretStore: str }, ['secretStore']),
    scopes: stringArray,
  },
  ['spec'],
);

/** The served-and-stored Subscription version. */
export const SUBSCRIPTION_API_VERSION = 'dapr.io/v2alpha1';

/** Schema of a declarative Subscription (`dapr.io/v2alpha1`). */
export const subscriptionSchema: SchemaObject = resourceRoot(
  SUBSCRIPTION_API_VERSION,
  'Subscription',
  {
    spec: strictObject(
      {
        pubsubname: nonEmptyStr,
        topic: nonEmptyStr,
        routes: strictObject({ default: str, rules: arrayOf(strictObject({ match: str, path: str }, ['match', 'path'])) }),
        deadLetterTopic: str,
        metadata: stringMap,
        bulkSubscribe: strictObject({ enabled: bool, maxMessagesCount: int32, maxAwaitDurationMs: int32 }, ['enabled']),
      },
      ['pubsubname', 'topic', 'routes'],
    ),
    scopes: stringArray,
  },
  ['spec'],
);

/** A policy reference set of a Resiliency target. */
const policyRefs = { timeout: str, retry: str, circuitBreaker: str };

/** Schema of a Resiliency (`dapr.io/v1alpha1`): `spec.policies` and `spec.targets` are both required. */
export const resiliencySchema: SchemaObject = resourceRoot(
  DAPR_API_VERSION,
  'Resiliency',
  {
    spec: strictObject(
      {
        policies: strictObject({
          timeouts: mapOf(str),
          retries: mapOf(strictObject({
            policy: str,
            duration: str,
            maxInterval: str,
            maxRetries: int,
            matching: strictObject({ httpStatusCodes: str, gRPCStatusCodes: str }),
          })),
          circuitBreakers: mapOf(strictObject({ maxRequests: int, interval: str, timeout: str, trip: str })),
        }),
        targets: strictObject({
          apps: mapOf(strictObject({ ...policyRefs, circuitBreakerCacheSize: int })),
          actors: mapOf(strictObject({ ...policyRefs, circuitBreakerCacheSize: int, circuitBreakerScope: str })),
          components: mapOf(strictObject({ inbound: strictObject(policyRefs), outbound: strictObject(policyRefs) })),
        }),
      },
      ['policies', 'targets'],
    ),
    scopes: stringArray,
  },
  ['spec'],
);

/** `auth` of an MCPServer transport: the secret store, OAuth2 and SPIFFE. */
const mcpAuth: SchemaObject = strictObject({
  secretStore: str,
  oauth2: strictObject({ issuer: nonEmptyStr, audience: str, clientID: str, scopes: stringArray, secretKeyRef: secretKeyRefSchema }, ['issuer']),
  spiffe: strictObject({ jwt: strictObject({ audience: nonEmptyStr, header: nonEmptyStr, headerValuePrefix: str }, ['audience', 'header']) }),
});

/** An HTTP transport of an MCPServer (streamable HTTP or SSE). */
const mcpHttpTransport: SchemaObject = strictObject(
  { url: nonEmptyStr, headers: arrayOf(nameValuePair), auth: mcpAuth, timeout: str, protocolVersion: str },
  ['url'],
);

/** Schema of an MCPServer (`dapr.io/v1alpha1`, new in Dapr 1.18): exactly one transport in `spec.endpoint`. */
export const mcpServerSchema: SchemaObject = resourceRoot(
  DAPR_API_VERSION,
  'MCPServer',
  {
    spec: strictObject(
      {
        endpoint: {
          ...strictObject({
            streamableHTTP: mcpHttpTransport,
            sse: mcpHttpTransport,
            stdio: strictObject({ command: nonEmptyStr, args: stringArray, env: arrayOf(nameValuePair) }, ['command']),
          }),
          minProperties: 1,
          maxProperties: 1,
        },
        catalog: strictObject({
          displayName: str,
          links: stringMap,
          owner: strictObject({ contact: str, team: str }),
          tags: stringArray,
        }),
        ignoreErrors: bool,
        middleware: freeObject,
      },
      ['endpoint'],
    ),
    scopes: stringArray,
  },
  ['spec'],
);
