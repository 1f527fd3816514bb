import { Testing } from 'cdk8s';
import { AccessAction, DaprApp, DaprConfiguration, HttpVerb, SecretAccess, validateManifest } from '../../lib';
import { samplingRateProblem } from '../../lib/configuration/dapr-configuration';
import { findObject, synthErrors, testChart } from '../support/chart';

describe('DaprConfiguration', () => {
  test('secret scopes are sorted, deny by default, with sorted allow lists', () => {
    const chart = testChart();
    const config = new DaprConfiguration(chart, 'app-config', {
      secretScopes: [
        { storeName: 'vault', allowedSecrets: ['b', 'a'] },
        { storeName: 'kubernetes', defaultAccess: SecretAccess.ALLOW, deniedSecrets: ['admin'] },
      ],
      tracing: { samplingRate: '1', zipkinEndpoint: 'http://zipkin.tracing:9411/api/v2/spans' },
      features: [{ name: 'SchedulerReminders', enabled: true }],
      apiLogging: true,
    });
    expect(config.secretScopes.map((s) => s.storeName)).toEqual(['kubernetes', 'vault']);
    const obj = findObject(Testing.synth(chart), 'Configuration', 'app-config');
    expect(obj.apiVersion).toBe('dapr.io/v1alpha1');
    expect(obj.scopes).toBeUndefined();
    expect(obj.spec).toEqual({
      secrets: {
        scopes: [
          { storeName: 'kubernetes', defaultAccess: 'allow', deniedSecrets: ['admin'] },
          { storeName: 'vault', defaultAccess: 'deny', allowedSecrets: ['a', 'b'] },
        ],
      },
      tracing: { samplingRate: '1', zipkin: { endpointAddress: 'http://zipkin.tracing:9411/api/v2/spans' } },
      features: [{ name: 'SchedulerReminders', enabled: true }],
      logging: { apiLogging: { enabled: true } },
    });
    expect(obj).toMatchSnapshot();
  });

  test('otel tracing', () => {
    const chart = testChart();
    new DaprConfiguration(chart, 'c', { tracing: { samplingRate: '0.5', otelEndpoint: 'otel.tracing:4317', otelIsSecure: false } });
    expect(findObject(Testing.synth(chart), 'Configuration', 'c').spec.tracing).toEqual({
      samplingRate: '0.5',
      otel: { endpointAddress: 'otel.tracing:4317', protocol: 'grpc', isSecure: false },
    });
  });

  test('a second scope for one store is an error, whether added directly or computed', () => {
    const chart = testChart();
    const config = new DaprConfiguration(chart, 'c', { secretScopes: [{ storeName: 'kubernetes' }] });
    expect(() => config.addSecretScope({ storeName: 'kubernetes' })).toThrow(
      '[test/c] spec.secrets.scopes: store "kubernetes" already has a scope. Fix: merge the two scopes into one',
    );
    config._addSecretScopeProducer(() => [{ storeName: 'kubernetes' }]);
    expect(synthErrors(chart)).toContain('[test/c] spec.secrets.scopes: store "kubernetes" has two scopes; daprd rejects the Configuration. Fix: keep one scope per store');
  });

  test('names are DNS-1123 and unique per namespace', () => {
    expect(() => new DaprConfiguration(testChart(), 'Config')).toThrow('[test/Config] name: "Config" is not a DNS-1123 name');
    const chart = testChart();
    new DaprConfiguration(chart, 'a', { name: 'shared' });
    new DaprConfiguration(chart, 'b', { name: 'shared' });
    expect(synthErrors(chart)).toContain('[test/b] metadata.name: duplicate Dapr configuration "default/shared"; test/a already declares it');
  });

  test('defaultAccess is checked at run time for JavaScript callers', () => {
    expect(() => new DaprConfiguration(testChart(), 'c', { secretScopes: [{ storeName: 'vault', defaultAccess: 'none' as any }] })).toThrow(
      '[test/c] spec.secrets.scopes[vault].defaultAccess: "none" is not one of "allow", "deny". Fix: use SecretAccess.ALLOW, SecretAccess.DENY (or the string it stands for)',
    );
  });

  test('apiLogging, tracing switches and feature flags must be booleans', () => {
    expect(() => new DaprConfiguration(testChart(), 'c', { apiLogging: 'on' as any })).toThrow(
      '[test/c] apiLogging: expected true or false, got "on". Fix: pass apiLogging: true or apiLogging: false (a boolean, not a string)',
    );
    expect(() => new DaprConfiguration(testChart(), 'c', { tracing: { samplingRate: '1', stdout: 'true' as any } })).toThrow('[test/c] tracing.stdout: expected true or false, got "true"');
    expect(() => new DaprConfiguration(testChart(), 'c', { tracing: { samplingRate: '1', otelEndpoint: 'otel:4317', otelIsSecure: 0 as any } })).toThrow('[test/c] tracing.otelIsSecure: expected true or false, got 0');
    expect(() => new DaprConfiguration(testChart(), 'c', { features: [{ name: 'Resiliency', enabled: 'yes' as any }] })).toThrow('[test/c] features[0].enabled: expected true or false, got "yes"');
  });
});

