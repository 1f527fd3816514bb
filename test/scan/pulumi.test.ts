import * as pulumi from '@pulumi/pulumi';
import {
  encodingsOf,
  findUnwrappedSecrets,
  formatFindings,
  isPulumiSecret,
  makeCanary,
  PULUMI_SECRET_SIG_KEY,
  PULUMI_SECRET_SIG_VALUE,
} from '../../lib/scan';

const wrap = (value: unknown) => ({ [PULUMI_SECRET_SIG_KEY]: PULUMI_SECRET_SIG_VALUE, value });
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('findUnwrappedSecrets', () => {
  const canary = makeCanary('db-password');
  const token = makeCanary('api-token');
  const canaries = { 'db-password': canary, 'api-token': token };

  test('signature constants match the Pulumi runtime', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rpc = require('@pulumi/pulumi/runtime/rpc');
    expect(PULUMI_SECRET_SIG_KEY).toBe(rpc.specialSigKey);
    expect(PULUMI_SECRET_SIG_VALUE).toBe(rpc.specialSecretSig);
  });

  test('wrapped values pass, however deep and in whatever form', () => {
    const inputs = {
      metadata: { name: 'redis' },
      stringData: { password: wrap(canary) },
      data: { password: wrap(b64(canary)) },
      spec: { containers: [{ env: [{ name: 'TOKEN', value: wrap({ nested: [token, { url: encodeURIComponent(token) }] }) }] }] },
      whole: wrap({ [canary]: 'a key inside a wrapper is fine too' }),
    };
    expect(findUnwrappedSecrets(inputs, canaries)).toEqual([]);
  });

  test('clean values pass', () => {
    expect(findUnwrappedSecrets({ a: 'b', n: 1, t: true, z: null, u: undefined, list: [1, 'x', []] }, canaries)).toEqual([]);
    expect(findUnwrappedSecrets('plain', canaries)).toEqual([]);
    expect(findUnwrappedSecrets(undefined, canaries)).toEqual([]);
  });

  test('flags an unwrapped canary with its path', () => {
    const inputs = {
      spec: {
        template: {
          metadata: { annotations: { 'dapr.io/app-id': 'api', x: 'ok', 'dapr.io/config': `password=${canary}` } },
          spec: { containers: [{ env: [{ name: 'A', value: 'a' }, { name: 'TOKEN', value: token }] }] },
        },
      },
    };
    expect(findUnwrappedSecrets(inputs, canaries)).toEqual([
      { canary: 'db-password', path: 'spec.template.metadata.annotations["dapr.io/config"]', encoding: 'raw', location: 'value' },
      { canary: 'api-token', path: 'spec.template.spec.containers[0].env[1].value', encoding: 'raw', location: 'value' },
    ]);
  });

  test('flags a base64 copy sitting next to its wrapper', () => {
    const inputs = {
      kind: 'Secret',
      stringData: { password: wrap(canary) },
      data: { password: b64(canary), 'config.json': b64(JSON.stringify({ password: canary, user: 'u' })) },
    };
    expect(findUnwrappedSecrets(inputs, canaries)).toEqual([
      { canary: 'db-password', path: 'data.password', encoding: 'base64', location: 'value' },
      { canary: 'db-password', path: 'data["config.json"]', encoding: 'base64@1(json)', location: 'value' },
    ]);
  });

  test('only the wrapper value is protected', () => {
    const fakeSig = { [PULUMI_SECRET_SIG_KEY]: 'not-the-secret-sig', value: canary };
    const extraProp = { ...wrap('fine'), note: encodeURIComponent(canary) };
    const stringified = { annotation: JSON.stringify(wrap(canary)) }; // a wrapper serialized into a string is no wrapper
    expect(findUnwrappedSecrets({ fakeSig, extraProp, stringified }, canaries)).toEqual([
      { canary: 'db-password', path: 'fakeSig.value', encoding: 'raw', location: 'value' },
      { canary: 'db-password', path: 'extraProp.note', encoding: 'url', location: 'value' },
      { canary: 'db-password', path: 'stringified.annotation', encoding: 'json', location: 'value' },
    ]);
  });

  test('scans property names and redacts them in paths', () => {
    const found = findUnwrappedSecrets({ data: { [canary]: 'x', [`k-${b64(token)}`]: { inner: 1 } } }, canaries);
    expect(found).toEqual([
      { canary: 'db-password', path: 'data[<redacted>]', encoding: 'raw', location: 'key' },
      { canary: 'api-token', path: 'data[<redacted>]', encoding: 'base64', location: 'key' },
    ]);
  });

  test('scans the root, numbers and byte arrays', () => {
    expect(findUnwrappedSecrets(canary, canaries)).toEqual([{ canary: 'db-password', path: '', encoding: 'raw', location: 'value' }]);
    expect(findUnwrappedSecrets({ blob: Buffer.from(`\u0000${canary}`, 'utf8') }, canaries)).toEqual([
      { canary: 'db-password', path: 'blob', encoding: 'raw', location: 'value' },
    ]);
    expect(findUnwrappedSecrets({ n: 12345678901234567890n }, { big: '12345678901234567890' })).toEqual([
      { canary: 'big', path: 'n', encoding: 'raw', location: 'value' },
    ]);
  });

  test('reports each canary, path and encoding once and survives cycles', () => {
    const node: Record<string, unknown> = { a: `${canary} ${canary}` };
    node.self = node;
    expect(findUnwrappedSecrets([node, node], canaries)).toEqual([
      { canary: 'db-password', path: '[0].a', encoding: 'raw', location: 'value' },
      { canary: 'db-password', path: '[1].a', encoding: 'raw', location: 'value' },
    ]);
  });

  test('findings and messages never contain the canary', () => {
    const found = findUnwrappedSecrets({ [canary]: canary, x: [b64(canary)], y: encodingsOf(canary).map((f) => f.text) }, canaries);
    expect(found.length).toBeGreaterThan(encodingsOf(canary).length);
    const serialized = JSON.stringify(found) + formatFindings(found);
    expect(serialized).not.toContain(canary.slice(-32));
    for (const f of encodingsOf(canary)) {
      expect(serialized.includes(f.text)).toBe(false);
    }
    expect(formatFindings(found)).toContain('canary "db-password" found as raw in the property name at [<redacted>] (not wrapped as a Pulumi secret)');
  });

  test('isPulumiSecret', () => {
    expect(isPulumiSecret(wrap('x'))).toBe(true);
    expect(isPulumiSecret(wrap(undefined))).toBe(true);
    expect(isPulumiSecret({ value: 'x' })).toBe(false);
    expect(isPulumiSecret([PULUMI_SECRET_SIG_KEY, PULUMI_SECRET_SIG_VALUE])).toBe(false);
    expect(isPulumiSecret(null)).toBe(false);
    expect(isPulumiSecret(PULUMI_SECRET_SIG_VALUE)).toBe(false);
  });

  describe('with the Pulumi mock runtime', () => {
    class Thing extends pulumi.CustomResource {
      constructor(name: string, args: pulumi.Inputs) {
        super('test:index:Thing', name, args);
      }
    }

    test('resource inputs wrap pulumi.secret values and flag plain copies', async () => {
      const seen: Record<string, unknown>[] = [];
      await pulumi.runtime.setMocks(
        {
          newResource: (args) => {
            seen.push(args.inputs);
            return { id: `${args.name}-id`, state: args.inputs };
          },
          call: (args) => args.inputs,
        },
        'project',
        'stack',
        false,
      );
      const secret = pulumi.secret(canary);
      const thing = new Thing('thing', {
        stringData: { password: secret },
        annotations: { 'checksum/password': secret.apply((v) => b64(v)) }, // apply keeps it secret
        leaked: pulumi.unsecret(secret).apply((v) => `redis://:${encodeURIComponent(v)}@redis:6379`),
        list: [secret, 'plain'],
      });
      await new Promise<void>((resolve) => thing.urn.apply(() => resolve()));

      expect(seen).toHaveLength(1);
      // The runtime hoists a secret to the top-level input that contains it.
      expect(isPulumiSecret(seen[0].stringData)).toBe(true);
      expect(isPulumiSecret(seen[0].annotations)).toBe(true);
      expect(typeof seen[0].leaked).toBe('string');
      expect(findUnwrappedSecrets(seen[0], canaries)).toEqual([{ canary: 'db-password', path: 'leaked', encoding: 'url', location: 'value' }]);
    });
  });
});
