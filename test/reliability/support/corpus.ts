/**
 * The bad-input corpus: programs a user could write by mistake, each with the error synth must give
 * (construct path in brackets, the field, a fix) and, where the mistake plants a credential, the planted
 * value that must never appear in the message.
 */
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import {
  DaprApp, DaprComponent, DeclaredSecret, HashicorpVaultSecretStore, HttpEndpoint, KafkaAuth, KafkaPubSub, KubernetesSecretStore, RedisStateStore, SecretDelivery,
} from '../../../lib';

/** A value a case plants where a credential must not go. */
export const PLANTED = 'Pl4nted-S3cret-value-9f2c';

export interface CorpusCase {
  /** What the user got wrong. */
  readonly name: string;
  /** Builds the mistake into `chart` (namespace `shop`, id `shop`). */
  readonly build: (chart: Chart) => void;
  /** The construct path the message names, without brackets. */
  readonly path: string;
  /** The field the message names, as it appears in the message. */
  readonly field: string;
  /** The rest of the message (a fragment, or a pattern). */
  readonly message: string | RegExp;
  /** What the Pulumi renderer reports instead, when it refuses for a reason of its own. @default - the same */
  readonly pulumi?: Pick<CorpusCase, 'path' | 'field' | 'message'>;
}

const app = (chart: Chart, props: Partial<ConstructorParameters<typeof DaprApp>[2]> = {}) => new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1.0.0', ...props } as any);
const store = (chart: Chart) => new KubernetesSecretStore(chart, 'kubernetes-secrets');
const secret = (chart: Chart, keys = ['password'], extra: object = {}) => new DeclaredSecret(chart, 'db', { store: store(chart), keys, ...extra } as any);
const redis = (chart: Chart, redisHost: string) => {
  const c = new RedisStateStore(chart, 'statestore', { redisHost, redisPassword: secret(chart).keyRef('password') });
  app(chart, { components: [c] });
  return c;
};
const raw = (chart: Chart, obj: object) => new ApiObject(chart, 'raw', obj as any);
const deploymentPatch = (chart: Chart, patch: JsonPatch) => ApiObject.of(app(chart).deployment).addJsonPatch(patch);
const generic = (chart: Chart, props: object) => {
  const c = new DaprComponent(chart, 'generic', props as any);
  app(chart, { components: [c] });
  return c;
};
const tracing = (chart: Chart, t: object) => app(chart, { tracing: { samplingRate: '1', ...t } as any });
const url = (scheme: string, host: string) => `${scheme}://admin:${PLANTED}@${host}`;

