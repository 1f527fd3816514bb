import { AppProtocol, DaprApp, LogLevel } from '../../lib';
import { checkDaprAnnotations, daprAnnotations, withoutRefused } from '../../lib/workloads/dapr-annotations';
import { testChart } from '../support/chart';

describe('daprAnnotations', () => {
  test('typed props become string annotations', () => {
    expect(daprAnnotations({
      appId: 'task-api',
      appPort: 8000,
      appProtocol: AppProtocol.GRPC,
      config: 'task-api-config',
      logLevel: LogLevel.DEBUG,
      enableApiLogging: false,
      sidecar: { cpuRequest: '100m', cpuLimit: '300m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
      extra: { 'dapr.io/enable-metrics': 'false' },
    })).toEqual({
      'dapr.io/enabled': 'true',
      'dapr.io/app-id': 'task-api',
      'dapr.io/app-port': '8000',
      'dapr.io/app-protocol': 'grpc',
      'dapr.io/config': 'task-api-config',
      'dapr.io/log-level': 'debug',
      'dapr.io/enable-api-logging': 'false',
      'dapr.io/sidecar-cpu-request': '100m',
      'dapr.io/sidecar-cpu-limit': '300m',
      'dapr.io/sidecar-memory-request': '64Mi',
      'dapr.io/sidecar-memory-limit': '256Mi',
      'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault',
      'dapr.io/enable-metrics': 'false',
    });
  });

  test('unset props leave their annotations out (tri-state enable-api-logging)', () => {
    const a = daprAnnotations({ appId: 'x' });
    expect(Object.keys(a).sort()).toEqual(['dapr.io/app-id', 'dapr.io/enabled', 'dapr.io/sidecar-seccomp-profile-type']);
    expect(Object.values(a).every((v) => typeof v === 'string')).toBe(true);
  });

  test('the escape hatch can override the seccomp default', () => {
    expect(daprAnnotations({ appId: 'x', extra: { 'dapr.io/sidecar-seccomp-profile-type': 'Localhost' } })['dapr.io/sidecar-seccomp-profile-type']).toBe('Localhost');
  });

  test('problems: port, quantities, typed keys, unknown keys, non-strings, credentials in dapr.io/env', () => {
    expect(checkDaprAnnotations({ appId: 'x', appPort: 70000 })).toEqual([
      { field: 'appPort', problem: '70000 is not a TCP port', fix: 'use a whole number from 1 to 65535' },
    ]);
    expect(checkDaprAnnotations({ appId: 'x', sidecar: { cpuLimit: 'lots' } })[0].problem).toBe('"lots" is not a Kubernetes quantity');
    expect(checkDaprAnnotations({ appId: 'x', extra: { 'dapr.io/app-port': '80' } })[0]).toEqual({
      field: 'annotations[dapr.io/app-port]', problem: 'dapr.io/app-port has a typed prop', fix: 'set it with the typed prop instead of the escape hatch',
    });
    expect(checkDaprAnnotations({ appId: 'x', extra: { 'dapr.io/log-as-jsn': 'true' } })[0].problem).toBe(
      '"dapr.io/log-as-jsn" is not an annotation the Dapr sidecar injector reads',
    );
    expect(checkDaprAnnotations({ appId: 'x', extra: { 'dapr.io/log-as-json': true as any } })[0].problem).toBe('annotation values must be strings, got boolean');
    const env = checkDaprAnnotations({ appId: 'x', extra: { 'dapr.io/env': 'GOMAXPROCS=2,DB_PASSWORD=abc' } });
    expect(env).toHaveLength(1);
    expect(env[0].problem).toBe('variable "DB_PASSWORD" looks like a credential and dapr.io/env writes its value in plain text (value not shown)');
    expect(JSON.stringify(env)).not.toContain('abc');
    expect(checkDaprAnnotations({ appId: 'x', extra: { 'dapr.io/env-from-secret': 'DB_PASSWORD=db:password' } })).toEqual([]);
  });

  test('enum and boolean props are checked at run time for JavaScript callers', () => {
    expect(checkDaprAnnotations({ appId: 'x', appProtocol: 'tcp' as any })).toEqual([{
      field: 'appProtocol',
      problem: '"tcp" is not one of "http", "grpc", "https", "grpcs", "h2c"',
      fix: 'use AppProtocol.HTTP, AppProtocol.GRPC, AppProtocol.HTTPS, AppProtocol.GRPCS, AppProtocol.H2C (or the string it stands for)',
    }]);
    expect(checkDaprAnnotations({ appId: 'x', logLevel: 'verbose' as any })).toEqual([{
      field: 'logLevel',
      problem: '"verbose" is not one of "debug", "info", "warn", "error"',
      fix: 'use LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR (or the string it stands for)',
    }]);
    expect(checkDaprAnnotations({ appId: 'x', enableApiLogging: 'nope' as any })).toEqual([{
      field: 'enableApiLogging',
      problem: 'expected true or false, got "nope"',
      fix: 'pass enableApiLogging: true or enableApiLogging: false (a boolean, not a string)',
    }]);
    expect(checkDaprAnnotations({ appId: 'x', appProtocol: AppProtocol.H2C, logLevel: LogLevel.ERROR, enableApiLogging: true })).toEqual([]);
  });

  test('a DaprApp refuses them with its construct path', () => {
    expect(() => new DaprApp(testChart(), 'x', { appId: 'x', image: 'i', logLevel: 'verbose' as any })).toThrow(
      '[test/x] logLevel: "verbose" is not one of "debug", "info", "warn", "error". Fix: use LogLevel.DEBUG',
    );
  });
});

describe('withoutRefused', () => {
  const input = {
    appId: 'cart',
    appPort: 70000,
    appProtocol: 'ftp' as AppProtocol,
    logLevel: 'verbose' as LogLevel,
    enableApiLogging: 'yes' as unknown as boolean,
    sidecar: { cpuRequest: '100m', memoryLimit: 'lots' },
    extra: { 'dapr.io/enable-metrics': 'false', 'dapr.io/env': 'LOG=debug,DB_PASSWORD=not-shown', 'example.com/x': 'y' },
  };

  test('leaves out every value checkDaprAnnotations refuses, and keeps the others', () => {
    const problems = checkDaprAnnotations(input);
    expect(problems.map((p) => p.field).sort()).toEqual([
      'annotations[dapr.io/env]', 'annotations[example.com/x]', 'appPort', 'appProtocol', 'enableApiLogging', 'logLevel', 'sidecar.memoryLimit',
    ]);
    expect(daprAnnotations(withoutRefused(input, problems))).toEqual({
      'dapr.io/enabled': 'true',
      'dapr.io/app-id': 'cart',
      'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault',
      'dapr.io/sidecar-cpu-request': '100m',
      'dapr.io/enable-metrics': 'false',
    });
  });

  test('without problems, the annotations are the same', () => {
    const ok = { appId: 'cart', appPort: 8080, logLevel: LogLevel.INFO, sidecar: { cpuRequest: '100m' }, extra: { 'dapr.io/enable-metrics': 'false' } };
    expect(daprAnnotations(withoutRefused(ok, checkDaprAnnotations(ok)))).toEqual(daprAnnotations(ok));
  });
});
