import { Testing } from 'cdk8s';
import { DaprApp, DaprAppProps, DaprComponent, DeclaredSecret, HttpVerb, KubernetesSecretStore, LogLevel, RedisStateStore, SecretResolver, validateManifest } from '../../lib';
import { findObject, storeWithSecret, synthErrors, testChart } from '../support/chart';

function kinds(objects: any[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`);
}

describe('DaprApp', () => {
  test('Deployment, ServiceAccount, Service and Configuration with typed annotations', () => {
    const chart = testChart();
    const app = new DaprApp(chart, 'orders', {
      appId: 'orders', image: 'orders:2.1', appPort: 3000, logLevel: LogLevel.WARN, replicas: 2,
      sidecarResources: { cpuRequest: '50m', memoryLimit: '256Mi' }, env: { LOG_FORMAT: 'json' },
    });
    const objects = Testing.synth(chart);
    expect(kinds(objects)).toEqual(['Configuration/orders-config', 'ServiceAccount/orders', 'Deployment/orders', 'Service/orders', 'NetworkPolicy/orders']);
    const deployment = findObject(objects, 'Deployment', 'orders');
    const pod = deployment.spec.template;
    expect(pod.metadata.annotations).toEqual({
      'dapr.io/enabled': 'true',
      'dapr.io/app-id': 'orders',
      'dapr.io/app-port': '3000',
      'dapr.io/app-protocol': 'http',
      'dapr.io/config': 'orders-config',
      'dapr.io/log-level': 'warn',
      'dapr.io/sidecar-cpu-request': '50m',
      'dapr.io/sidecar-memory-limit': '256Mi',
      'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault',
      // Nothing in the pod needs the API server: no token, so the built-in store must be off (dapr/docs#5014).
      'dapr.io/disable-builtin-k8s-secret-store': 'true',
      'dapr-secure-constructs/secrets-fingerprint': app.secretsFingerprint,
    });
    expect(findObject(objects, 'ServiceAccount', 'orders').automountServiceAccountToken).toBe(false);
    expect(app.secretsFingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'orders' } });
    expect(pod.spec.serviceAccountName).toBe('orders');
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    const container = pod.spec.containers[0];
    expect(container.env).toEqual([{ name: 'LOG_FORMAT', value: 'json' }]);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(findObject(objects, 'Service', 'orders').spec.selector).toEqual({ 'app.kubernetes.io/name': 'orders' });
    expect(app.configuration.configurationName).toBe('orders-config');
    expect(findObject(objects, 'Configuration', 'orders-config').spec).toEqual({
      secrets: { scopes: [{ storeName: 'kubernetes', defaultAccess: 'deny' }] },
    });
    expect(objects).toMatchSnapshot();
  });

  test('no app port: no Service and no app-port annotation', () => {
    const chart = testChart();
    new DaprApp(chart, 'worker', { appId: 'worker', image: 'worker:1' });
    const objects = Testing.synth(chart);
    expect(objects.some((o) => o.kind === 'Service')).toBe(false);
    expect(findObject(objects, 'Deployment', 'worker').spec.template.metadata.annotations['dapr.io/app-port']).toBeUndefined();
  });

  test('components it uses list it in scopes, with the stores they need', () => {
    const chart = testChart();
    const { store, secret } = storeWithSecret(chart);
    const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: secret.keyRef('password') });
    const a = new DaprApp(chart, 'a', { appId: 'a', image: 'a:1', components: [cache] });
    new DaprApp(chart, 'b', { appId: 'b', image: 'b:1', components: [cache] });
    new DaprApp(chart, 'c', { appId: 'c', image: 'c:1' });
    expect(a.loadedComponents()).toEqual([cache, store]);
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'Component', 'cache').scopes).toEqual(['a', 'b']);
    expect(findObject(objects, 'Component', 'kubernetes-secrets').scopes).toEqual(['a', 'b']);
    expect(findObject(objects, 'Configuration', 'c-config').spec.secrets.scopes).toEqual([{ storeName: 'kubernetes', defaultAccess: 'deny' }]);
  });

  test('Role with get on exactly the Secrets the sidecar reads, bound to the app ServiceAccount', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    const notification = new DeclaredSecret(chart, 'notification-api', { store: secret.store, keys: ['api-key'] });
    const unrelated = new DeclaredSecret(chart, 'unrelated', { store: secret.store, keys: ['k'] });
    const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: secret.keyRef('password') });
    const app = new DaprApp(chart, 'task', { appId: 'task-api', image: 't:1', components: [cache], secretReads: [notification] });
    expect(unrelated.secretName).toBe('unrelated');
    expect(app.secretsReadBySidecar).toEqual(['db', 'notification-api']);
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'Role', 'task-api-secret-reader').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db', 'notification-api'] },
    ]);
    expect(findObject(objects, 'RoleBinding', 'task-api-secret-reader')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'task-api-secret-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'task-api', namespace: 'default' }],
    });
    expect(findObject(objects, 'Configuration', 'task-api-config').spec.secrets.scopes).toEqual([
      { storeName: 'kubernetes', defaultAccess: 'deny' },
      { storeName: 'kubernetes-secrets', defaultAccess: 'deny', allowedSecrets: ['notification-api'] },
    ]);
  });

  test('references the operator resolves (built-in store) need no Role; Secrets API reads through it do', () => {
    const chart = testChart();
    const db = new DeclaredSecret(chart, 'db', { keys: ['password'] });
    const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
    new DaprApp(chart, 'quiet', { appId: 'quiet', image: 'q:1', components: [cache] });
    let objects = Testing.synth(chart);
    expect(objects.some((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toBe(false);

    const chart2 = testChart();
    const key = new DeclaredSecret(chart2, 'key', { keys: ['token'] });
    new DaprApp(chart2, 'reader', { appId: 'reader', image: 'r:1', secretReads: [key] });
    objects = Testing.synth(chart2);
    expect(findObject(objects, 'Role', 'reader-secret-reader').rules[0].resourceNames).toEqual(['key']);
    expect(findObject(objects, 'Configuration', 'reader-config').spec.secrets.scopes).toEqual([
      { storeName: 'kubernetes', defaultAccess: 'deny', allowedSecrets: ['key'] },
    ]);
  });

  test('secret references added to a component after it was given to the app still reach the Role', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    const binding = new DaprComponent(chart, 'webhook', { type: 'bindings.http', metadata: { url: 'https://hooks.example.com' } });
    new DaprApp(chart, 'app', { appId: 'app', image: 'a:1', components: [binding] });
    binding.addSecretMetadata('securityToken', secret.keyRef('password'));
    expect(findObject(Testing.synth(chart), 'Role', 'app-secret-reader').rules[0].resourceNames).toEqual(['db']);
  });

  test('an unscoped store in the namespace is reachable, so it gets a deny scope too', () => {
    const chart = testChart();
    new KubernetesSecretStore(chart, 'spare-store', { unscoped: true });
    new DaprApp(chart, 'app', { appId: 'app', image: 'a:1' });
    const scopes = findObject(Testing.synth(chart), 'Configuration', 'app-config').spec.secrets.scopes;
    expect(scopes.map((s: any) => s.storeName)).toEqual(['kubernetes', 'spare-store']);
  });

  test('the secrets fingerprint follows the secrets the pods depend on', () => {
    const build = (keys: string[], read: boolean) => {
      const chart = testChart();
      const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets: SecretResolver.SIDECAR });
      const db = new DeclaredSecret(chart, 'db', { store, keys });
      const other = new DeclaredSecret(chart, 'other', { store, keys: ['k'] });
      const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
      const app = new DaprApp(chart, 'app', { appId: 'app', image: 'a:1', components: [cache], secretReads: read ? [other] : [] });
      return app;
    };
    const base = build(['password'], false);
    expect(base.secretDependencies.map((s) => s.secretName)).toEqual(['db']);
    expect(build(['password'], false).secretsFingerprint).toBe(base.secretsFingerprint);
    expect(build(['password', 'user'], false).secretsFingerprint).not.toBe(base.secretsFingerprint);
    expect(build(['password'], true).secretsFingerprint).not.toBe(base.secretsFingerprint);
    const pod = findObject(Testing.synth(base.node.scope as any), 'Deployment', 'app').spec.template;
    expect(pod.metadata.annotations['dapr-secure-constructs/secrets-fingerprint']).toBe(base.secretsFingerprint);
  });

  test('app IDs are DNS-1123 labels of at most 58 characters', () => {
    expect(() => new DaprApp(testChart(), 'x', { appId: 'Task_API', image: 'i' })).toThrow(
      '[test/x] appId: "Task_API" is not a DNS-1123 label of at most 58 characters (the injector names a Service "<app-id>-dapr"). Fix: use lowercase letters, digits and "-", such as "task-api"',
    );
    expect(() => new DaprApp(testChart(), 'x', { appId: 'a'.repeat(59), image: 'i' })).toThrow('is not a DNS-1123 label of at most 58 characters');
  });

  test('duplicate app IDs in a namespace are rejected', () => {
    const chart = testChart();
    new DaprApp(chart, 'one', { appId: 'api', image: 'i' });
    new DaprApp(chart, 'two', { appId: 'api', image: 'i' });
    expect(synthErrors(chart)).toContain('[test/two] metadata.name: duplicate Dapr app ID "default/api"; test/one already declares it');
  });

  test('credential-looking env vars are refused without echoing the value', () => {
    let message = '';
    try {
      new DaprApp(testChart(), 'x', { appId: 'x', image: 'i', env: { NOTIFICATION_API_KEY: 'value-123' } });
    } catch (e) { message = (e as Error).message; }
    expect(message).toBe(
      '[test/x] env.NOTIFICATION_API_KEY: "NOTIFICATION_API_KEY" looks like a credential, and env values are written to the manifest in plain text (value not shown). Fix: declare a DeclaredSecret, call secret.grantRead(app) and read it through the Dapr Secrets API',
    );
    expect(() => new DaprApp(testChart(), 'y', { appId: 'y', image: 'i', env: { N: 1 as any } })).toThrow('[test/y] env.N: expected a string, got 1');
  });

  test('escape-hatch annotations are checked', () => {
    expect(() => new DaprApp(testChart(), 'x', { appId: 'x', image: 'i', annotations: { 'dapr.io/app-id': 'y' } })).toThrow(
      '[test/x] annotations[dapr.io/app-id]: dapr.io/app-id has a typed prop. Fix: set it with the typed prop instead of the escape hatch',
    );
    const chart = testChart();
    new DaprApp(chart, 'x', { appId: 'x', image: 'i', annotations: { 'dapr.io/enable-metrics': 'false' } });
    expect(findObject(Testing.synth(chart), 'Deployment', 'x').spec.template.metadata.annotations['dapr.io/enable-metrics']).toBe('false');
  });

  test('secrets read and components loaded must be in the app namespace', () => {
    const chart = testChart();
    const far = new DeclaredSecret(chart, 'far', { namespace: 'prod', keys: ['k'] });
    const farCache = new DaprComponent(chart, 'far-cache', { type: 'state.in-memory', namespace: 'prod' });
    new DaprApp(chart, 'app', { appId: 'app', image: 'i', secretReads: [far], components: [farCache] });
    const errors = synthErrors(chart);
    expect(errors).toContain('[test/app] secretReads: secret "far" is in namespace "prod", but the Secrets API reads from the app\'s namespace "default". Fix: declare the secret in the app\'s namespace');
    expect(errors).toContain('[test/app] components: component "far-cache" is in namespace "prod"; an app only loads components of its own namespace "default". Fix: declare the component in the app\'s namespace');
  });

  test('secrets read and components loaded must be declared under the same cdk8s App', () => {
    const chart = testChart();
    const other = testChart();
    const key = new DeclaredSecret(other, 'key', { keys: ['token'] });
    const cache = new DaprComponent(other, 'cache', { type: 'state.in-memory' });
    const app = new DaprApp(chart, 'app', { appId: 'app', image: 'i', components: [cache] });
    key.grantRead(app);
    const errors = synthErrors(chart);
    expect(errors).toContain('[test/app] secretReads: secret "key" (test/key) is declared under another cdk8s App, so this App\'s synth never delivers it and the Secrets API read would fail. Fix: declare the secret in a chart of the same App as the app, and grant the read there');
    expect(errors).toContain('[test/app] components: component "cache" (test/cache) is declared under another cdk8s App, so this App\'s synth never writes it or scopes it to "app". Fix: declare the component in a chart of the same App as the app');
  });
});

describe('DaprApp ServiceAccount token', () => {
  const tokenState = (objects: any[], appId: string) => {
    const pod = findObject(objects, 'Deployment', appId).spec.template;
    return {
      pod: pod.spec.automountServiceAccountToken,
      account: findObject(objects, 'ServiceAccount', appId).automountServiceAccountToken,
      disableBuiltinStore: pod.metadata.annotations['dapr.io/disable-builtin-k8s-secret-store'],
    };
  };

  test('no token when nothing in the pod calls the API server: operator-resolved references only, and the built-in store off (dapr/docs#5014)', () => {
    const chart = testChart();
    const db = new DeclaredSecret(chart, 'db', { keys: ['password'] });
    const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
    const app = new DaprApp(chart, 'quiet', { appId: 'quiet', image: 'q:1', components: [cache] });
    expect(app.needsApiServer).toBe(false);
    expect(tokenState(Testing.synth(chart), 'quiet')).toEqual({ pod: false, account: false, disableBuiltinStore: 'true' });
  });

  test('a token, and the built-in store on, when the sidecar reads through a Kubernetes store or loads one', () => {
    const chart = testChart();
    const key = new DeclaredSecret(chart, 'key', { keys: ['token'] });
    const reader = new DaprApp(chart, 'reader', { appId: 'reader', image: 'r:1' });
    key.grantRead(reader);
    const store = new KubernetesSecretStore(chart, 'sidecar-store', { resolveComponentSecrets: SecretResolver.SIDECAR });
    const db = new DeclaredSecret(chart, 'db', { store, keys: ['password'] });
    const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
    const loader = new DaprApp(chart, 'loader', { appId: 'loader', image: 'l:1', components: [cache] });
    expect([reader.needsApiServer, loader.needsApiServer]).toEqual([true, true]);
    const objects = Testing.synth(chart);
    expect(tokenState(objects, 'reader')).toEqual({ pod: true, account: true, disableBuiltinStore: undefined });
    expect(tokenState(objects, 'loader')).toEqual({ pod: true, account: true, disableBuiltinStore: undefined });
  });

  test('mountServiceAccountToken overrides the choice, and must be a boolean', () => {
    const chart = testChart();
    new DaprApp(chart, 'k8s-client', { appId: 'k8s-client', image: 'k:1', mountServiceAccountToken: true });
    expect(tokenState(Testing.synth(chart), 'k8s-client')).toEqual({ pod: true, account: true, disableBuiltinStore: undefined });
    expect(() => new DaprApp(testChart(), 'x', { appId: 'x', image: 'x:1', mountServiceAccountToken: 'yes' as any })).toThrow(
      '[test/x] mountServiceAccountToken: expected true or false, got "yes". Fix: pass mountServiceAccountToken: true or mountServiceAccountToken: false (a boolean, not a string)',
    );
  });
});

describe('DaprApp API tokens', () => {
  test('apiToken and appToken: the injector annotations, and the app container gets each token through secretKeyRef, never a literal', () => {
    const chart = testChart();
    const apiToken = new DeclaredSecret(chart, 'orders-dapr-api-token', { keys: ['token'] });
    const appToken = new DeclaredSecret(chart, 'orders-app-api-token', { keys: ['token'] });
    const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 3000, env: { LOG_FORMAT: 'json' }, apiToken, appToken });
    const objects = Testing.synth(chart);
    const pod = findObject(objects, 'Deployment', 'orders').spec.template;
    expect(pod.metadata.annotations).toMatchObject({ 'dapr.io/api-token-secret': 'orders-dapr-api-token', 'dapr.io/app-token-secret': 'orders-app-api-token' });
    expect(pod.spec.containers[0].env).toEqual([
      { name: 'LOG_FORMAT', value: 'json' },
      { name: 'DAPR_API_TOKEN', valueFrom: { secretKeyRef: { name: 'orders-dapr-api-token', key: 'token' } } },
      { name: 'APP_API_TOKEN', valueFrom: { secretKeyRef: { name: 'orders-app-api-token', key: 'token' } } },
    ]);
    expect(app.secretDependencies).toEqual(expect.arrayContaining([apiToken, appToken]));
    // The kubelet reads the token Secrets for the containers: no Role for them.
    expect(objects.some((o) => o.kind === 'Role')).toBe(false);
  });

  test('refuses a token secret without key "token", in another namespace, outside Kubernetes, or set twice', () => {
    const chart = testChart();
    const noKey = new DeclaredSecret(chart, 'no-key', { keys: ['value'] });
    expect(() => new DaprApp(chart, 'a', { appId: 'a', image: 'a:1', apiToken: noKey })).toThrow(
      '[test/a] apiToken: secret "no-key" has no key "token" (declared: value); the injector reads only key "token". Fix: declare the secret with keys: [\'token\']',
    );
    const elsewhere = new DeclaredSecret(chart, 'elsewhere', { keys: ['token'], namespace: 'other' });
    expect(() => new DaprApp(chart, 'b', { appId: 'b', image: 'b:1', appToken: elsewhere })).toThrow(
      '[test/b] appToken: secret "elsewhere" is in namespace "other", but the pod reads it from its own namespace "default". Fix: declare the token secret in the app\'s namespace',
    );
    const token = new DeclaredSecret(chart, 'tok', { keys: ['token'] });
    expect(() => new DaprApp(chart, 'c', { appId: 'c', image: 'c:1', apiToken: token, annotations: { 'dapr.io/api-token-secret': 'tok' } })).toThrow(
      '[test/c] annotations[dapr.io/api-token-secret]: apiToken already sets dapr.io/api-token-secret. Fix: set the token with apiToken only',
    );
    expect(() => new DaprApp(chart, 'd', { appId: 'd', image: 'd:1', apiToken: 'hunter2' as any })).toThrow(/apiToken: expected a DeclaredSecret, got a string \(not shown/);
  });
});

describe('DaprApp NetworkPolicy', () => {
  const daprOnly = {
    from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'dapr.io/app-id', operator: 'Exists' }] } }],
    ports: [{ protocol: 'TCP', port: 50002 }],
  };

  test('by default admits only Dapr sidecars on port 50002; allowAppPortFrom opens the app port to the named peers', () => {
    const chart = testChart();
    const gateway = new DaprApp(chart, 'gateway', { appId: 'gateway', image: 'g:1', namespace: 'edge' });
    const orders = new DaprApp(chart, 'orders', { appId: 'orders', image: 'o:1', appPort: 3000, allowAppPortFrom: [gateway] });
    orders.allowAppPortFrom({ podLabels: { app: 'ingress-nginx' }, namespace: 'ingress' });
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'NetworkPolicy', 'gateway')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'gateway', namespace: 'edge', labels: { 'app.kubernetes.io/name': 'gateway' } },
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } }, policyTypes: ['Ingress'], ingress: [daprOnly] },
    });
    expect(findObject(objects, 'NetworkPolicy', 'orders').spec.ingress).toEqual([daprOnly, {
      from: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } }, podSelector: { matchLabels: { app: 'ingress-nginx' } } },
      ],
      ports: [{ protocol: 'TCP', port: 3000 }],
    }]);
    // The policy selects the pods of the Deployment it protects.
    expect(findObject(objects, 'Deployment', 'orders').spec.template.metadata.labels).toMatchObject(findObject(objects, 'NetworkPolicy', 'orders').spec.podSelector.matchLabels);
  });

  test('allowMetricsFrom opens daprd\'s metrics port (9090, or dapr.io/metrics-port) to the scrapers named', () => {
    const chart = testChart();
    const scraper = { podLabels: { 'app.kubernetes.io/name': 'prometheus' }, namespace: 'monitoring' };
    new DaprApp(chart, 'a', { appId: 'a', image: 'a:1', allowMetricsFrom: [scraper] });
    const b = new DaprApp(chart, 'b', { appId: 'b', image: 'b:1', annotations: { 'dapr.io/metrics-port': '9191' } });
    b.allowMetricsFrom(scraper);
    const objects = Testing.synth(chart);
    const metricsRule = (port: number) => ({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ protocol: 'TCP', port }],
    });
    expect(findObject(objects, 'NetworkPolicy', 'a').spec.ingress).toEqual([daprOnly, metricsRule(9090)]);
    expect(findObject(objects, 'NetworkPolicy', 'b').spec.ingress).toEqual([daprOnly, metricsRule(9191)]);
  });

  test('dapr.io/internal-grpc-port moves the Dapr port; networkPolicy: false writes none', () => {
    const chart = testChart();
    new DaprApp(chart, 'a', { appId: 'a', image: 'a:1', annotations: { 'dapr.io/internal-grpc-port': '6002' } });
    new DaprApp(chart, 'b', { appId: 'b', image: 'b:1', appPort: 80, networkPolicy: false });
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'NetworkPolicy', 'a').spec.ingress).toEqual([{ ...daprOnly, ports: [{ protocol: 'TCP', port: 6002 }] }]);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name)).toEqual(['a']);
  });

  test('allowAppPortFrom is refused without an app port, without the policy, and for anything but a DaprApp or a peer', () => {
    const chart = testChart();
    expect(() => new DaprApp(chart, 'w', { appId: 'w', image: 'w:1', allowAppPortFrom: [{ namespace: '*' }] })).toThrow(
      '[test/w] allowAppPortFrom: the app has no appPort, so there is no app port to open. Fix: set appPort, or drop allowAppPortFrom',
    );
    expect(() => new DaprApp(chart, 'x', { appId: 'x', image: 'x:1', appPort: 80, networkPolicy: false, allowAppPortFrom: [{ namespace: '*' }] })).toThrow(
      '[test/x] allowAppPortFrom: networkPolicy is false, so no NetworkPolicy restricts the app port. Fix: drop networkPolicy: false, or drop allowAppPortFrom',
    );
    expect(() => new DaprApp(chart, 'y', { appId: 'y', image: 'y:1', appPort: 80, allowAppPortFrom: ['gateway' as any] })).toThrow(
      '[test/y] allowAppPortFrom[0]: expected a DaprApp or { podLabels, namespace }, got "gateway".',
    );
    expect(() => new DaprApp(chart, 'z', { appId: 'z', image: 'z:1', networkPolicy: 'yes' as any })).toThrow('[test/z] networkPolicy: expected true or false, got "yes"');
  });

  test('allowMetricsFrom is refused without the policy, with metrics off, and for a DaprApp', () => {
    const chart = testChart();
    const peer = { namespace: 'monitoring' };
    expect(() => new DaprApp(chart, 'a', { appId: 'a', image: 'a:1', networkPolicy: false, allowMetricsFrom: [peer] })).toThrow(
      '[test/a] allowMetricsFrom: networkPolicy is false, so no NetworkPolicy restricts the metrics port. Fix: drop networkPolicy: false, or drop allowMetricsFrom',
    );
    expect(() => new DaprApp(chart, 'b', { appId: 'b', image: 'b:1', annotations: { 'dapr.io/enable-metrics': 'false' }, allowMetricsFrom: [peer] })).toThrow(
      "[test/b] allowMetricsFrom: dapr.io/enable-metrics turns daprd's metrics off, so there is no metrics port to open. Fix: drop the dapr.io/enable-metrics annotation, or drop allowMetricsFrom",
    );
    const c = new DaprApp(chart, 'c', { appId: 'c', image: 'c:1' });
    expect(() => new DaprApp(chart, 'd', { appId: 'd', image: 'd:1', allowMetricsFrom: [c as any] })).toThrow('[test/d] allowMetricsFrom[0]: expected { podLabels, namespace }, got the DaprApp "c".');
    expect(() => new DaprApp(chart, 'e', { appId: 'e', image: 'e:1', allowMetricsFrom: peer as any })).toThrow('[test/e] allowMetricsFrom: expected an array of peers, got an object');
  });
});

describe('DaprApp service invocation access control', () => {
  test('accessControl and allowInvocationFrom write the app Configuration\'s policies, with each caller\'s trust domain', () => {
    const chart = testChart();
    const gateway = new DaprApp(chart, 'gateway', { appId: 'gateway', image: 'g:1', namespace: 'edge', accessControl: { trustDomain: 'edge.example.com' } });
    const orders = new DaprApp(chart, 'orders', { appId: 'orders', image: 'o:1', appPort: 3000, accessControl: {} });
    orders.allowInvocationFrom(gateway, { operations: [{ name: '/orders/*', httpVerbs: [HttpVerb.GET, HttpVerb.POST] }] });
    orders.allowInvocationFrom({ appId: 'billing', namespace: 'finance' });
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'Configuration', 'orders-config').spec.accessControl).toEqual({
      defaultAction: 'deny',
      trustDomain: 'public',
      policies: [
        { appId: 'gateway', namespace: 'edge', trustDomain: 'edge.example.com', defaultAction: 'deny', operations: [{ name: '/orders/*', httpVerb: ['GET', 'POST'], action: 'allow' }] },
        { appId: 'billing', namespace: 'finance', trustDomain: 'public', defaultAction: 'allow' },
      ],
    });
    expect(findObject(objects, 'Configuration', 'gateway-config').spec.accessControl).toEqual({ defaultAction: 'deny', trustDomain: 'edge.example.com' });
    expect(objects.filter((o) => o.kind === 'Configuration').flatMap((o) => validateManifest(o))).toEqual([]);
  });

  test('without accessControl a first grant turns it on; without either none is written', () => {
    const chart = testChart();
    const a = new DaprApp(chart, 'a', { appId: 'a', image: 'a:1' });
    const b = new DaprApp(chart, 'b', { appId: 'b', image: 'b:1' });
    b.allowInvocationFrom(a);
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'Configuration', 'a-config').spec.accessControl).toBeUndefined();
    expect(findObject(objects, 'Configuration', 'b-config').spec.accessControl).toEqual({
      defaultAction: 'deny', trustDomain: 'public', policies: [{ appId: 'a', namespace: 'default', trustDomain: 'public', defaultAction: 'allow' }],
    });
    expect(() => b.allowInvocationFrom(a)).toThrow('[test/b/Configuration] allowInvocationFrom(a): app "a" of namespace "default" already has a policy; daprd keeps only one policy per caller. Fix: grant each caller once, with every operation it needs');
  });
});

describe('DaprApp errors of the values cdk8s-plus builds from, with the prop that set them', () => {
  const build = (props: Partial<DaprAppProps>) => () => new DaprApp(testChart(), 'x', { appId: 'x', image: 'x:1', ...props });

  test('CPU quantities', () => {
    expect(build({ resources: { cpuLimit: 'abc' } })).toThrow('[test/x] resources.cpuLimit: "abc" is not a CPU quantity in whole millicores. Fix: use millicores such as "250m" or cores such as "1" or "1.5"');
    expect(build({ resources: { cpuRequest: '1.2.3' } })).toThrow('[test/x] resources.cpuRequest: "1.2.3" is not a CPU quantity');
    expect(build({ resources: { cpuRequest: '0.5m' } })).toThrow('[test/x] resources.cpuRequest: "0.5m" is not a CPU quantity in whole millicores');
    expect(build({ resources: { cpuRequest: '2', cpuLimit: '1' } })).toThrow('[test/x] resources.cpuRequest: "2" is more than cpuLimit "1"; the API server refuses a pod whose request exceeds its limit. Fix: lower cpuRequest or raise cpuLimit');
  });

  test('memory quantities, including the conversion cdk8s refuses', () => {
    expect(build({ resources: { memoryLimit: '512M' } })).toThrow('[test/x] resources.memoryLimit: "512M" is not a memory quantity in Ki, Mi, Gi or Ti. Fix: use a binary unit, such as "128Mi" or "1Gi"');
    expect(build({ resources: { memoryLimit: '100Ki' } })).toThrow("[test/x] resources.memoryLimit: '100 kibibytes' cannot be converted into a whole number of mebibytes. Fix: use whole mebibytes");
    expect(build({ resources: { memoryRequest: '1Gi' } })).toThrow('[test/x] resources.memoryRequest: "1Gi" is more than memoryLimit "256Mi"');
  });

  test('valid quantities render as cdk8s-plus writes them', () => {
    const chart = testChart();
    new DaprApp(chart, 'x', { appId: 'x', image: 'x:1', resources: { cpuRequest: '250m', cpuLimit: '1.5', memoryRequest: '1024Ki', memoryLimit: '1.5Gi' } });
    expect(findObject(Testing.synth(chart), 'Deployment', 'x').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '1Mi' },
      limits: { cpu: '1.5', memory: '1536Mi' },
    });
  });

  test('a name label that is not the app ID, which every selector of the app uses', () => {
    expect(build({ labels: { 'app.kubernetes.io/name': 'other', team: 'a' } })).toThrow(
      '[test/x] labels[app.kubernetes.io/name]: "other" differs from the app ID "x", which the Deployment, the Service and the NetworkPolicy select the pods by, so they would select none. Fix: drop the app.kubernetes.io/name label (it is set to the app ID), or use another label key',
    );
    expect(build({ labels: { 'app.kubernetes.io/name': 'x', team: 'a' } })).not.toThrow();
  });

  test('ports and env names', () => {
    expect(build({ appPort: '8000' as any })).toThrow('[test/x] appPort: "8000" is not a TCP port. Fix: use a whole number from 1 to 65535');
    expect(build({ env: { 'LOG=LEVEL': 'debug' } })).toThrow('[test/x] env["LOG=LEVEL"]: "LOG=LEVEL" is not an environment variable name Kubernetes accepts (letters, digits, "_", "-" and ".", not starting with a digit). Fix: rename it, such as "LOG_LEVEL"');
    expect(build({ env: { '1ST': 'x' } })).toThrow('[test/x] env["1ST"]: "1ST" is not an environment variable name Kubernetes accepts');
  });

  test('replicas: a whole number of 0 or more, checked when the app is constructed', () => {
    expect(build({ replicas: -1 })).toThrow('[test/x] replicas: expected a whole number of at least 0, got -1. Fix: pass a number such as replicas: 1');
    expect(build({ replicas: 1.5 })).toThrow('[test/x] replicas: expected a whole number of at least 0, got 1.5');
    expect(build({ replicas: '2' as any })).toThrow('[test/x] replicas: expected a whole number of at least 0, got "2"');
    expect(build({ replicas: 0 })).not.toThrow();
  });
});
