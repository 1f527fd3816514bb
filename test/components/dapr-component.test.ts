import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import { App, Chart } from 'cdk8s';
import { DaprApp, DaprComponent, DeclaredSecret, KafkaAuth, KafkaPubSub, KubernetesSecretStore, RedisStateStore, renderApp, SecretKeyRef, SecretResolver } from '../../lib';
import { findObject, storeWithSecret, synthErrors, testChart } from '../support/chart';

describe('DaprComponent', () => {
  test('renders type, version, metadata, auth and scopes beside spec', () => {
    const chart = testChart();
    const { store, secret } = storeWithSecret(chart);
    const c = new DaprComponent(chart, 'orders-db', { type: 'state.postgresql', version: 'v2', initTimeout: Duration.seconds(30), ignoreErrors: true });
    c.addMetadata('maxConns', 15);
    c.addSecretMetadata('connectionString', secret.keyRef('password'));
    new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', components: [c] });
    const obj = findObject(Testing.synth(chart), 'Component', 'orders-db');
    expect(obj).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders-db', namespace: 'default' },
      auth: { secretStore: 'kubernetes-secrets' },
      scopes: ['orders'],
      spec: {
        type: 'state.postgresql',
        version: 'v2',
        initTimeout: '30s',
        ignoreErrors: true,
        metadata: [
          { name: 'maxConns', value: '15' },
          { name: 'connectionString', secretKeyRef: { name: 'db', key: 'password' } },
        ],
      },
    });
    expect(c.secretStore).toBe(store);
    expect(c.secretKeyRefs.map(String)).toEqual(['db/password']);
    expect(obj).toMatchSnapshot();
  });

  test('no secret references: no auth; unscoped: true: no scopes', () => {
    const chart = testChart();
    const cron = new DaprComponent(chart, 'cron', { type: 'bindings.cron', unscoped: true });
    cron.addMetadata('schedule', '@every 15m');
    new DaprApp(chart, 'worker', { appId: 'worker', image: 'w:1', components: [cron] });
    const obj = findObject(Testing.synth(chart), 'Component', 'cron');
    expect(obj.auth).toBeUndefined();
    expect(obj.scopes).toBeUndefined();
    expect(cron.unscoped).toBe(true);
    expect(cron.scopes).toEqual(['worker']);
    expect(obj.spec.version).toBe('v1');
  });

  test('a component that no app loads fails synth unless it is unscoped on purpose', () => {
    const chart = testChart();
    new DaprComponent(chart, 'cron', { type: 'bindings.cron', metadata: { schedule: '@every 1m' } });
    expect(synthErrors(chart)).toBe(
      'Validation failed with the following errors:\n  [test/cron] scopes: no DaprApp of this cdk8s App loads component "cron", so it would be written without scopes and Dapr would load it into every app of namespace "default". Fix: load it in the apps that use it (components: [...] or app.addComponent(component)), or pass unscoped: true to load it into every app of the namespace on purpose',
    );
    expect(() => new DaprComponent(testChart(), 'x', { type: 'bindings.cron', unscoped: 'yes' as any })).toThrow(
      '[test/x] unscoped: expected true or false, got "yes". Fix: pass unscoped: true or unscoped: false (a boolean, not a string)',
    );
  });

  test('an app loading a component scopes it, and its store with it', () => {
    const chart = testChart();
    const { store, secret } = storeWithSecret(chart);
    const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: secret.keyRef('password') });
    new DaprApp(chart, 'b-app', { appId: 'b-app', image: 'b:1', components: [cache] });
    new DaprApp(chart, 'a-app', { appId: 'a-app', image: 'a:1' }).addComponent(cache);
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'Component', 'cache').scopes).toEqual(['a-app', 'b-app']);
    expect(findObject(objects, 'Component', 'kubernetes-secrets').scopes).toEqual(['a-app', 'b-app']);
    expect(store.unscoped).toBe(false);
  });

  test('references through the built-in store name it in auth.secretStore', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'db', { keys: ['password'] });
    new DaprComponent(chart, 'cache', { type: 'state.redis', unscoped: true, metadata: { redisHost: 'redis:6379' } }).addSecretMetadata('redisPassword', secret.keyRef('password'));
    expect(findObject(Testing.synth(chart), 'Component', 'cache').auth).toEqual({ secretStore: 'kubernetes' });
  });

  test('a sensitive field refuses a plain value, without echoing it', () => {
    const c = new DaprComponent(testChart(), 'cache', { type: 'state.redis', metadata: { redisHost: 'redis:6379' } });
    const value = 'not-a-real-password-1';
    let message = '';
    // @ts-expect-error state.redis marks redisPassword sensitive, so this does not compile
    try { c.addMetadata('redisPassword', value); } catch (e) { message = (e as Error).message; }
    expect(message).toBe(
      "[test/cache] spec.metadata[redisPassword]: state.redis marks \"redisPassword\" sensitive, so it cannot take a plain value (the value given is not shown). Fix: declare the credential with new DeclaredSecret(...) and pass secret.keyRef('<key>') to addSecretMetadata('redisPassword', ...)",
    );
    expect(message).not.toContain(value);
  });

  test('sensitive names are matched case-insensitively, and credential-like names of unknown types count', () => {
    const c = new DaprComponent(testChart(), 'custom', { type: 'bindings.mycorp', allowUnknownType: true });
    // @ts-expect-error credential-looking names do not compile either
    expect(() => c.addMetadata('REDISPASSWORD', 'x')).toThrow('bindings.mycorp marks "REDISPASSWORD" sensitive');
    // @ts-expect-error credential-looking names do not compile either
    expect(() => c.addMetadata('apiToken', 'x')).toThrow('sensitive');
    expect(() => c.addMetadata('tokenPath', '/var/run/token')).not.toThrow();
  });

  test('addSecretMetadata takes only references from declared secrets (JavaScript callers)', () => {
    const c = new DaprComponent(testChart(), 'cache', { type: 'state.redis', metadata: { redisHost: 'redis:6379' } });
    expect(() => c.addSecretMetadata('redisPassword', 'hunter-two' as any)).toThrow(
      '[test/cache] spec.metadata[redisPassword]: expected a secret reference, got a string (not shown: it may be a credential). Fix: declare the credential',
    );
    expect(() => c.addSecretMetadata('redisPassword', { name: 'x', key: 'y' } as any)).toThrow('expected a secret reference, got an object');
    const forged: any = { [Symbol.for('dapr-secure-constructs.SecretKeyRef')]: true, key: 'y' };
    expect(() => c.addSecretMetadata('redisPassword', forged)).toThrow('the secret reference does not come from a declared secret');
  });

  test('a reference to an undeclared key is caught at synth for callers that bypass keyRef', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'db', { keys: ['password'] });
    new DaprComponent(chart, 'cache', { type: 'state.redis', metadata: { redisHost: 'redis:6379' } }).addSecretMetadata('redisPassword', SecretKeyRef._create(secret, 'pass'));
    expect(synthErrors(chart)).toContain(
      '[test/cache] spec.metadata[redisPassword].secretKeyRef.key: secret "db" declares no key "pass" (declared: password). Fix: use one of the declared keys',
    );
  });

  test('references that would need two stores are an error', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    const builtinSecret = new DeclaredSecret(chart, 'other', { keys: ['token'] });
    const c = new DaprComponent(chart, 'mixed', { type: 'bindings.http' });
    c.addSecretMetadata('securityToken', secret.keyRef('password'));
    expect(() => c.addSecretMetadata('oauthToken', builtinSecret.keyRef('token'))).toThrow(
      '[test/mixed] spec.metadata[oauthToken]: other/token belongs to secret store "kubernetes", but this component already reads through "kubernetes-secrets"; a Component has one auth.secretStore. Fix: keep every secret this component references in one store',
    );
  });

  test('the same field twice is an error (daprd ignores case)', () => {
    const c = new DaprComponent(testChart(), 'cache', { type: 'state.redis' });
    c.addMetadata('redisHost', 'a:6379');
    expect(() => c.addMetadata('RedisHost', 'b:6379')).toThrow('[test/cache] spec.metadata[RedisHost]: "RedisHost" is set twice');
  });

  test('type and name are checked, and the AWS Secrets Manager spelling is corrected', () => {
    // @ts-expect-error a type the catalog does not know does not compile without allowUnknownType
    expect(() => new DaprComponent(testChart(), 'aws', { type: 'secretstores.aws.secretsmanager' })).toThrow(
      '[test/aws] type: "secretstores.aws.secretsmanager" is not a type daprd registers. Fix: use "secretstores.aws.secretmanager"',
    );
    // @ts-expect-error a type the catalog does not know does not compile without allowUnknownType
    expect(() => new DaprComponent(testChart(), 'x', { type: 'redis' })).toThrow('[test/x] type: "redis" is not a Dapr component type');
    expect(() => new DaprComponent(testChart(), 'State_Store', { type: 'state.redis', metadata: { redisHost: 'redis:6379' } })).toThrow(
      '[test/State_Store] name: "State_Store" is not a DNS-1123 name. Fix: use lowercase letters, digits, "-" and ".", such as "state-store"',
    );
  });

  test('a secret in another namespace than the component is an error', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'db', { namespace: 'prod', keys: ['password'] });
    new DaprComponent(chart, 'cache', { type: 'state.redis', metadata: { redisHost: 'redis:6379' } }).addSecretMetadata('redisPassword', secret.keyRef('password'));
    expect(synthErrors(chart)).toContain(
      '[test/cache] spec.metadata[redisPassword].secretKeyRef.name: secret "db" is in namespace "prod", but Dapr reads it from the component\'s namespace "default". Fix: declare the secret in the same namespace as the component',
    );
  });

  test('auth.secretStore must name a store in the same namespace', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { namespace: 'prod', resolveComponentSecrets: SecretResolver.SIDECAR });
    const secret = new DeclaredSecret(chart, 'db', { store, namespace: 'prod', keys: ['password'] });
    new DaprComponent(chart, 'cache', { type: 'state.redis', metadata: { redisHost: 'redis:6379' } }).addSecretMetadata('redisPassword', secret.keyRef('password'));
    expect(synthErrors(chart)).toContain(
      '[test/cache] auth.secretStore: store "kubernetes-secrets" is in namespace "prod", but components only see stores in their own namespace "default". Fix: declare a secret store in the same namespace as the component',
    );
  });

  test('duplicate components in a namespace are rejected', () => {
    const chart = testChart();
    new DaprComponent(chart, 'a', { name: 'statestore', type: 'state.redis', unscoped: true, metadata: { redisHost: 'redis:6379' } });
    new DaprComponent(chart, 'b', { name: 'statestore', type: 'state.redis', unscoped: true, metadata: { redisHost: 'redis:6379' } });
    new DaprComponent(chart, 'c', { name: 'statestore', namespace: 'prod', type: 'state.redis', unscoped: true, metadata: { redisHost: 'redis:6379' } });
    expect(synthErrors(chart)).toBe(
      'Validation failed with the following errors:\n  [test/b] metadata.name: duplicate Dapr component "default/statestore"; test/a already declares it. Fix: give one of them another name or namespace, or reuse the construct at test/a',
    );
  });

  test('a secret declared under another cdk8s App is an error', () => {
    const chart = testChart();
    const other = testChart();
    const { secret } = storeWithSecret(other);
    const builtinRef = new DeclaredSecret(other, 'plain', { keys: ['password'] }).keyRef('password');
    new DaprComponent(chart, 'cache', { type: 'state.redis', metadata: { redisHost: 'redis:6379' } }).addSecretMetadata('redisPassword', builtinRef);
    new DaprComponent(chart, 'db', { type: 'state.postgresql' }).addSecretMetadata('connectionString', secret.keyRef('password'));
    const errors = synthErrors(chart);
    expect(errors).toContain(
      '[test/cache] spec.metadata[redisPassword].secretKeyRef.name: secret "plain" (test/plain) is declared under another cdk8s App, so this App\'s synth never delivers it and the reference would stay unresolved. Fix: declare the secret in a chart of the same App as the component',
    );
    expect(errors).toContain(
      '[test/db] auth.secretStore: store "kubernetes-secrets" (test/kubernetes-secrets) is declared under another cdk8s App, so this App\'s synth never writes it. Fix: declare the secret store in a chart of the same App as the component',
    );
  });

  test('addMetadata does not compile for the sensitive names of a literal spec type (any case); others and dynamic names do', () => {
    const blob = new DaprComponent(testChart(), 'blob', { type: 'bindings.azure.blobstorage' });
    // @ts-expect-error azureClientSecret is sensitive in bindings.azure.blobstorage
    expect(() => blob.addMetadata('azureClientSecret', 'x')).toThrow('[test/blob] spec.metadata[azureClientSecret]: bindings.azure.blobstorage marks "azureClientSecret" sensitive');
    // @ts-expect-error daprd matches names case-insensitively, and so does the type
    expect(() => blob.addMetadata('AccountKey', 'x')).toThrow('marks "AccountKey" sensitive');
    blob.addMetadata('containerName', 'orders');
    const dynamic: string = 'storageAccount';
    blob.addMetadata(dynamic, 'acct');
    const kafka = new KafkaPubSub(testChart(), 'kafka', { brokers: ['k:9092'], auth: KafkaAuth.none() });
    // @ts-expect-error subclasses carry their spec type: schemaRegistryAPISecret is sensitive in pubsub.kafka
    expect(() => kafka.addMetadata('schemaRegistryAPISecret', 'x')).toThrow('sensitive');
    kafka.addMetadata('schemaRegistryURL', 'http://registry:8081');
    expect(blob.metadataValue('containerName')).toBe('orders');
  });

  test('a sensitive field given a plain value by a JSON patch fails synth, without echoing it', () => {
    const chart = testChart();
    const { secret } = storeWithSecret(chart);
    const cache = new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: secret.keyRef('password') });
    new DaprApp(chart, 'app', { appId: 'app', image: 'a:1', components: [cache] });
    const value = 'not-a-real-password-2';
    cache.apiObject.addJsonPatch(JsonPatch.add('/spec/metadata/-', { name: 'sentinelPassword', value }));
    cache.apiObject.addJsonPatch(JsonPatch.add('/spec/metadata/-', { name: 'azureClientSecret', envRef: 'AZURE_SECRET' }));
    const errors = synthErrors(chart);
    expect(errors).toContain(
      '[test/cache] spec.metadata[sentinelPassword]: state.redis marks "sentinelPassword" sensitive, but the rendered Component gives it value (not shown) instead of a secretKeyRef, so the credential would sit in the manifest or the pod environment; a JSON patch, an override or a raw object put it there. Fix: remove that patch and set the field with addSecretMetadata(\'sentinelPassword\', secret.keyRef(\'<key>\')) of a DeclaredSecret',
    );
    expect(errors).toContain('[test/cache] spec.metadata[azureClientSecret]: state.redis marks "azureClientSecret" sensitive, but the rendered Component gives it envRef (not shown)');
    expect(errors).not.toContain(value);
  });

  test('a raw Component object with a plain sensitive value fails synth', () => {
    const app = new App();
    const chart = new Chart(app, 'raw', { namespace: 'default' });
    new ApiObject(chart, 'cache', {
      apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'cache' },
      spec: { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }, { name: 'redisPassword', value: 'not-a-real-password-3' }] },
    });
    let message = '';
    try { renderApp(app); } catch (e) { message = (e as Error).message; }
    expect(message).toContain('[raw/cache] spec.metadata[redisPassword]: state.redis marks "redisPassword" sensitive, but the rendered Component gives it value (not shown)');
    expect(message).not.toContain('not-a-real-password-3');
  });
});
