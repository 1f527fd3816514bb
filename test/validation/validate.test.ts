import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { assertValidManifests, manifestIssues, supportedKinds, validateManifest, validateManifests } from '../../lib/validation';
import * as fx from './fixtures';

/** Freezes an object graph so any mutation by the validator throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value as object).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('dispatch', () => {
  test('every supported kind has a valid example that passes', () => {
    expect(supportedKinds()).toHaveLength(fx.ALL_VALID.length);
    expect(validateManifests(fx.ALL_VALID.map(([, make]) => make()))).toEqual([]);
  });

  test('an unknown kind has no schema', () => {
    expect(validateManifest({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } })).toEqual(['Pod/web: $: no schema for v1/Pod']);
  });

  test('a known kind under an unknown apiVersion has no schema', () => {
    const d = fx.deployment();
    d.apiVersion = 'apps/v1beta2';
    expect(validateManifest(d)).toEqual(['Deployment/orders: $: no schema for apps/v1beta2/Deployment']);
    const c = fx.component();
    c.apiVersion = 'dapr.io/v1';
    expect(validateManifest(c)).toEqual(['Component/statestore: $: no schema for dapr.io/v1/Component']);
  });

  test('missing apiVersion and kind', () => {
    expect(validateManifest({ metadata: { name: 'x' } })).toEqual([
      '<no kind>/x: $.apiVersion: is required',
      '<no kind>/x: $.kind: is required',
    ]);
  });

  test('non-object manifests', () => {
    expect(validateManifest(null)).toEqual(['<no kind>/<no name>: $: manifest must be an object, got null']);
    expect(validateManifest([fx.secret()])).toEqual(['<no kind>/<no name>: $: manifest must be an object, got array']);
    expect(validateManifest('kind: Secret')).toEqual(['<no kind>/<no name>: $: manifest must be an object, got string']);
  });

  test('manifestIssues exposes JSON pointers', () => {
    const c = fx.component();
    c.spec.auth = c.auth;
    expect(manifestIssues(c).map((i) => i.path)).toEqual(['/spec/auth']);
  });
});

describe('metadata (every kind)', () => {
  test('missing metadata', () => {
    const c = fx.configuration();
    delete c.metadata;
    expect(validateManifest(c)).toEqual(['Configuration/<no name>: $.metadata: is required']);
  });

  test.each([
    ['Secret', fx.secret],
    ['Component', fx.component],
    ['SealedSecret', fx.sealedSecret],
  ])('%s without a name', (kind, make) => {
    const o = make();
    delete o.metadata.name;
    expect(validateManifest(o)).toEqual([`${kind}/<no name>: $.metadata.name: is required`]);
  });

  test('a null name is missing', () => {
    const s = fx.secret();
    s.metadata.name = null;
    expect(validateManifest(s)).toEqual(['Secret/<no name>: $.metadata.name: is required']);
  });

  test('uppercase and underscore names are not DNS-1123 subdomains', () => {
    const c = fx.component();
    c.metadata.name = 'State_Store';
    expect(validateManifest(c)).toEqual([
      `Component/State_Store: $.metadata.name: must be a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.'); got "State_Store"`,
    ]);
  });

  test('dots are fine in a subdomain name, length is limited', () => {
    const s = fx.secret();
    s.metadata.name = 'orders.v1';
    expect(validateManifest(s)).toEqual([]);
    s.metadata.name = 'a'.repeat(254);
    expect(validateManifest(s)).toEqual([`Secret/${'a'.repeat(254)}: $.metadata.name: must be no more than 253 characters; got 254`]);
  });

  test('namespace must be a DNS-1123 label', () => {
    const e = fx.externalSecret();
    e.metadata.namespace = 'Apps.Prod';
    expect(validateManifest(e)).toEqual([
      `ExternalSecret/redis-auth: $.metadata.namespace: must be a DNS-1123 label (lowercase alphanumerics and '-', starting and ending alphanumeric); got "Apps.Prod"`,
    ]);
  });

  test('label and annotation values must be strings (core and custom kinds word it the same)', () => {
    const d = fx.deployment();
    d.metadata.labels.replicas = 2;
    d.metadata.annotations = { 'dapr.io/enabled': true };
    const c = fx.component();
    c.metadata.labels.replicas = 2;
    expect(validateManifest(d)).toEqual([
      'Deployment/orders: $.metadata.labels.replicas: must be string, got integer',
      'Deployment/orders: $.metadata.annotations["dapr.io/enabled"]: must be string, got boolean',
    ]);
    expect(validateManifest(c)).toEqual(['Component/statestore: $.metadata.labels.replicas: must be string, got integer']);
  });

  test('label key and value formats', () => {
    const s = fx.sealedSecret();
    s.metadata.labels = { 'bad key!': 'x', team: 'checkout team' };
    expect(validateManifest(s)).toEqual([
      `SealedSecret/redis-auth: $.metadata.labels["bad key!"]: key must be a qualified name (at most 63 alphanumerics, '-', '_' or '.', optionally with a DNS prefix and '/'); got "bad key!"`,
      `SealedSecret/redis-auth: $.metadata.labels.team: label value must be at most 63 alphanumerics, '-', '_' or '.'; got "checkout team"`,
    ]);
  });

  test('unknown metadata keys are rejected', () => {
    const r = fx.role();
    r.metadata.label = { app: 'orders' };
    expect(validateManifest(r)).toEqual(['Role/secret-reader: $.metadata.label: unknown field (not an ObjectMeta field)']);
  });
});

describe('validateManifests / assertValidManifests', () => {
  test('collects the messages of every object, in order', () => {
    const bad1 = fx.deployment();
    bad1.spec.replicas = 'two';
    const bad2 = fx.component();
    bad2.spec.metadata[0].secretKeyRef = { name: 'redis-auth' };
    expect(validateManifests([fx.secret(), bad1, bad2, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } }])).toEqual([
      'Deployment/orders: $.spec.replicas: must be integer, got string',
      'Component/statestore: $.spec.metadata[0]: must set exactly one of value, secretKeyRef or envRef; found value and secretKeyRef',
      'Pod/web: $: no schema for v1/Pod',
    ]);
  });

  test('flags two manifests with the same group, kind, namespace and name', () => {
    const other = fx.secret();
    other.metadata.namespace = 'billing';
    expect(validateManifests([fx.secret(), fx.configMap(), other, fx.secret()])).toEqual([
      'Secret/orders-config: $: duplicate of manifest #0 (same group, kind, namespace and name); manifest #3 would overwrite it',
    ]);
  });

  test('a non-array is reported', () => {
    expect(validateManifests({} as any)).toEqual(['manifests must be an array, got object']);
  });

  test('assertValidManifests passes silently on valid input', () => {
    expect(() => assertValidManifests(fx.ALL_VALID.map(([, make]) => make()))).not.toThrow();
  });

  test('assertValidManifests throws one Error listing every problem', () => {
    const c = fx.configuration();
    c.spec.secrets.scopes[0].defaultAccess = 'maybe';
    const s = fx.secretStore();
    s.spec.provider.aws = { service: 'SecretsManager', region: 'eu-west-1' };
    let thrown: unknown;
    try {
      assertValidManifests([c, s, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } }]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe([
      'manifest validation failed with 3 problems:',
      '  - Configuration/orders-config: $.spec.secrets.scopes[0].defaultAccess: must be "allow" or "deny"; got "maybe"',
      '  - SecretStore/shop-store: $.spec.provider: must configure exactly one provider; found 2: fake, aws',
      '  - Pod/web: $: no schema for v1/Pod',
    ].join('\n'));
  });

  test('input objects are never mutated', () => {
    const objs = deepFreeze(fx.ALL_VALID.map(([, make]) => make()));
    const before = JSON.stringify(objs);
    expect(validateManifests(objs)).toEqual([]);
    const broken = deepFreeze({ ...fx.deployment(), spec: { replicas: 'x' } });
    expect(validateManifest(broken).length).toBeGreaterThan(0);
    expect(JSON.stringify(objs)).toBe(before);
  });
});

describe('cdk8s-plus-28 output', () => {
  test('a synthesized chart of core kinds validates clean', () => {
    const chart = new Chart(Testing.app(), 'demo', { namespace: 'apps' });
    const sa = new kplus.ServiceAccount(chart, 'sa');
    const secret = new kplus.Secret(chart, 'settings', { stringData: { mode: 'demo' } });
    const deployment = new kplus.Deployment(chart, 'web', {
      serviceAccount: sa,
      replicas: 2,
      containers: [{ image: 'ghcr.io/example/orders:1.0.0', portNumber: 8080, envVariables: { MODE: kplus.EnvValue.fromSecretValue({ secret, key: 'mode' }) } }],
    });
    deployment.exposeViaService();
    const role = new kplus.Role(chart, 'reader');
    role.allowRead(secret);
    role.bind(sa);
    new kplus.NetworkPolicy(chart, 'deny-all', { selector: deployment, ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY } });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m: any) => m.kind)).toEqual(expect.arrayContaining(['ServiceAccount', 'Secret', 'Deployment', 'Service', 'Role', 'RoleBinding', 'NetworkPolicy']));
    expect(validateManifests(manifests)).toEqual([]);
  });
});
