/**
 * Valid example manifests, one builder per kind. Each call returns a fresh
 * object so a test can break it freely. No value here is, or looks like, a
 * credential; "encrypted" bytes are generated filler.
 */

/** Base64 of `text`, for Secret data. */
export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Filler shaped like a kubeseal value (base64 of 2 + 512 + 32 bytes); not real ciphertext. */
export const fakeSealedValue = (): string => Buffer.alloc(546, 0x5a).toString('base64');

const meta = (name: string, namespace = 'apps'): Record<string, unknown> => ({
  name,
  namespace,
  labels: { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/part-of': 'shop' },
});

/** v1 Secret. */
export const secret = (): any => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta('orders-config'), type: 'Opaque', data: { mode: b64('demo') } });

/** v1 ConfigMap. */
export const configMap = (): any => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('orders-settings'), data: { LOG_LEVEL: 'info' } });

/** v1 ServiceAccount. */
export const serviceAccount = (): any => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('orders'), automountServiceAccountToken: false });

/** v1 Service. */
export const service = (): any => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta('orders'),
  spec: { selector: { app: 'orders' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
});

/** v1 Namespace. */
export const namespace = (): any => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'apps', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
});

/** apps/v1 Deployment with a Dapr-annotated pod. */
export const deployment = (): any => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta('orders'),
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'orders' } },
    template: {
      metadata: { labels: { app: 'orders' }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'orders', 'dapr.io/app-port': '8080' } },
      spec: {
        serviceAccountName: 'orders',
        automountServiceAccountToken: false,
        containers: [
          {
            name: 'app',
            image: 'ghcr.io/example/orders:1.0.0',
            ports: [{ name: 'http', containerPort: 8080 }],
            resources: { limits: { cpu: '500m', memory: '256Mi' } },
            securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    },
  },
});

/** rbac Role. */
export const role = (): any => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: meta('secret-reader'),
  rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['orders-config'], verbs: ['get'] }],
});

/** rbac RoleBinding. */
export const roleBinding = (): any => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: meta('secret-reader'),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secret-reader' },
  subjects: [{ kind: 'ServiceAccount', name: 'orders', namespace: 'apps' }],
});

/** rbac ClusterRole, with a colon in its name as RBAC allows. */
export const clusterRole = (): any => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'shop:dapr-reader' },
  rules: [{ apiGroups: ['dapr.io'], resources: ['components'], verbs: ['get', 'list'] }],
});

/** rbac ClusterRoleBinding. */
export const clusterRoleBinding = (): any => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'shop:dapr-reader' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'shop:dapr-reader' },
  subjects: [{ kind: 'ServiceAccount', name: 'orders', namespace: 'apps' }],
});

/** networking NetworkPolicy. */
export const networkPolicy = (): any => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: meta('orders-ingress'),
  spec: {
    podSelector: { matchLabels: { app: 'orders' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dapr-system' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
  },
});

/** Dapr Component using value, secretKeyRef and envRef, with top-level auth and scopes. */
export const component = (): any => ({
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Component',
  metadata: meta('statestore'),
  spec: {
    type: 'state.redis',
    version: 'v1',
    initTimeout: '10s',
    ignoreErrors: false,
    metadata: [
      { name: 'redisHost', value: 'redis-master.apps.svc:6379' },
      { name: 'redisPassword', secretKeyRef: { name: 'redis-auth', key: 'redis-password' } },
      { name: 'redisUsername', envRef: 'REDIS_USER' },
      { name: 'maxRetries', value: 3 },
    ],
  },
  auth: { secretStore: 'kubernetes' },
  scopes: ['orders'],
});

/** Dapr Configuration exercising the main spec keys. */
export const configuration = (): any => ({
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Configuration',
  metadata: meta('orders-config'),
  spec: {
    secrets: {
      scopes: [
        { storeName: 'kubernetes', defaultAccess: 'deny', allowedSecrets: ['redis-auth'] },
        { storeName: 'vault', defaultAccess: 'Allow', deniedSecrets: ['admin'] },
      ],
    },
    tracing: { samplingRate: '1', stdout: false, otel: { protocol: 'grpc', endpointAddress: 'otel-collector:4317', isSecure: false, headers: [{ name: 'x-tenant', value: 'shop' }] } },
    features: [{ name: 'SchedulerReminders', enabled: true }],
    accessControl: { defaultAction: 'deny', trustDomain: 'public', policies: [{ appId: 'checkout', defaultAction: 'deny', operations: [{ name: '/orders', httpVerb: ['POST'], action: 'allow' }] }] },
    mtls: { enabled: true, sentryAddress: 'dapr-sentry.dapr-system.svc.cluster.local:443', controlPlaneTrustDomain: 'cluster.local', workloadCertTTL: '24h' },
    logging: { apiLogging: { enabled: true, obfuscateURLs: true, omitHealthChecks: true } },
    api: { allowed: [{ name: 'state', version: 'v1.0', protocol: 'http' }] },
    components: { deny: ['bindings.smtp'] },
    nameResolution: { component: 'kubernetes', version: 'v1', configuration: {} },
    metric: { enabled: true, http: { increasedCardinality: false } },
    metrics: { enabled: true, latencyDistributionBuckets: [1, 5, 10] },
  },
});

