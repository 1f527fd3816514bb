import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { DaprApp, DeclaredSecret, ISecretDelivery, ISecretStore, KubernetesSecretStore, renderApp, SecretDelivery, SecretKeyRef, SecretKeyStyle, SecretResolver } from '../../lib';
import { collectProblems } from '../../lib/core/errors';
import { planPulumiRender } from '../../lib/pulumi';
import { AwsSecretsManagerSecretStore, HashicorpVaultSecretStore } from '../../lib/secrets/stores';
import { synthErrors, testChart } from '../support/chart';
import { vaultStore } from './external/fixtures';

describe('DeclaredSecret', () => {
  test('declares name and keys and synthesizes nothing by itself', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'api-credentials', { keys: ['api-key', 'api-secret'] });
    expect(secret.secretName).toBe('api-credentials');
    expect(secret.namespace).toBe('default');
    expect(secret.keys).toEqual(['api-key', 'api-secret']);
    expect(secret.type).toBe('Opaque');
    expect(secret.delivery.kind).toBe('out-of-band');
    expect(secret.store.storeName).toBe('kubernetes');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('keyRef hands out a typed reference with no value and no resolve()', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'redis-password', { keys: ['password'] });
    const ref = secret.keyRef('password');
    expect(ref).toBeInstanceOf(SecretKeyRef);
    expect(SecretKeyRef.isSecretKeyRef(ref)).toBe(true);
    expect(ref.toSecretKeyRef()).toEqual({ name: 'redis-password', key: 'password' });
    expect(JSON.stringify(ref)).toBe('{"name":"redis-password","key":"password"}');
    expect((ref as any).resolve).toBeUndefined();
    expect(ref.secret).toBe(secret);
    expect(String(ref)).toBe('redis-password/password');
  });

  test('asking for an undeclared key is an error naming the declared keys', () => {
    const secret = new DeclaredSecret(testChart(), 'redis-password', { keys: ['password'] });
    expect(() => secret.keyRef('pasword')).toThrow(
      '[test/redis-password] keyRef: secret "redis-password" declares no key "pasword" (declared: password). Fix: use one of the declared keys, or add "pasword" to the secret\'s keys',
    );
  });

  test('no prop accepts a value (for JavaScript callers)', () => {
    const props: any = { keys: ['password'], stringData: { password: 'x' } };
    expect(() => new DeclaredSecret(testChart(), 'db', props)).toThrow(
      '[test/db] stringData: DeclaredSecret has no prop "stringData"; it never takes secret values. Fix: declare the keys with \'keys\'',
    );
  });

  test('in the built-in store the name must be a Kubernetes Secret name (DNS-1123)', () => {
    expect(() => new DeclaredSecret(testChart(), 'Api_Credentials', { keys: ['k'] })).toThrow(
      '[test/Api_Credentials] name: store "kubernetes" cannot hold a secret named "Api_Credentials": it names a Kubernetes Secret, so it must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters). Fix: use a name such as "api-credentials"',
    );
  });

  test('in a named Kubernetes store the name must be a Kubernetes Secret name too, whatever the store adds', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
    expect(() => new DeclaredSecret(chart, 'redis', { store, name: 'prod/task-api/redis', keys: ['password'] })).toThrow(
      '[test/redis] name: store "kubernetes-secrets" cannot hold a secret named "prod/task-api/redis": it names a Kubernetes Secret, so it must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters). Fix: use a name such as "prod-task-api-redis"',
    );
    // A Kubernetes-backed store of the user's own with a stricter rule gets both.
    const strict = kubernetesBackedStoreWithRule(chart);
    expect(() => new DeclaredSecret(chart, 'Upper', { store: strict, keys: ['k'] })).toThrow('[test/Upper] name: store "strict" cannot hold a secret named "Upper": it names a Kubernetes Secret');
    expect(() => new DeclaredSecret(chart, 'db', { store: strict, keys: ['k'] })).toThrow(
      '[test/db] name: store "strict" cannot hold a secret named "db": names start with "app-". Fix: use a name such as "app-db"',
    );
    expect(new DeclaredSecret(chart, 'app-db', { store: strict, keys: ['k'] }).secretName).toBe('app-db');
  });

  test('a construct id with "/" cannot default the name: the name is a prop of its own', () => {
    const chart = testChart();
    const aws = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' });
    expect(() => new DeclaredSecret(chart, 'prod/task-api/redis', { store: aws })).toThrow(
      '[test/prod--task-api--redis] name: the construct id "prod/task-api/redis" cannot be the secret\'s name, because constructs turns "/" in an id into "--" (this one became "prod--task-api--redis"). '
      + 'Fix: give the name as a prop and a plain id, such as new DeclaredSecret(scope, "prod-task-api-redis", { name: "prod/task-api/redis", ... })',
    );
    const redis = new DeclaredSecret(chart, 'redis', { store: aws, name: 'prod/task-api/redis' });
    expect([redis.node.id, redis.secretName, redis.keys]).toEqual(['redis', 'prod/task-api/redis', ['prod/task-api/redis']]);
    // Other characters pass through construct ids unchanged, so the id can still be the name.
    expect(new DeclaredSecret(chart, 'redis_password@eu', { store: aws }).secretName).toBe('redis_password@eu');
  });

  test('a name that is not a string is refused (for JavaScript callers)', () => {
    expect(() => new DeclaredSecret(testChart(), 'db', { name: 42 as any, keys: ['password'] })).toThrow(
      "[test/db] name: expected a string, got 42. Fix: pass the secret's name in its store, such as name: 'redis-password', or leave name out to use the construct id",
    );
  });

  test('a non-Kubernetes store without rules of its own takes any non-empty name without control characters', () => {
    const chart = testChart();
    const store = nonKubernetesStore(chart);
    expect(new DeclaredSecret(chart, 'a', { store, name: 'Team/Redis Password:1', keys: ['v'] }).secretName).toBe('Team/Redis Password:1');
    expect(() => new DeclaredSecret(chart, 'b', { store, name: 'redis\npassword', keys: ['v'] })).toThrow(
      '[test/b] name: store "custom" cannot hold a secret named "redis\\npassword": a secret name must be non-empty, without control characters. Fix: use the name the store gives the secret, such as \'redis-password\'',
    );
  });

  test('outside Kubernetes a key is any property name of the stored value; control characters are refused', () => {
    const chart = testChart();
    const vault = new HashicorpVaultSecretStore(chart, 'vault', { vaultTokenMountPath: '/t' });
    expect(new DeclaredSecret(chart, 'redis', { store: vault, name: 'team/redis', keys: ['password', 'tls:ca', 'User Name'] }).keys).toEqual(['password', 'tls:ca', 'User Name']);
    expect(() => new DeclaredSecret(chart, 'db', { store: vault, name: 'team/db', keys: ['pass\tword'] })).toThrow(
      '[test/db] keys: "pass\\tword" is not a key store "vault" can return (a non-empty string without control characters). Fix: use the property\'s name in the stored value, such as \'password\'',
    );
    expect(() => new DeclaredSecret(chart, 'db2', { store: vault, name: 'team/db2', keys: [''] })).toThrow('[test/db2] keys: "" is not a key store "vault" can return');
    // In a Kubernetes store the same key is not a Secret data key.
    expect(() => new DeclaredSecret(chart, 'k8s', { keys: ['tls:ca'] })).toThrow('[test/k8s] keys: "tls:ca" is not a valid Secret key');
  });

  test('keys are required, valid and unique', () => {
    expect(() => new DeclaredSecret(testChart(), 'a')).toThrow('[test/a] keys: secret "a" declares no keys. Fix: list the keys');
    expect(() => new DeclaredSecret(testChart(), 'b', { keys: ['a/b'] })).toThrow('[test/b] keys: "a/b" is not a valid Secret key');
    expect(() => new DeclaredSecret(testChart(), 'c', { keys: ['k', 'k'] })).toThrow('[test/c] keys: key "k" is declared twice');
  });

  test('duplicates in one namespace and store are rejected at synth', () => {
    const chart = testChart();
    new DeclaredSecret(chart, 'first', { name: 'db', keys: ['password'] });
    new DeclaredSecret(chart, 'second', { name: 'db', keys: ['password'] });
    new DeclaredSecret(chart, 'other-ns', { name: 'db', namespace: 'prod', keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { password: 'PROD_DB_PASSWORD' } }) });
    expect(synthErrors(chart)).toBe(
      'Validation failed with the following errors:\n  [test/second] metadata.name: duplicate secret "Secret:default/db"; test/first already declares it. Fix: give one of them another name or namespace, or reuse the construct at test/first',
    );
  });

  test('two Kubernetes stores cannot both deliver a Secret of the same name', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
    new DeclaredSecret(chart, 'db', { keys: ['password'] });
    new DeclaredSecret(chart, 'db-again', { name: 'db', store, keys: ['password'] });
    expect(synthErrors(chart)).toContain('[test/db-again] metadata.name: duplicate secret "Secret:default/db"; test/db already declares it');
  });

  test('a secret must live in the namespace of its Kubernetes store', () => {
    const chart = testChart();
    const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
    new DeclaredSecret(chart, 'db', { store, namespace: 'prod', keys: ['password'] });
    expect(synthErrors(chart)).toContain(
      '[test/db] store: store "kubernetes-secrets" is in namespace "default" but the secret is in "prod". Fix: declare the secret in the namespace of its store',
    );
  });

  test('grantRead records a Secrets API read on the app', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'notification-api', { keys: ['api-key'] });
    const app = new DaprApp(chart, 'app', { appId: 'task-api', image: 'x:1' });
    const grant = secret.grantRead(app);
    secret.grantRead(app);
    expect(app.secretReads).toEqual([secret]);
    expect(grant).toEqual({ secret, reader: app, storeName: 'kubernetes', kubernetesRbac: true });
  });

  test('grantRead returns what it granted: the scope store, and no RBAC for a store read with its own credentials', () => {
    const chart = testChart();
    const vault = new HashicorpVaultSecretStore(chart, 'vault', { vaultTokenMountPath: '/t' });
    const secret = new DeclaredSecret(chart, 'notification-api', { store: vault, keys: ['api-key'] });
    const app = new DaprApp(chart, 'app', { appId: 'task-api', image: 'x:1', components: [vault] });
    expect(secret.grantRead(app)).toEqual({ secret, reader: app, storeName: 'vault', kubernetesRbac: false });
  });

  test('grantRead refuses, for JavaScript callers, a construct that is not a secret reader', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'notification-api', { keys: ['api-key'] });
    expect(() => secret.grantRead(new Construct(chart, 'plain') as any)).toThrow(
      '[test/notification-api] grantRead: "test/plain" cannot read secrets through the Dapr Secrets API (it is not a DaprApp). Fix: grant the read to the DaprApp whose sidecar reads the secret',
    );
  });

  test('fingerprint identifies the declaration, not a value, and is stable', () => {
    const a = new DeclaredSecret(testChart(), 'db', { keys: ['password', 'user'] });
    const b = new DeclaredSecret(testChart(), 'db', { keys: ['user', 'password'] });
    const c = new DeclaredSecret(testChart(), 'db', { keys: ['password'] });
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });

  test('fingerprint takes store names with "/", ":" and "@" and tells them apart', () => {
    const fingerprint = (name: string) => {
      const chart = testChart();
      const aws = new AwsSecretsManagerSecretStore(chart, 'aws-secrets', { region: 'eu-west-1' });
      return new DeclaredSecret(chart, 'redis', { store: aws, name }).fingerprint;
    };
    const nested = fingerprint('prod/task-api/redis');
    expect(nested).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint('prod/task-api/redis')).toBe(nested);
    expect(new Set([nested, fingerprint('prod/task-api'), fingerprint('prod-task-api-redis'), fingerprint('prod/task-api/redis@eu')]).size).toBe(4);
  });

  test('delivery can be chosen per secret', () => {
    const chart = testChart();
    const s = new DeclaredSecret(chart, 'db', { keys: ['password'], delivery: SecretDelivery.outOfBand({ envVars: { password: 'DB_PASS' } }) });
    expect(s.delivery.kind).toBe('out-of-band');
  });
});

