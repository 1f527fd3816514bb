import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { TaskApiChart } from '../../app/task-api';
import { DeclaredSecret } from '../../lib';
import { PulumiConfigDelivery, renderToPulumi } from '../../lib/pulumi';
import { findLeaks, makeCanary } from '../../lib/scan';
import { installMocks, MockRuntime, PROJECT } from './support/mock-runtime';
import { messageOf, thrown } from '../support/errors';

const ALL_KEYS = [
  'api-credentials.api-key', 'api-credentials.api-secret', 'kafka-credentials.password', 'kafka-credentials.username', 'notification-api.api-key', 'redis-password.password',
];

let rt: MockRuntime;

beforeAll(() => {
  rt = installMocks();
});

beforeEach(() => rt.reset());

/** Sets stack config; keys without a namespace get the project's. Keys in `plaintext` are not marked secret. */
function setConfig(values: { [key: string]: string }, plaintext: string[] = []): void {
  const q = (k: string) => (k.includes(':') ? k : `${PROJECT}:${k}`);
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(values).map(([k, v]) => [q(k), v])),
    Object.keys(values).filter((k) => !plaintext.includes(k)).map(q),
  );
}

function taskApi(): App {
  const app = new App();
  const delivery = new PulumiConfigDelivery();
  new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
  return app;
}

