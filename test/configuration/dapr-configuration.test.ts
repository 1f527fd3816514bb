import { Testing } from 'cdk8s';
import { DaprConfiguration, SecretAccess } from '../../lib';
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
