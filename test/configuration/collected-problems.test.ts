import { App, Chart } from 'cdk8s';
import { AccessAction, DaprApp, DaprConfiguration, SecretAccess } from '../../lib';
import { recordedBy } from '../support/collected';

/** The construct path and field of each recorded message. */
const fields = (messages: string[]) => messages.map((m) => /^(\[[^\]]+\] [^:]+):/.exec(m)?.[1]);

const spec = (chart: Chart, id: string) => (chart.node.findChild(id) as DaprConfiguration).apiObject.toJson().spec;

describe('DaprConfiguration, built with problems collected', () => {
  test('name, switches, tracing and features: each problem is recorded and its value left out', () => {
    const { messages, chart } = recordedBy((c) => {
      new DaprConfiguration(c, 'Shared_Config', {
        apiLogging: 'on' as any,
        tracing: { samplingRate: '1.5', stdout: true, otelEndpoint: 'otel:4317', otelIsSecure: 'no' as any },
        features: [{ name: 'Resiliency', enabled: 'yes' as any }, 'HotReload' as any, { name: 'SchedulerReminders', enabled: true }],
      });
      new DaprConfiguration(c, 'off', { tracing: 'on' as any });
    });
    expect(messages).toEqual([
      '[shop/Shared_Config] name: "Shared_Config" is not a DNS-1123 name. Fix: use lowercase letters, digits, "-" and ".", such as "shared-config"',
      '[shop/Shared_Config] apiLogging: expected true or false, got "on". Fix: pass apiLogging: true or apiLogging: false (a boolean, not a string)',
      '[shop/Shared_Config] tracing.samplingRate: "1.5" is not a sampling rate: daprd reads a number from 0 to 1 written as a string. Fix: set samplingRate to "0" (off) up to "1" (every request), such as "0.1"',
      '[shop/Shared_Config] tracing.otelIsSecure: expected true or false, got "no". Fix: pass tracing.otelIsSecure: true or tracing.otelIsSecure: false (a boolean, not a string)',
      '[shop/Shared_Config] features[0].enabled: expected true or false, got "yes". Fix: pass features[0].enabled: true or features[0].enabled: false (a boolean, not a string)',
      '[shop/Shared_Config] features[1]: expected { name, enabled }, got "HotReload". Fix: pass { name: \'SchedulerReminders\', enabled: true }',
      '[shop/off] tracing: expected { samplingRate, ... }, got "on". Fix: pass { samplingRate: \'1\' } and an exporter',
    ]);
    expect(spec(chart, 'Shared_Config')).toEqual({
      tracing: { stdout: true, otel: { endpointAddress: 'otel:4317', protocol: 'grpc', isSecure: true } },
      features: [{ name: 'SchedulerReminders', enabled: true }],
    });
    expect(spec(chart, 'off')).toEqual({});
  });

  test('secret scopes: a bad defaultAccess is left out (the scope denies), a second scope for a store is left out', () => {
    const { messages, chart } = recordedBy((c) => {
      const config = new DaprConfiguration(c, 'config', { secretScopes: [{ storeName: 'vault', defaultAccess: 'none' as any, allowedSecrets: ['db'] }] });
      config.addSecretScope({ storeName: 'vault', defaultAccess: SecretAccess.ALLOW });
    });
    expect(fields(messages)).toEqual(['[shop/config] spec.secrets.scopes[vault].defaultAccess', '[shop/config] spec.secrets.scopes']);
    expect(spec(chart, 'config').secrets).toEqual({ scopes: [{ storeName: 'vault', defaultAccess: 'deny', allowedSecrets: ['db'] }] });
  });

  test('access control: a refused setting takes its default, so callers stay denied', () => {
    const { messages, chart } = recordedBy((c) => {
      new DaprConfiguration(c, 'config', { accessControl: { defaultAction: 'permit' as any, trustDomain: 'prod.example.com' } });
      new DaprConfiguration(c, 'other', { accessControl: 'deny' as any });
    });
    expect(fields(messages)).toEqual(['[shop/config] accessControl.defaultAction', '[shop/other] accessControl']);
    expect(spec(chart, 'config').accessControl).toEqual({ defaultAction: AccessAction.DENY, trustDomain: 'prod.example.com' });
    expect(spec(chart, 'other').accessControl).toEqual({ defaultAction: AccessAction.DENY, trustDomain: 'public' });
  });

  test('grants: every problem of a grant is recorded and the grant left out whole; the valid grants stay', () => {
    const { messages, chart } = recordedBy((c) => {
      const gateway = new DaprApp(c, 'gateway', { appId: 'gateway', image: 'gateway:1.0.0' });
      const config = new DaprConfiguration(c, 'config');
      config.allowInvocationFrom(gateway, { operations: [{ name: 'orders', httpVerbs: ['FETCH' as any] }, { name: '/x', action: 'maybe' as any }] });
      config.allowInvocationFrom(new Chart(c, 'not-an-app') as any);
      config.allowInvocationFrom({ appId: 'Billing', namespace: 'billing' });
      config.allowInvocationFrom({ appId: 'billing', namespace: 'billing' }, { operations: [{ name: '/invoices' }] });
      config.allowInvocationFrom({ appId: 'billing', namespace: 'billing' });
    });
    expect(fields(messages)).toEqual([
      '[shop/config] allowInvocationFrom(gateway).operations[0].name',
      '[shop/config] allowInvocationFrom(gateway).operations[0].httpVerbs[0]',
      '[shop/config] allowInvocationFrom(gateway).operations[1].action',
      '[shop/config] allowInvocationFrom',
      '[shop/config] allowInvocationFrom(Billing).appId',
      '[shop/config] allowInvocationFrom(billing)',
    ]);
    expect(spec(chart, 'config').accessControl.policies).toEqual([
      { appId: 'billing', namespace: 'billing', trustDomain: 'public', defaultAction: 'deny', operations: [{ name: '/invoices', httpVerb: ['*'], action: 'allow' }] },
    ]);
  });

  test('without collectProblems, the first problem throws as before', () => {
    expect(() => new DaprConfiguration(new Chart(new App(), 'shop'), 'c', { apiLogging: 'on' as any, tracing: { samplingRate: '2' } })).toThrow(
      '[shop/c] apiLogging: expected true or false, got "on"',
    );
  });

  test('a name that is not a string still stops the constructor', () => {
    expect(() => recordedBy((c) => new DaprConfiguration(c, 'c', { name: 42 as any }))).toThrow('[shop/c] name: 42 is not a DNS-1123 name');
  });
});
