import { App, Chart } from 'cdk8s';
import { DeclaredSecret, KubernetesSecretStore, renderApp, SecretDelivery } from '../../lib';

// Found by `npm run fuzz`: keys named like Object's own members are valid Secret keys, and the deliveries
// must not read an inherited property (a function) as the key's variable or config key.
const KEYS = ['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty'];

function declare(delivery: ReturnType<typeof SecretDelivery.outOfBand> | ReturnType<typeof SecretDelivery.pulumiConfig>) {
  const app = new App();
  const chart = new Chart(app, 'c', { namespace: 'shop' });
  const store = new KubernetesSecretStore(chart, 'store', { unscoped: true });
  const secret = new DeclaredSecret(chart, 'db', { store, keys: KEYS, delivery, externalConsumer: 'a batch job' });
  return { app, secret };
}

describe('keys named like members of Object', () => {
  test('out-of-band: each key reads its own variable, and the script is written', () => {
    const delivery = SecretDelivery.outOfBand();
    const { app, secret } = declare(delivery);
    expect(KEYS.map((k) => delivery.envVarFor(secret, k))).toEqual(['DB_TOSTRING', 'DB_CONSTRUCTOR', 'DB_VALUEOF', 'DB_PROTO', 'DB_HASOWNPROPERTY']);
    const script = renderApp(app).find((f) => f.path.endsWith('create-secrets.sh'))?.content;
    expect(script).toContain('"${DB_TOSTRING');
  });

  test('Pulumi config: each key reads <secret>.<key>', () => {
    const delivery = SecretDelivery.pulumiConfig();
    const { secret } = declare(delivery);
    expect(KEYS.map((k) => delivery.configKeyFor(secret, k))).toEqual(KEYS.map((k) => `db.${k}`));
  });
});
