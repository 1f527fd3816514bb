import {
  connectionStringPassword, daprEnvPairs, decodeBase64, isCertificateOnly, isCredentialName, isMeaningfulSecret,
  isPlaceholder, privateKey, redactedPreview, urlPassword,
} from '../../lib/scanner/values';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ29ycHVzQ2VydA==\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIQ29ycHVzRmFrZUtleUJvZHk=\n-----END EC PRIVATE KEY-----\n';

describe('scanner value rules', () => {
  test('urlPassword finds the password of scheme://user:password@host, not placeholders or URLs without one', () => {
    const v = 'redis://:pw-Vx82kq@redis:6379/0';
    expect(urlPassword(v)).toEqual({ index: v.indexOf(':pw'), length: ':pw-Vx82kq'.length });
    expect(urlPassword('postgres://u:p-Qz71@h/db')).toBeDefined();
    expect(urlPassword('see jdbc:mysql://app:m-Rt90@db:3306/x')).toBeDefined();
    for (const clean of ['https://example.com:8443/path', 'https://user@host/x', 'postgres://app:$(DB_PASSWORD)@db/x', 'amqp://u:${PASS}@mq', 'redis://:****@redis', 'http://host:80/a@b']) {
      expect({ clean, found: urlPassword(clean) }).toEqual({ clean, found: undefined });
    }
  });

  test('connectionStringPassword finds Password= and pwd= pairs, not prose or placeholders', () => {
    const v = 'Server=db;User Id=app;Password=c-Wq3n;Encrypt=true';
    expect(connectionStringPassword(v)).toEqual({ index: v.indexOf('Password='), length: 'Password=c-Wq3n'.length });
    expect(connectionStringPassword('Driver={x};PWD=z-81aa')).toBeDefined();
    expect(connectionStringPassword('host=db dbname=x password=k-11zz')).toBeDefined();
    expect(connectionStringPassword('https://api?user=a&password=q-0912')).toBeDefined();
    for (const clean of ['Set Password= in the secret', 'Password=;', 'Password=${DB_PASSWORD};', 'passwordless=true', 'Password=****']) {
      expect({ clean, found: connectionStringPassword(clean) }).toEqual({ clean, found: undefined });
    }
  });

  test('privateKey needs a PEM private key with a body; certificates and bare headers are not keys', () => {
    expect(privateKey(`prefix\n${KEY}`)).toEqual({ index: 7, length: KEY.trimEnd().length });
    expect(privateKey('-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n-----END OPENSSH PRIVATE KEY-----')).toBeDefined();
    expect(privateKey('-----BEGIN PRIVATE KEY----- goes here -----END PRIVATE KEY-----')).toBeUndefined();
    expect(privateKey(CERT)).toBeUndefined();
  });

  test('isCertificateOnly: only certificates and public keys, at least one', () => {
    expect(isCertificateOnly(CERT)).toBe(true);
    expect(isCertificateOnly(`${CERT}\n${CERT}`)).toBe(true);
    expect(isCertificateOnly(`${CERT}${KEY}`)).toBe(false);
    expect(isCertificateOnly(`${CERT}extra`)).toBe(false);
    expect(isCertificateOnly('plain')).toBe(false);
    expect(isCertificateOnly(decodeBase64(Buffer.from(CERT).toString('base64'))!)).toBe(true);
  });

  test('credential names and values worth reporting', () => {
    for (const n of ['DB_PASSWORD', 'API_KEY', 'GITHUB_TOKEN', 'JWT_SECRET', 'aws-secret-access-key', 'redis.password']) expect({ n, is: isCredentialName(n) }).toEqual({ n, is: true });
    for (const n of ['PASSWORD_FILE', 'TOKEN_TTL', 'SECRET_STORE', 'ACCESS_KEY_ID', 'TOKEN_TIMEOUT_SECONDS', 'LOG_LEVEL', 'SECRETS_PATH']) expect({ n, is: isCredentialName(n) }).toEqual({ n, is: false });
    for (const v of ['true', '3600', '/run/secrets/pw', '', '  ', '$(DB_PASSWORD)', '${TOKEN}', '{{ .Values.token }}', '<your-token>', '****']) expect({ v, is: isMeaningfulSecret(v) }).toEqual({ v, is: false });
    for (const v of ['s3-Qw91', 'changeme', '1234567890']) expect({ v, is: isMeaningfulSecret(v) }).toEqual({ v, is: true });
    expect(isPlaceholder(' ${A} ')).toBe(true);
    expect(isPlaceholder('x${A}')).toBe(false);
  });

  test('daprEnvPairs splits dapr.io/env as the injector does', () => {
    expect(daprEnvPairs('A=1, B=x=y,C,')).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }, { name: 'C', value: '' }]);
  });

  test('decodeBase64 refuses text that is not base64', () => {
    expect(decodeBase64('aGVsbG8=')).toBe('hello');
    expect(decodeBase64('not base64!')).toBeUndefined();
  });

  test('redactedPreview never shows a value: two characters of a long one at most, the secret part of a span never', () => {
    expect(redactedPreview('abcdefghijkl')).toBe('"ab•••" (12 characters)');
    expect(redactedPreview('short-pw')).toBe('"•••" (8 characters)');
    const url = 'redis://:pw-Vx82kq@redis:6379/0';
    expect(redactedPreview(url, urlPassword(url))).toBe('"redis://:•••@redis:6379/0" (9 secret characters hidden)');
    const conn = 'Server=db;Password=c-Wq3n;Backup=x;Pwd=second-Rz7';
    const preview = redactedPreview(conn, connectionStringPassword(conn));
    expect(preview).toBe('"Server=db;Password=•••;Backup=x;Pwd=•••" (6 secret characters hidden)');
    expect(preview).not.toContain('second-Rz7');
  });
});