export const CORPUS: readonly CorpusCase[] = [
  // The app
  { name: 'appId with capitals', build: (c) => app(c, { appId: 'Cart' }), path: 'shop/cart', field: 'appId', message: 'is not a DNS-1123 label' },
  { name: 'appId too long for <app-id>-dapr', build: (c) => app(c, { appId: 'a'.repeat(60) }), path: 'shop/cart', field: 'appId', message: 'at most 58 characters' },
  { name: 'empty appId', build: (c) => app(c, { appId: '' }), path: 'shop/cart', field: 'appId', message: 'is not a DNS-1123 label' },
  { name: 'empty image', build: (c) => app(c, { image: '' }), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.spec.containers[0].image', message: 'container "app" has no image' },
  { name: 'blank image', build: (c) => app(c, { image: '   ' }), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.spec.containers[0].image', message: 'container "app" has no image' },
  { name: 'image with a space', build: (c) => app(c, { image: 'cart: 1.0' }), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.spec.containers[0].image', message: 'has an image reference with whitespace' },
  { name: 'negative replicas', build: (c) => app(c, { replicas: -1 }), path: 'shop/cart', field: 'replicas', message: 'expected a whole number of at least 0, got -1' },
  { name: 'fractional replicas', build: (c) => app(c, { replicas: 1.5 }), path: 'shop/cart', field: 'replicas', message: 'expected a whole number of at least 0, got 1.5' },
  { name: 'NaN replicas', build: (c) => app(c, { replicas: NaN }), path: 'shop/cart', field: 'replicas', message: 'expected a whole number of at least 0, got NaN' },
  { name: 'app port 0', build: (c) => app(c, { appPort: 0 }), path: 'shop/cart', field: 'appPort', message: '0 is not a TCP port' },
  { name: 'app port above 65535', build: (c) => app(c, { appPort: 70000 }), path: 'shop/cart', field: 'appPort', message: '70000 is not a TCP port' },
  { name: 'fractional app port', build: (c) => app(c, { appPort: 80.5 }), path: 'shop/cart', field: 'appPort', message: '80.5 is not a TCP port' },
  { name: 'credential env name with a literal', build: (c) => app(c, { env: { DB_PASSWORD: PLANTED } }), path: 'shop/cart', field: 'env.DB_PASSWORD', message: 'looks like a credential' },
  { name: 'env value with user:password@', build: (c) => app(c, { env: { DATABASE_URL: url('postgres', 'db:5432/shop') } }), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.spec.containers[0].env[0].value', message: 'embeds a password in a URL' },
  { name: 'env value with password=', build: (c) => app(c, { env: { DSN: `Server=db;User Id=shop;Password=${PLANTED}` } }), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.spec.containers[0].env[0].value', message: 'embeds a password= pair' },
  { name: 'env value that is not a string', build: (c) => app(c, { env: { PORT: 8080 as any } }), path: 'shop/cart', field: 'env.PORT', message: 'expected a string' },
  { name: 'credential-looking label key', build: (c) => app(c, { labels: { 'db-password': PLANTED } }), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.metadata.labels["db-password"]', message: 'the label key looks like a credential and has a literal value' },
  { name: 'label value with user:password@', build: (c) => app(c, { labels: { upstream: url('https', 'api.example.com') } }), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.metadata.labels.upstream', message: 'embeds a password in a URL' },
  { name: 'dapr.io/env with a credential', build: (c) => app(c, { annotations: { 'dapr.io/env': `LOG=debug,REDIS_PASSWORD=${PLANTED}` } }), path: 'shop/cart', field: 'annotations[dapr.io/env]', message: 'variable "REDIS_PASSWORD" looks like a credential' },
  { name: 'annotation value with password=', build: (c) => app(c, { annotations: { 'example.com/dsn': `host=db password=${PLANTED}` } }), path: 'shop/cart', field: 'annotations[example.com/dsn]', message: 'is not an annotation the Dapr sidecar injector reads' },
  { name: 'credential-looking annotation key', build: (c) => app(c, { annotations: { 'checksum/api-token': PLANTED } }), path: 'shop/cart', field: 'annotations[checksum/api-token]', message: 'is not an annotation the Dapr sidecar injector reads' },
  { name: 'unknown log level', build: (c) => app(c, { logLevel: 'verbose' as any }), path: 'shop/cart', field: 'logLevel', message: '"verbose" is not one of' },
  { name: 'unknown app protocol', build: (c) => app(c, { appProtocol: 'ftp' as any }), path: 'shop/cart', field: 'appProtocol', message: '"ftp" is not one of' },
  { name: 'sidecar CPU limit that is no quantity', build: (c) => app(c, { sidecarResources: { cpuLimit: 'abc' } }), path: 'shop/cart', field: 'sidecar.cpuLimit', message: '"abc" is not a Kubernetes quantity' },
  { name: 'CPU limit that is no quantity', build: (c) => app(c, { resources: { cpuLimit: 'abc' } }), path: 'shop/cart', field: 'resources.cpuLimit', message: '"abc" is not a CPU quantity in whole millicores' },
  { name: 'memory limit of no whole mebibytes', build: (c) => app(c, { resources: { memoryLimit: '100Ki' } }), path: 'shop/cart', field: 'resources.memoryLimit', message: "'100 kibibytes' cannot be converted into a whole number of mebibytes" },
  { name: 'CPU request above its limit', build: (c) => app(c, { resources: { cpuRequest: '2', cpuLimit: '1' } }), path: 'shop/cart', field: 'resources.cpuRequest', message: '"2" is more than cpuLimit "1"; the API server refuses a pod whose request exceeds its limit' },
  { name: 'memory request above the default limit', build: (c) => app(c, { resources: { memoryRequest: '1Gi' } }), path: 'shop/cart', field: 'resources.memoryRequest', message: '"1Gi" is more than memoryLimit "256Mi"' },
  { name: 'env name with "="', build: (c) => app(c, { env: { 'A=B': 'x' } }), path: 'shop/cart', field: 'env["A=B"]', message: '"A=B" is not an environment variable name Kubernetes accepts' },
  { name: 'name label other than the app ID', build: (c) => app(c, { labels: { 'app.kubernetes.io/name': 'basket' } }), path: 'shop/cart', field: 'labels[app.kubernetes.io/name]', message: '"basket" differs from the app ID "cart"' },
  { name: 'invocation grant with a verb daprd does not match', build: (c) => app(c).allowInvocationFrom({ appId: 'gateway', namespace: 'edge' }, { operations: [{ name: '/orders', httpVerbs: ['FETCH' as any] }] }), path: 'shop/cart/Configuration', field: 'allowInvocationFrom(gateway).operations[0].httpVerbs[0]', message: '"FETCH" is not an HTTP verb daprd matches' },
  { name: 'invocation grant with an operation that is no path', build: (c) => app(c).allowInvocationFrom({ appId: 'gateway', namespace: 'edge' }, { operations: [{ name: 'orders' }] }), path: 'shop/cart/Configuration', field: 'allowInvocationFrom(gateway).operations[0].name', message: '"orders" is not a method path: daprd matches paths that start with "/"' },
  { name: 'metrics scrapers with metrics off', build: (c) => app(c, { annotations: { 'dapr.io/enable-metrics': 'false' }, allowMetricsFrom: [{ podLabels: { 'app.kubernetes.io/name': 'prometheus' }, namespace: 'monitoring' }] }), path: 'shop/cart', field: 'allowMetricsFrom', message: "dapr.io/enable-metrics turns daprd's metrics off, so there is no metrics port to open" },
  { name: 'namespace with capitals', build: (c) => app(c, { namespace: 'Shop' }), path: 'shop/cart', field: 'namespace', message: '"Shop" is not a DNS-1123 label' },
  { name: 'two apps with one appId', build: (c) => { app(c); new DaprApp(c, 'cart2', { appId: 'cart', image: 'cart:1' }); }, path: 'shop/cart2', field: 'metadata.name', message: 'duplicate Dapr app ID "shop/cart"' },
  { name: 'unnamed feature', build: (c) => app(c, { features: [{ name: '', enabled: true }] }), path: 'shop/cart/Configuration/Resource', field: '$.spec.features[0].name', message: 'a preview feature has no name' },
  // Tracing in the app's Configuration
  { name: 'sampling rate above 1', build: (c) => tracing(c, { samplingRate: '2' }), path: 'shop/cart/Configuration', field: 'tracing.samplingRate', message: '"2" is not a sampling rate' },
  { name: 'sampling rate that is no number', build: (c) => tracing(c, { samplingRate: 'all' }), path: 'shop/cart/Configuration', field: 'tracing.samplingRate', message: '"all" is not a sampling rate' },
  { name: 'negative sampling rate', build: (c) => tracing(c, { samplingRate: '-0.5' }), path: 'shop/cart/Configuration', field: 'tracing.samplingRate', message: '"-0.5" is not a sampling rate' },
  { name: 'zipkin endpoint without a scheme', build: (c) => tracing(c, { zipkinEndpoint: 'zipkin:9411/api/v2/spans' }), path: 'shop/cart/Configuration/Resource', field: '$.spec.tracing.zipkin.endpointAddress', message: 'is not an absolute URL' },
  { name: 'zipkin endpoint with user:password@', build: (c) => tracing(c, { zipkinEndpoint: url('http', 'zipkin:9411/api/v2/spans') }), path: 'shop/cart/Configuration/Resource', field: '$.spec.tracing.zipkin.endpointAddress', message: 'carries user information before "@"' },
  { name: 'otel endpoint without a port', build: (c) => tracing(c, { otelEndpoint: 'collector' }), path: 'shop/cart/Configuration/Resource', field: '$.spec.tracing.otel.endpointAddress', message: 'is not host:port' },
  { name: 'otel endpoint with user:password@', build: (c) => tracing(c, { otelEndpoint: url('https', 'collector:4318') }), path: 'shop/cart/Configuration/Resource', field: '$.spec.tracing.otel.endpointAddress', message: 'carries user information before "@"' },
  // Declared secrets
  { name: 'secret name with capitals', build: (c) => new DeclaredSecret(c, 'db', { name: 'Db_Secret', keys: ['password'] }), path: 'shop/db', field: 'name', message: 'cannot hold a secret named "Db_Secret"' },
  { name: 'secret with a value prop', build: (c) => new DeclaredSecret(c, 'db', { keys: ['password'], value: PLANTED } as any), path: 'shop/db', field: 'value', message: 'DeclaredSecret has no prop "value"; it never takes secret values' },
  { name: 'sealed delivery with an unknown scope', build: (c) => new DeclaredSecret(c, 'db', { keys: ['password'], delivery: SecretDelivery.sealed({ sealedFile: '/nonexistent/sealed.json', scope: 'everywhere' as any }) }), path: 'shop/db', field: 'delivery.scope', message: '"everywhere" is not a sealing scope' },
  { name: 'out-of-band variable that is no shell name', build: (c) => new DeclaredSecret(c, 'db', { keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { password: 'DB-PASSWORD' } }) }), path: 'shop/db', field: 'delivery.envVars.password', message: '"DB-PASSWORD" is not a shell variable name' },
  { name: 'secret without keys', build: (c) => new DeclaredSecret(c, 'db', { store: store(c), keys: [] }), path: 'shop/db', field: 'keys', message: 'declares no keys' },
  { name: 'secret key with a slash', build: (c) => new DeclaredSecret(c, 'db', { keys: ['pass/word'] }), path: 'shop/db', field: 'keys', message: '"pass/word" is not a valid Secret key' },
  { name: 'secret key twice', build: (c) => new DeclaredSecret(c, 'db', { keys: ['password', 'password'] }), path: 'shop/db', field: 'keys', message: 'key "password" is declared twice' },
  { name: 'reference to an undeclared key', build: (c) => secret(c).keyRef('username'), path: 'shop/db', field: 'keyRef', message: 'declares no key "username"' },
  { name: 'two secrets with one name', build: (c) => { new DeclaredSecret(c, 'db', { keys: ['a'] }); new DeclaredSecret(c, 'db2', { name: 'db', keys: ['b'] }); }, path: 'shop/db2', field: 'metadata.name', message: 'duplicate secret "Secret:shop/db"' },
  { name: 'out-of-band variable that the loader reads', build: (c) => new DeclaredSecret(c, 'ld', { keys: ['preload'] }), path: 'shop/ld', field: 'keys[preload]', message: 'LD_PRELOAD, a name reserved' },
  { name: 'two keys read from one variable', build: (c) => new DeclaredSecret(c, 'db', { keys: ['api-key', 'api_key'] }), path: 'shop/db', field: 'keys[api_key]', message: 'would read DB_API_KEY for both key "api-key" and key "api_key"' },
  { name: 'declared secret nothing uses', build: (c) => new DeclaredSecret(c, 'db', { keys: ['password'] }), path: 'shop/db', field: 'keys', message: 'secret "db" is declared but nothing in the program references it' },
  { name: 'declared key nothing uses', build: (c) => { const s = secret(c, ['username', 'password']); app(c, { components: [new RedisStateStore(c, 'statestore', { redisHost: 'redis:6379', redisPassword: s.keyRef('password') })] }); }, path: 'shop/db', field: 'keys[username]', message: 'key "username" of secret "db" is declared but nothing in the program references it' },
  { name: 'blank externalConsumer', build: (c) => new DeclaredSecret(c, 'db', { keys: ['password'], externalConsumer: '' }), path: 'shop/db', field: 'externalConsumer', message: 'expected a non-empty string naming who uses the secret' },
  { name: 'TLS secret without tls.key', build: (c) => new DeclaredSecret(c, 'db', { type: 'kubernetes.io/tls', keys: ['tls.crt'] }), path: 'shop/db', field: 'type', message: 'a kubernetes.io/tls Secret must hold "tls.crt" and "tls.key", but key "tls.key" is not declared' },
  { name: 'basic-auth secret without username or password', build: (c) => new DeclaredSecret(c, 'db', { type: 'kubernetes.io/basic-auth', keys: ['user', 'pass'] }), path: 'shop/db', field: 'type', message: 'must hold at least one of "username" and "password"' },
  { name: 'ssh-auth secret without ssh-privatekey', build: (c) => new DeclaredSecret(c, 'db', { type: 'kubernetes.io/ssh-auth', keys: ['id_ed25519'] }), path: 'shop/db', field: 'type', message: 'must hold "ssh-privatekey"' },
  { name: 'dockerconfigjson secret without .dockerconfigjson', build: (c) => new DeclaredSecret(c, 'db', { type: 'kubernetes.io/dockerconfigjson', keys: ['config.json'] }), path: 'shop/db', field: 'type', message: 'must hold ".dockerconfigjson"' },
  { name: 'declared ServiceAccount token Secret', build: (c) => new DeclaredSecret(c, 'db', { type: 'kubernetes.io/service-account-token', keys: ['token'] }), path: 'shop/db', field: 'type', message: 'the token controller fills a kubernetes.io/service-account-token Secret itself' },
  { name: 'blank Secret type', build: (c) => new DeclaredSecret(c, 'db', { type: ' ', keys: ['password'] }), path: 'shop/db', field: 'type', message: '" " is not a Secret type' },
  { name: 'Secret type on a secret outside Kubernetes', build: (c) => new DeclaredSecret(c, 'db', { name: 'team/db', keys: ['password'], type: 'kubernetes.io/basic-auth', store: new HashicorpVaultSecretStore(c, 'vault', { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/var/run/secrets/vault/token', unscoped: true }) }), path: 'shop/db', field: 'type', message: 'store "vault" does not read Kubernetes Secrets, so no Secret of type "kubernetes.io/basic-auth" exists' },
  { name: 'container env from a secret outside Kubernetes', build: (c) => new DeclaredSecret(c, 'db', { name: 'team/db', keys: ['password'], store: new HashicorpVaultSecretStore(c, 'vault', { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/var/run/secrets/vault/token', unscoped: true }) }).envValue(app(c), 'password'), path: 'shop/db', field: 'envValue', message: 'which is not a Kubernetes Secret, so no secretKeyRef can read it' },
  { name: 'secret label that is no label', build: (c) => new DeclaredSecret(c, 'db', { keys: ['password'], labels: { tier: '$(id)' } } as any), path: 'shop/db', field: 'labels[tier]', message: 'is not a label value' },
  // Components
  { name: 'empty Redis host', build: (c) => redis(c, ''), path: 'shop/statestore/Resource', field: '$.spec.metadata[0].value', message: 'redisHost is empty' },
  { name: 'Redis host with user:password@', build: (c) => redis(c, url('redis', 'redis:6379')), path: 'shop/statestore', field: 'spec.metadata[redisHost]', message: 'embeds a password in a URL' },
  { name: 'no Kafka brokers', build: (c) => new KafkaPubSub(c, 'pubsub', { brokers: [], auth: KafkaAuth.none() }), path: 'shop/pubsub', field: 'brokers', message: 'expected a non-empty list of "host:port", got []' },
  { name: 'empty Kafka broker', build: (c) => new KafkaPubSub(c, 'pubsub', { brokers: [''], auth: KafkaAuth.none() }), path: 'shop/pubsub', field: 'brokers', message: 'expected a non-empty list of "host:port"' },
  { name: 'an empty broker among others', build: (c) => new KafkaPubSub(c, 'pubsub', { brokers: ['kafka-0:9092', ' '], auth: KafkaAuth.none() }), path: 'shop/pubsub', field: 'brokers', message: 'expected a non-empty list of "host:port"' },
  { name: 'Kafka broker with a port that is no number', build: (c) => app(c, { components: [new KafkaPubSub(c, 'pubsub', { brokers: ['kafka-0:9092', 'kafka-1:port'], auth: KafkaAuth.none() })] }), path: 'shop/pubsub/Resource', field: '$.spec.metadata[0].value', message: 'brokers has an address whose port is not a number from 1 to 65535' },
  { name: 'Redis host with a space', build: (c) => redis(c, 'redis master:6379'), path: 'shop/statestore/Resource', field: '$.spec.metadata[0].value', message: 'redisHost has whitespace inside an address' },
  { name: 'image with a capital letter', build: (c) => app(c, { image: 'Shop/Cart:1.0' }), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.spec.containers[0].image', message: 'which is not an image reference' },
  { name: 'misspelled component type', build: (c) => generic(c, { type: 'state.redsi', metadata: { redisHost: 'redis:6379' } }), path: 'shop/generic', field: 'spec.type', message: 'did you mean "state.redis"' },
  { name: 'unknown metadata field', build: (c) => generic(c, { type: 'state.redis', metadata: { redisHots: 'redis:6379' } }), path: 'shop/generic', field: 'spec.metadata[redisHots]', message: 'did you mean "redisHost"' },
  { name: 'sensitive field as a plain value', build: (c) => generic(c, { type: 'state.redis', metadata: { redisHost: 'redis:6379', redisPassword: PLANTED } }), path: 'shop/generic', field: 'spec.metadata[redisPassword]', message: 'marks "redisPassword" sensitive' },
  { name: 'component version daprd lacks', build: (c) => generic(c, { type: 'state.redis', version: 'v9', metadata: { redisHost: 'redis:6379' } }), path: 'shop/generic', field: 'spec.version', message: 'has no version "v9"' },
  { name: 'connection string with password=', build: (c) => generic(c, { type: 'state.postgresql', version: 'v2', metadata: { connectionString: `host=db password=${PLANTED}` } }), path: 'shop/generic', field: 'spec.metadata[connectionString]', message: 'marks "connectionString" sensitive' },
  { name: 'value outside the allowed ones', build: (c) => generic(c, { type: 'state.redis', metadata: { redisHost: 'redis:6379', redisType: 'galaxy' } }), path: 'shop/generic', field: 'spec.metadata[redisType]', message: 'is not one of the allowed values' },
  { name: 'component no app loads', build: (c) => new RedisStateStore(c, 'statestore', { redisHost: 'redis:6379', redisPassword: secret(c).keyRef('password') }), path: 'shop/statestore', field: 'scopes', message: 'no DaprApp of this cdk8s App loads component "statestore"' },
  { name: 'component name with capitals', build: (c) => generic(c, { name: 'State_Store', type: 'state.redis', metadata: { redisHost: 'redis:6379' } }), path: 'shop/generic', field: 'name', message: '"State_Store" is not a DNS-1123 name' },
  { name: 'HTTP endpoint URL with user:password@', build: (c) => new HttpEndpoint(c, 'api', { baseUrl: url('https', 'api.example.com') }), path: 'shop/api', field: 'baseUrl', message: 'embeds a password in a URL' },
  { name: 'HTTP endpoint URL that is no URL', build: (c) => new HttpEndpoint(c, 'api', { baseUrl: 'api.example.com' }), path: 'shop/api', field: 'baseUrl', message: 'is not an http:// or https:// URL' },
  { name: 'HTTP endpoint credential header with a literal', build: (c) => new HttpEndpoint(c, 'api', { baseUrl: 'https://api.example.com', headers: { 'X-Api-Key': PLANTED as any } }), path: 'shop/api', field: 'spec.headers[X-Api-Key]', message: 'carries a credential, so it cannot take a plain value' },
  // Escape hatches: JSON patches and raw objects reach the manifest checks
  { name: 'patched negative replicas', build: (c) => deploymentPatch(c, JsonPatch.replace('/spec/replicas', -3)), path: 'shop/cart/Deployment/Resource', field: '$.spec.replicas', message: 'must be a whole number of 0 or more; got -3' },
  { name: 'patched empty image', build: (c) => deploymentPatch(c, JsonPatch.replace('/spec/template/spec/containers/0/image', '')), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.spec.containers[0].image', message: 'container "app" has no image' },
  { name: 'patched annotation with password=', build: (c) => deploymentPatch(c, JsonPatch.add('/spec/template/metadata/annotations/note', `password=${PLANTED}`)), path: 'shop/cart/Deployment/Resource', field: '$.spec.template.metadata.annotations.note', message: 'embeds a password= pair' },
  { name: 'patched credential label', build: (c) => deploymentPatch(c, JsonPatch.add('/metadata/labels/api-token', PLANTED)), path: 'shop/cart/Deployment/Resource', field: '$.metadata.labels["api-token"]', message: 'the label key looks like a credential' },
  { name: 'raw StatefulSet with a credential URL in env', build: (c) => raw(c, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'worker' }, spec: { template: { spec: { containers: [{ name: 'w', image: 'w:1', env: [{ name: 'AMQP', value: url('amqp', 'rabbit:5672') }] }] } } } }), path: 'shop/raw', field: '$.spec.template.spec.containers[0].env[0].value', message: 'embeds a password in a URL' },
  { name: 'raw ConfigMap with a credential URL', build: (c) => raw(c, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { db: url('mysql', 'db/shop') } }), path: 'shop/raw', field: '$.data.db', message: 'embeds a password in a URL' },
  { name: 'raw Configuration with sampling rate 1.5', build: (c) => raw(c, { apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration', metadata: { name: 'cfg' }, spec: { tracing: { samplingRate: '1.5' } } }), path: 'shop/raw', field: '$.spec.tracing.samplingRate', message: 'must be a number from 0 to 1' },
  { name: 'raw Component with an empty broker entry', build: (c) => raw(c, { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'pubsub' }, spec: { type: 'pubsub.kafka', version: 'v1', metadata: [{ name: 'brokers', value: 'kafka-0:9092,,kafka-1:9092' }, { name: 'authType', value: 'none' }] } }), path: 'shop/raw', field: '$.spec.metadata[0].value', message: 'brokers has an empty entry' },
  { name: 'raw Deployment env with a credential name', build: (c) => raw(c, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'worker' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'w', image: 'w:1', env: [{ name: 'STRIPE_SECRET_KEY', value: PLANTED }] }] } } } }), path: 'shop/raw', field: '$.spec.template.spec.containers[0].env[0].value', message: 'looks like a credential and has a literal value' },
  { name: 'plaintext Secret in the chart', build: (c) => raw(c, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: PLANTED } }), path: 'shop/raw', field: 'stringData.password', message: 'holds this key in plain text',
    pulumi: { path: 'shop/raw', field: 'kind', message: 'the Pulumi renderer creates Secrets only from Pulumi config secrets' } },
  { name: 'cdk8s synth of a Pulumi config delivery', build: (c) => { const s = new DeclaredSecret(c, 'db', { store: store(c), keys: ['password'], delivery: SecretDelivery.pulumiConfig() }); app(c, { secretReads: [s] }); }, path: 'shop/db', field: 'delivery', message: 'takes its values from Pulumi config' },
];

/** Builds case `c` as a program: an App with chart `shop` in namespace `shop`. */
export function corpusApp(c: CorpusCase): App {
  const a = new App();
  c.build(new Chart(a, 'shop', { namespace: 'shop' }));
  return a;
}