describe('config secrets the program reads', () => {
  test('none set: one error names every missing key with the `pulumi config set --secret` command to run, and nothing is registered', async () => {
    setConfig({});
    const message = messageOf(() => renderToPulumi(taskApi()));
    expect(message).toBe([
      '6 Pulumi config secret(s) are not set; each one becomes a key of a Kubernetes Secret:',
      '  dapr-task-api:api-credentials.api-key  (secret default/api-credentials, key api-key)',
      '  dapr-task-api:api-credentials.api-secret  (secret default/api-credentials, key api-secret)',
      '  dapr-task-api:redis-password.password  (secret default/redis-password, key password)',
      '  dapr-task-api:notification-api.api-key  (secret default/notification-api, key api-key)',
      '  dapr-task-api:kafka-credentials.username  (secret default/kafka-credentials, key username)',
      '  dapr-task-api:kafka-credentials.password  (secret default/kafka-credentials, key password)',
      'Fix: run these commands (Pulumi prompts for each value, so it stays out of your shell history), then run the program again:',
      '  pulumi config set --secret api-credentials.api-key',
      '  pulumi config set --secret api-credentials.api-secret',
      '  pulumi config set --secret redis-password.password',
      '  pulumi config set --secret notification-api.api-key',
      '  pulumi config set --secret kafka-credentials.username',
      '  pulumi config set --secret kafka-credentials.password',
    ].join('\n'));
    await rt.settle();
    expect(rt.registrations).toEqual([]);
  });

  test('one missing: only that key is named, and no set value appears in the message', () => {
    const values = Object.fromEntries(ALL_KEYS.filter((k) => k !== 'redis-password.password').map((k) => [k, makeCanary(k.replace('.', '-'))]));
    setConfig(values);
    const message = messageOf(() => renderToPulumi(taskApi()));
    expect(message).toContain('1 Pulumi config secret(s) are not set');
    expect(message).toContain('  dapr-task-api:redis-password.password  (secret default/redis-password, key password)');
    expect(message).toContain('\n  pulumi config set --secret redis-password.password');
    expect(message.match(/pulumi config set/g)).toHaveLength(1);
    expect(findLeaks(message, values)).toEqual([]);
  });

  test('a value set without --secret (plaintext in Pulumi.<stack>.yaml) is refused, without echoing it', () => {
    const values = Object.fromEntries(ALL_KEYS.map((k) => [k, makeCanary(k.replace('.', '-'))]));
    setConfig(values, ['kafka-credentials.password']);
    const message = messageOf(() => renderToPulumi(taskApi()));
    expect(message).toBe([
      '1 Pulumi config value(s) are stored in plaintext in Pulumi.dev.yaml instead of encrypted:',
      '  dapr-task-api:kafka-credentials.password  (secret default/kafka-credentials, key password)',
      'Fix: run these commands (Pulumi prompts for each value, so it stays out of your shell history), then run the program again:',
      '  pulumi config rm kafka-credentials.password && pulumi config set --secret kafka-credentials.password',
    ].join('\n'));
    expect(findLeaks(message, values)).toEqual([]);
  });

  test('all set as secrets: each key of each Secret holds the value of its own config key', async () => {
    const values = Object.fromEntries(ALL_KEYS.map((k) => [k, makeCanary(k.replace('.', '-'))]));
    setConfig(values);
    const rendering = renderToPulumi(taskApi());
    expect(rendering.configKeys).toEqual(ALL_KEYS.map((k) => `${PROJECT}:${k}`));
    await rt.settle();
    for (const r of rt.registrations.filter((x) => x.type === 'kubernetes:core/v1:Secret')) {
      const secretName = r.inputs.metadata.name;
      for (const [key, value] of Object.entries(r.wire.stringData.value as { [k: string]: string })) {
        expect({ secret: secretName, key, matches: value === values[`${secretName}.${key}`] }).toEqual({ secret: secretName, key, matches: true });
      }
    }
  });

  test('overridden config keys and namespaces are read, and named in the fix', async () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new DeclaredSecret(chart, 'db', { keys: ['password', 'username'], delivery: new PulumiConfigDelivery({ configKeys: { password: 'dbPassword' } }), externalConsumer: 'a batch job' });
    new DeclaredSecret(chart, 'payments', { keys: ['token'], delivery: new PulumiConfigDelivery({ configNamespace: 'shared' }), externalConsumer: 'a batch job' });
    setConfig({});
    expect(messageOf(() => renderToPulumi(app))).toContain([
      '  pulumi config set --secret dbPassword',
      '  pulumi config set --secret db.username',
      '  pulumi config set --secret shared:payments.token',
    ].join('\n'));

    const password = makeCanary('db-password');
    const token = makeCanary('payments-token');
    setConfig({ dbPassword: password, 'db.username': makeCanary('db-username'), 'shared:payments.token': token });
    const rendering = renderToPulumi(app);
    expect(rendering.configKeys).toEqual([`${PROJECT}:db.username`, `${PROJECT}:dbPassword`, 'shared:payments.token']);
    await rt.settle();
    expect(rt.get('kubernetes:core/v1:Secret', 'shop/db').wire.stringData.value.password === password).toBe(true);
    expect(rt.get('kubernetes:core/v1:Secret', 'shop/payments').wire.stringData.value.token === token).toBe(true);
  });

  test('options.config chooses the namespace of deliveries that name none', () => {
    setConfig({});
    const message = messageOf(() => renderToPulumi(taskApi(), { config: new pulumi.Config('secrets') }));
    expect(message).toContain('  secrets:redis-password.password  (secret default/redis-password, key password)');
    expect(message).toContain('  pulumi config set --secret secrets:redis-password.password');
  });

  test('two secrets that resolve to the same config key are refused', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new DeclaredSecret(chart, 'db', { keys: ['password'], delivery: new PulumiConfigDelivery(), externalConsumer: 'a batch job' });
    new DeclaredSecret(chart, 'cache', { keys: ['password'], delivery: new PulumiConfigDelivery({ configNamespace: PROJECT, configKeys: { password: 'db.password' } }), externalConsumer: 'a batch job' });
    setConfig({ 'db.password': makeCanary('db-password') });
    expect(messageOf(() => renderToPulumi(app))).toBe(
      `[shop/cache] Pulumi config key "${PROJECT}:db.password" would hold both key "password" of this secret and key "password" of shop/db. `
      + "Fix: give one of them its own key with SecretDelivery.pulumiConfig({ configKeys: { 'password': 'other-name' } })",
    );
  });

  test('a secret set to an empty value is refused like a missing one, naming the command', async () => {
    const values = Object.fromEntries(ALL_KEYS.map((k) => [k, makeCanary(k.replace('.', '-'))]));
    setConfig({ ...values, 'notification-api.api-key': '' });
    const message = messageOf(() => renderToPulumi(taskApi()));
    expect(message).toBe([
      '1 Pulumi config secret(s) are set to an empty value, which would become an empty key of a Kubernetes Secret:',
      '  dapr-task-api:notification-api.api-key  (secret default/notification-api, key api-key)',
      'Fix: run these commands (Pulumi prompts for each value, so it stays out of your shell history), then run the program again:',
      '  pulumi config set --secret notification-api.api-key',
    ].join('\n'));
    expect(findLeaks(message, values)).toEqual([]);
    await rt.settle();
    expect(rt.registrations).toEqual([]);
  });

  test('a secret set to only whitespace (spaces, tabs, newlines) is refused, naming the key and the command, never the value', async () => {
    const values = Object.fromEntries(ALL_KEYS.map((k) => [k, makeCanary(k.replace('.', '-'))]));
    const blank = ' \t\n \r\n\t ';
    setConfig({ ...values, 'redis-password.password': blank });
    const error = thrown(() => renderToPulumi(taskApi()));
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error.message).toBe([
      '1 Pulumi config secret(s) are set to a value that is only whitespace (spaces, tabs or newlines), which would become a blank key of a Kubernetes Secret:',
      '  dapr-task-api:redis-password.password  (secret default/redis-password, key password)',
      'Fix: run these commands (Pulumi prompts for each value, so it stays out of your shell history), then run the program again:',
      '  pulumi config set --secret redis-password.password',
    ].join('\n'));
    expect(error.message).not.toContain(blank);
    expect(error.message).not.toContain('\t');
    expect(findLeaks(error.message, values)).toEqual([]);
    await rt.settle();
    expect(rt.registrations).toEqual([]);
  });

  test('values set with `pulumi config set --path` (an object under <secret>) instead of as flat <secret>.<key> keys: the error says --path was the mistake and gives the commands', async () => {
    const values = Object.fromEntries(ALL_KEYS.map((k) => [k, makeCanary(k.replace('.', '-'))]));
    const { 'api-credentials.api-key': apiKey, 'api-credentials.api-secret': apiSecret, 'kafka-credentials.username': user, 'kafka-credentials.password': _password, ...flat } = values;
    // `pulumi config set --path --secret api-credentials.api-key` stores the object under api-credentials;
    // kafka-credentials holds an object too, but with other keys than the declared ones.
    setConfig({
      ...flat,
      'api-credentials': JSON.stringify({ 'api-key': apiKey, 'api-secret': apiSecret }),
      'kafka-credentials': JSON.stringify({ user }),
    });
    const error = thrown(() => renderToPulumi(taskApi()));
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error.message).toBe([
      '4 Pulumi config secret(s) are not set as a key of their own: the renderer reads each value from the flat key named below, '
        + 'and `pulumi config set --path` was the mistake (it stores the value inside an object under the part of the name before the first dot). Set them without --path:',
      '  dapr-task-api:api-credentials.api-key  (secret default/api-credentials, key api-key; `--path` stored it inside the object of dapr-task-api:api-credentials)',
      '  dapr-task-api:api-credentials.api-secret  (secret default/api-credentials, key api-secret; `--path` stored it inside the object of dapr-task-api:api-credentials)',
      '  dapr-task-api:kafka-credentials.username  (secret default/kafka-credentials, key username; dapr-task-api:kafka-credentials holds an object set with `--path`, without this key)',
      '  dapr-task-api:kafka-credentials.password  (secret default/kafka-credentials, key password; dapr-task-api:kafka-credentials holds an object set with `--path`, without this key)',
      'Fix: run these commands (Pulumi prompts for each value, so it stays out of your shell history), then run the program again:',
      '  pulumi config rm --path api-credentials.api-key && pulumi config set --secret api-credentials.api-key',
      '  pulumi config rm --path api-credentials.api-secret && pulumi config set --secret api-credentials.api-secret',
      '  pulumi config set --secret kafka-credentials.username',
      '  pulumi config set --secret kafka-credentials.password',
    ].join('\n'));
    expect(findLeaks(error.message, values)).toEqual([]);
    await rt.settle();
    expect(rt.registrations).toEqual([]);
  });

  test('a flat <secret>.<key> beside an object under <secret> is read as usual: the flat key is the one the renderer reads', async () => {
    const values = Object.fromEntries(ALL_KEYS.map((k) => [k, makeCanary(k.replace('.', '-'))]));
    setConfig({ ...values, 'api-credentials': JSON.stringify({ 'api-key': makeCanary('stale') }) });
    expect(renderToPulumi(taskApi()).configKeys).toEqual(ALL_KEYS.map((k) => `${PROJECT}:${k}`));
    await rt.settle();
    expect(rt.get('kubernetes:core/v1:Secret', 'default/api-credentials').wire.stringData.value['api-key'] === values['api-credentials.api-key']).toBe(true);
  });

  test('errors are RunErrors, which Pulumi prints without a stack trace', () => {
    setConfig({});
    let caught: unknown;
    try {
      renderToPulumi(taskApi());
    } catch (e) {
      caught = e;
    }
    expect(pulumi.RunError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/^6 Pulumi config secret\(s\) are not set/);
    expect((caught as Error).stack).toBe(`Error: ${(caught as Error).message}`);
  });
});