/** Bitnami SealedSecret with a template. */
export const sealedSecret = (): any => ({
  apiVersion: 'bitnami.com/v1alpha1',
  kind: 'SealedSecret',
  metadata: meta('redis-auth'),
  spec: {
    encryptedData: { 'redis-password': fakeSealedValue() },
    template: { metadata: { name: 'redis-auth', namespace: 'apps', labels: { app: 'orders' }, creationTimestamp: null }, type: 'Opaque', immutable: false, data: { 'redis-user': 'orders' } },
  },
});

/** ESO ExternalSecret. */
export const externalSecret = (): any => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: meta('redis-auth'),
  spec: {
    secretStoreRef: { name: 'shop-store', kind: 'SecretStore' },
    refreshInterval: '1h',
    refreshPolicy: 'Periodic',
    target: { name: 'redis-auth', creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { type: 'Opaque', engineVersion: 'v2', metadata: { labels: { app: 'orders' } } } },
    data: [{ secretKey: 'redis-password', remoteRef: { key: 'shop/redis', property: 'value', decodingStrategy: 'None' } }],
    dataFrom: [{ extract: { key: 'shop/common' } }],
  },
});

/** ESO SecretStore using the fake provider. */
export const secretStore = (): any => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'SecretStore',
  metadata: meta('shop-store'),
  spec: {
    provider: { fake: { data: [{ key: 'shop/redis', value: 'placeholder' }] } },
    refreshInterval: 60,
    retrySettings: { maxRetries: 3, retryInterval: '10s' },
  },
});

/** ESO ClusterSecretStore limited to one namespace. */
export const clusterSecretStore = (): any => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterSecretStore',
  metadata: { name: 'shop-cluster-store' },
  spec: {
    provider: { kubernetes: { remoteNamespace: 'vault-mirror', server: { caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt' } } } },
    conditions: [{ namespaces: ['apps'] }, { namespaceSelector: { matchLabels: { shop: 'true' } } }],
  },
});

/** Dapr HTTPEndpoint with a header from a secret and client TLS. */
export const httpEndpoint = (): any => ({
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'HTTPEndpoint',
  metadata: meta('notifications'),
  spec: {
    baseUrl: 'https://notifications.example.com',
    headers: [{ name: 'X-API-Key', secretKeyRef: { name: 'notification-api', key: 'api-key' } }, { name: 'Accept', value: 'application/json' }],
    clientTLS: { privateKey: { secretKeyRef: { name: 'tls', key: 'key' } }, certificate: { value: 'pem' }, renegotiation: 'Never' },
  },
  auth: { secretStore: 'kubernetes' },
  scopes: ['orders'],
});

/** Dapr declarative Subscription, v2alpha1. */
export const subscription = (): any => ({
  apiVersion: 'dapr.io/v2alpha1',
  kind: 'Subscription',
  metadata: meta('orders-sub'),
  spec: { pubsubname: 'pubsub', topic: 'orders', routes: { default: '/orders', rules: [{ match: 'event.type == "x"', path: '/x' }] }, deadLetterTopic: 'dead', bulkSubscribe: { enabled: true, maxMessagesCount: 10 } },
  scopes: ['orders'],
});

/** Dapr Resiliency. */
export const resiliency = (): any => ({
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Resiliency',
  metadata: meta('resiliency'),
  spec: {
    policies: { timeouts: { general: '5s' }, retries: { forever: { policy: 'constant', duration: '1s', maxRetries: -1 } }, circuitBreakers: { cb: { trip: 'consecutiveFailures > 3', maxRequests: 1 } } },
    targets: { apps: { orders: { timeout: 'general' } }, components: { statestore: { outbound: { retry: 'forever', circuitBreaker: 'cb' } } } },
  },
  scopes: ['orders'],
});

/** Dapr MCPServer with a streamable HTTP transport. */
export const mcpServer = (): any => ({
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'MCPServer',
  metadata: meta('tools'),
  spec: { endpoint: { streamableHTTP: { url: 'https://mcp.example.com/mcp', headers: [{ name: 'Authorization', secretKeyRef: { name: 'mcp', key: 'token' } }], auth: { secretStore: 'kubernetes' } } } },
  scopes: ['orders'],
});

/** Every valid example with a readable label, for table-driven tests. */
export const ALL_VALID: ReadonlyArray<[string, () => any]> = [
  ['Secret', secret], ['ConfigMap', configMap], ['ServiceAccount', serviceAccount], ['Service', service],
  ['Namespace', namespace], ['Deployment', deployment], ['Role', role], ['RoleBinding', roleBinding],
  ['ClusterRole', clusterRole], ['ClusterRoleBinding', clusterRoleBinding], ['NetworkPolicy', networkPolicy],
  ['Component', component], ['Configuration', configuration], ['SealedSecret', sealedSecret],
  ['ExternalSecret', externalSecret], ['SecretStore', secretStore], ['ClusterSecretStore', clusterSecretStore],
  ['HTTPEndpoint', httpEndpoint], ['Subscription', subscription], ['Resiliency', resiliency], ['MCPServer', mcpServer],
];
