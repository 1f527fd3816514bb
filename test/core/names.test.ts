import { envVarName, isDaprAppId, isDnsLabel, isDnsSubdomain, isSecretDataKey, suggestDnsLabel } from '../../lib/core/names';

describe('names', () => {
  test('DNS-1123 labels', () => {
    expect(isDnsLabel('task-api')).toBe(true);
    expect(isDnsLabel('a'.repeat(63))).toBe(true);
    expect(isDnsLabel('a'.repeat(64))).toBe(false);
    expect(isDnsLabel('Task-API')).toBe(false);
    expect(isDnsLabel('-x')).toBe(false);
    expect(isDnsLabel('x.y')).toBe(false);
  });

  test('DNS-1123 subdomains allow dots', () => {
    expect(isDnsSubdomain('redis.password')).toBe(true);
    expect(isDnsSubdomain('redis..password')).toBe(false);
    expect(isDnsSubdomain('Redis')).toBe(false);
  });

  test('app IDs are labels of at most 58 characters', () => {
    expect(isDaprAppId('a'.repeat(58))).toBe(true);
    expect(isDaprAppId('a'.repeat(59))).toBe(false);
    expect(isDaprAppId('task_api')).toBe(false);
  });

  test('secret data keys', () => {
    expect(isSecretDataKey('api-key')).toBe(true);
    expect(isSecretDataKey('tls.crt')).toBe(true);
    expect(isSecretDataKey('a/b')).toBe(false);
    expect(isSecretDataKey('..')).toBe(false);
  });

  test('suggestions and env var names', () => {
    expect(suggestDnsLabel('My_App!')).toBe('my-app');
    expect(envVarName('api-credentials', 'api-key')).toBe('API_CREDENTIALS_API_KEY');
    expect(envVarName('tls.secret', 'tls.crt')).toBe('TLS_SECRET_TLS_CRT');
    expect(envVarName('1password', 'x')).toBe('_1PASSWORD_X');
  });
});