describe('DaprConfiguration accessControl', () => {
  test('grants from DaprApps and from callers outside the program, rendered and valid against the Configuration CRD schema', () => {
    const chart = testChart('shop');
    const gateway = new DaprApp(chart, 'gateway', { appId: 'gateway', image: 'g:1', namespace: 'edge', accessControl: { trustDomain: 'edge' } });
    const config = new DaprConfiguration(chart, 'orders-config', { accessControl: {} });
    expect(config.accessControlEnabled).toBe(true);
    config.allowInvocationFrom(gateway, { operations: [{ name: '/orders', httpVerbs: [HttpVerb.GET, HttpVerb.POST] }, { name: '/orders/*/cancel', action: AccessAction.DENY }] });
    config.allowInvocationFrom({ appId: 'billing', namespace: 'finance', trustDomain: 'finance.example.com' }, { defaultAction: AccessAction.DENY });
    const obj = findObject(Testing.synth(chart), 'Configuration', 'orders-config');
    expect(obj.spec.accessControl).toEqual({
      defaultAction: 'deny',
      trustDomain: 'public',
      policies: [
        { appId: 'gateway', namespace: 'edge', trustDomain: 'edge', defaultAction: 'deny', operations: [
          { name: '/orders', httpVerb: ['GET', 'POST'], action: 'allow' },
          { name: '/orders/*/cancel', httpVerb: ['*'], action: 'deny' },
        ] },
        { appId: 'billing', namespace: 'finance', trustDomain: 'finance.example.com', defaultAction: 'deny' },
      ],
    });
    expect(validateManifest(obj)).toEqual([]);
    // The schema is strict: the same object with a misspelled field or a policy without appId fails it.
    expect(validateManifest({ ...obj, spec: { accessControl: { ...obj.spec.accessControl, policies: [{ app: 'gateway' }] } } })).toEqual([
      expect.stringContaining('accessControl.policies[0]'),
      expect.stringContaining('accessControl.policies[0]'),
    ]);
  });

  test('the trust domain of a caller app follows its own Configuration, read at synth', () => {
    const chart = testChart();
    const caller = new DaprApp(chart, 'caller', { appId: 'caller', image: 'c:1' });
    const config = new DaprConfiguration(chart, 'callee-config');
    expect(config.accessControlEnabled).toBe(false);
    expect(config.trustDomain).toBe('public');
    config.allowInvocationFrom(caller);
    expect(config.accessControlEnabled).toBe(true);
    caller.configuration.allowInvocationFrom({ appId: 'x', namespace: 'default' });
    const obj = findObject(Testing.synth(chart), 'Configuration', 'callee-config');
    expect(obj.spec.accessControl.policies).toEqual([{ appId: 'caller', namespace: 'default', trustDomain: 'public', defaultAction: 'allow' }]);
  });

  test('refusals name the path, the field, the value and a fix', () => {
    const chart = testChart();
    const config = new DaprConfiguration(chart, 'c');
    expect(() => new DaprConfiguration(chart, 'd', { accessControl: { defaultAction: 'block' as any } })).toThrow(
      '[test/d] accessControl.defaultAction: "block" is not one of "allow", "deny". Fix: use AccessAction.ALLOW, AccessAction.DENY (or the string it stands for)',
    );
    expect(() => config.allowInvocationFrom({ appId: 'gateway', namespace: 'edge' }, { operations: [{ name: 'orders' }] })).toThrow(
      '[test/c] allowInvocationFrom(gateway).operations[0].name: "orders" is not a method path: daprd matches paths that start with "/" (no spaces, query or fragment). Fix: write it as a path, such as "/orders"',
    );
    expect(() => config.allowInvocationFrom({ appId: 'gateway', namespace: 'edge' }, { operations: [{ name: '/orders', httpVerbs: ['GRAB' as any] }] })).toThrow(
      '[test/c] allowInvocationFrom(gateway).operations[0].httpVerbs[0]: "GRAB" is not an HTTP verb daprd matches. Fix: use one of *, GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT',
    );
    expect(() => config.allowInvocationFrom({ appId: 'Gateway', namespace: 'edge' })).toThrow('[test/c] allowInvocationFrom(Gateway).appId: "Gateway" is not a Dapr app ID');
    expect(() => config.allowInvocationFrom(new DaprConfiguration(chart, 'other') as any)).toThrow('[test/c] allowInvocationFrom: test/other is a construct but no DaprApp. Fix: pass a DaprApp, or { appId, namespace } for an app outside the program');
    // A refused grant turns nothing on.
    expect(config.accessControlEnabled).toBe(false);
    config.allowInvocationFrom({ appId: 'gateway', namespace: 'edge' });
    expect(() => config.allowInvocationFrom({ appId: 'gateway', namespace: 'edge', trustDomain: 'other' })).toThrow(
      '[test/c] allowInvocationFrom(gateway): app "gateway" of namespace "edge" already has a policy; daprd keeps only one policy per caller. Fix: grant each caller once, with every operation it needs',
    );
  });
});

describe('samplingRateProblem', () => {
  test('numbers from 0 to 1 written as strings pass, as does no rate', () => {
    for (const ok of ['0', '1', '0.5', '.25', '1.0', '0.0001', undefined]) expect(samplingRateProblem('tracing.samplingRate', ok)).toBeUndefined();
  });

  test('anything else is refused, naming the value', () => {
    expect(samplingRateProblem('tracing.samplingRate', '2')).toEqual({
      field: 'tracing.samplingRate',
      problem: '"2" is not a sampling rate: daprd reads a number from 0 to 1 written as a string',
      fix: 'set samplingRate to "0" (off) up to "1" (every request), such as "0.1"',
    });
    for (const bad of ['1.5', '-0.5', 'all', '', '50%', 0.5, null]) expect(samplingRateProblem('f', bad)?.field).toBe('f');
  });

  test('a DaprConfiguration refuses a bad rate when it is constructed', () => {
    expect(() => new DaprConfiguration(testChart(), 'c', { tracing: { samplingRate: 'all' } })).toThrow('[test/c] tracing.samplingRate: "all" is not a sampling rate');
  });
});