describe('DeclaredSecret envValue', () => {
  test('sets a container variable from the key through secretKeyRef, never a value', () => {
    const chart = testChart('shop');
    const db = new DeclaredSecret(chart, 'db', { keys: ['url', 'password'] });
    const app = new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1' });
    app.deployment.containers[0].env.addVariable('DB_URL', db.envValue(app, 'url'));
    app.deployment.containers[0].env.addVariable('DB_PASSWORD', db.envValue(app, 'password'));
    const deployment = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    const env = deployment.spec.template.spec.containers[0].env;
    expect(env.filter((e: any) => e.name.startsWith('DB_'))).toEqual([
      { name: 'DB_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    ]);
  });

  test('an undeclared key, or a secret outside Kubernetes, is refused', () => {
    const chart = testChart();
    const db = new DeclaredSecret(chart, 'db', { keys: ['password'] });
    expect(() => db.envValue(chart, 'pasword')).toThrow('[test/db] keyRef: secret "db" declares no key "pasword"');
    const aws = new DeclaredSecret(chart, 'aws', { name: 'prod/db', store: new AwsSecretsManagerSecretStore(chart, 'aws-sm', { region: 'eu-west-1', unscoped: true }), keys: ['prod/db'] });
    expect(() => aws.envValue(chart, 'prod/db')).toThrow(
      '[test/aws] envValue: secret "prod/db" lives in store "aws-sm", which is not a Kubernetes Secret, so no secretKeyRef can read it. Fix: read it through the Dapr Secrets API with secret.grantRead(app), or declare it in a Kubernetes secret store',
    );
  });
});

describe('DeclaredSecret type', () => {
  test('a typed Secret carries its type, checked against the keys the API server requires', () => {
    const tls = new DeclaredSecret(testChart(), 'shop-tls', { type: 'kubernetes.io/tls', keys: ['tls.crt', 'tls.key', 'ca.crt'] });
    expect(tls.type).toBe('kubernetes.io/tls');
  });

  test('kubernetes.io/tls without tls.key is refused at synth, naming the keys to declare', () => {
    expect(() => new DeclaredSecret(testChart(), 'shop-tls', { type: 'kubernetes.io/tls', keys: ['tls.crt'] })).toThrow(
      '[test/shop-tls] type: a kubernetes.io/tls Secret must hold "tls.crt" and "tls.key", but key "tls.key" is not declared (declared: tls.crt). Fix: declare keys: [\'tls.crt\', \'tls.key\'], or leave type out for an Opaque Secret',
    );
  });

  test.each([
    ['kubernetes.io/basic-auth', ['user'], 'must hold at least one of "username" and "password"'],
    ['kubernetes.io/ssh-auth', ['key'], 'must hold "ssh-privatekey"'],
    ['kubernetes.io/dockerconfigjson', ['config.json'], 'must hold ".dockerconfigjson"'],
    ['kubernetes.io/service-account-token', ['token'], 'the token controller fills a kubernetes.io/service-account-token Secret itself'],
    ['Opaque ', ['k'], '"Opaque " is not a Secret type'],
  ])('%s with keys %j is refused', (type, keys, message) => {
    expect(() => new DeclaredSecret(testChart(), 'db', { type, keys })).toThrow('[test/db] type: ');
    expect(() => new DeclaredSecret(testChart(), 'db', { type, keys })).toThrow(message);
  });

  test('the type reaches the Secret of each delivery: the create-secrets script, the ExternalSecret template and the Pulumi Secret', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const tls = (id: string, delivery: ISecretDelivery) => new DeclaredSecret(chart, id, { type: 'kubernetes.io/tls', keys: ['tls.crt', 'tls.key'], delivery, externalConsumer: 'ingress-nginx' });
    tls('oob-tls', SecretDelivery.outOfBand());
    tls('eso-tls', SecretDelivery.external({ store: vaultStore(chart), remoteRefs: { 'tls.crt': { key: 'shop/tls', property: 'crt' }, 'tls.key': { key: 'shop/tls', property: 'key' } } }));
    const script = renderApp(app).find((f) => f.path === 'create-secrets.sh')!.content;
    expect(script).toContain('"$KUBECTL" create secret tls oob-tls \\');
    const external = Testing.synth(chart).find((o) => o.kind === 'ExternalSecret');
    expect(external.spec.target.template.type).toBe('kubernetes.io/tls');

    const pulumiApp = new App();
    const pulumiChart = new Chart(pulumiApp, 'shop', { namespace: 'shop' });
    new DeclaredSecret(pulumiChart, 'cfg-tls', { type: 'kubernetes.io/tls', keys: ['tls.crt', 'tls.key'], delivery: SecretDelivery.pulumiConfig(), externalConsumer: 'ingress-nginx' });
    const planned = planPulumiRender(pulumiApp).charts.flatMap((c) => c.objects).find((o) => o.kind === 'Secret');
    expect(planned?.object.type).toBe('kubernetes.io/tls');
  });

  test('a custom type takes any keys', () => {
    expect(new DeclaredSecret(testChart(), 'db', { type: 'example.com/db-credentials', keys: ['dsn'] }).type).toBe('example.com/db-credentials');
  });

  test('a type on a secret of a store that does not read Kubernetes Secrets is refused', () => {
    const chart = testChart();
    expect(() => new DeclaredSecret(chart, 'db', { store: nonKubernetesStore(chart), keys: ['password'], type: 'kubernetes.io/basic-auth' })).toThrow(
      '[test/db] type: store "custom" does not read Kubernetes Secrets, so no Secret of type "kubernetes.io/basic-auth" exists. Fix: leave type out, or declare the secret in a Kubernetes secret store',
    );
  });

  test('with problems collected (the CLI), a bad type and a blank externalConsumer are both recorded and the secret is Opaque', () => {
    const chart = testChart();
    const recorded: Error[] = [];
    const secret = collectProblems(() => new DeclaredSecret(chart, 'db', { keys: ['cert'], type: 'kubernetes.io/tls', externalConsumer: '' }), recorded);
    expect(recorded.map((e) => e.message)).toEqual([
      expect.stringMatching(/^\[test\/db\] type: a kubernetes.io\/tls Secret must hold "tls.crt" and "tls.key"/),
      expect.stringMatching(/^\[test\/db\] externalConsumer: expected a non-empty string/),
    ]);
    expect(secret.type).toBe('Opaque');
    expect(synthErrors(chart)).toContain('[test/db] type: a kubernetes.io/tls Secret must hold');
  });

  test('externalConsumer must name who uses the secret', () => {
    expect(() => new DeclaredSecret(testChart(), 'db', { keys: ['password'], externalConsumer: ' ' })).toThrow(
      '[test/db] externalConsumer: expected a non-empty string naming who uses the secret, got " ". Fix: name the consumer',
    );
    expect(new DeclaredSecret(testChart(), 'db', { keys: ['password'], externalConsumer: 'a CI job' }).externalConsumer).toBe('a CI job');
  });
});

/** A Kubernetes-backed store of a user's own, with a name rule of its own. */
function kubernetesBackedStoreWithRule(scope: Construct): ISecretStore {
  return Object.assign(new Construct(scope, 'strict'), {
    storeName: 'strict', namespace: 'default', resolver: SecretResolver.SIDECAR, kubernetesBacked: true, keyStyle: SecretKeyStyle.MULTI_KEY, isComponent: false,
    secretNameProblem: (name: string) => (name.startsWith('app-') ? undefined : { problem: 'names start with "app-"', fix: `use a name such as "app-${name}"` }),
  });
}

/** A non-Kubernetes store of a user's own without `secretNameProblem`. */
function nonKubernetesStore(scope: Construct): ISecretStore {
  return Object.assign(new Construct(scope, 'custom'), {
    storeName: 'custom', namespace: 'default', resolver: SecretResolver.SIDECAR, kubernetesBacked: false, keyStyle: SecretKeyStyle.MULTI_KEY, isComponent: false,
  });
}
