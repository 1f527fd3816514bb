import { secretTypeProblem } from '../../lib/secrets/secret-type';

describe('secretTypeProblem', () => {
  test.each([
    ['Opaque', ['anything']],
    ['example.com/custom', ['whatever']],
    ['constructor', ['k']],
    ['kubernetes.io/tls', ['tls.crt', 'tls.key']],
    ['kubernetes.io/tls', ['tls.crt', 'tls.key', 'ca.crt']],
    ['kubernetes.io/basic-auth', ['username']],
    ['kubernetes.io/basic-auth', ['password']],
    ['kubernetes.io/basic-auth', ['username', 'password']],
    ['kubernetes.io/ssh-auth', ['ssh-privatekey', 'known_hosts']],
    ['kubernetes.io/dockerconfigjson', ['.dockerconfigjson']],
    ['kubernetes.io/dockercfg', ['.dockercfg']],
  ])('%s with %j is what the API server accepts', (type, keys) => {
    expect(secretTypeProblem(type, keys)).toBeUndefined();
  });

  test('kubernetes.io/tls without its key names the missing key and the keys to declare', () => {
    expect(secretTypeProblem('kubernetes.io/tls', ['tls.crt'])).toEqual({
      problem: 'a kubernetes.io/tls Secret must hold "tls.crt" and "tls.key", but key "tls.key" is not declared (declared: tls.crt)',
      fix: "declare keys: ['tls.crt', 'tls.key'], or leave type out for an Opaque Secret",
    });
  });

  test('kubernetes.io/tls with other names lists both missing keys', () => {
    expect(secretTypeProblem('kubernetes.io/tls', ['cert', 'key'])?.problem).toBe(
      'a kubernetes.io/tls Secret must hold "tls.crt" and "tls.key", but keys "tls.crt" and "tls.key" are not declared (declared: cert, key)',
    );
  });

  test('kubernetes.io/basic-auth needs username or password', () => {
    expect(secretTypeProblem('kubernetes.io/basic-auth', ['user', 'pass'])).toEqual({
      problem: 'a kubernetes.io/basic-auth Secret must hold at least one of "username" and "password" (declared: user, pass)',
      fix: "declare key 'username' or 'password', or leave type out for an Opaque Secret",
    });
  });

  test.each([
    ['kubernetes.io/ssh-auth', ['id_rsa'], '"ssh-privatekey"'],
    ['kubernetes.io/dockerconfigjson', ['config.json'], '".dockerconfigjson"'],
    ['kubernetes.io/dockercfg', ['.dockerconfigjson'], '".dockercfg"'],
  ])('%s without its key is refused', (type, keys, missing) => {
    expect(secretTypeProblem(type, keys)?.problem).toBe(`a ${type} Secret must hold ${missing}, but key ${missing} is not declared (declared: ${keys.join(', ')})`);
  });

  test('a ServiceAccount token Secret is refused: the token controller fills it', () => {
    expect(secretTypeProblem('kubernetes.io/service-account-token', ['token'])?.fix).toBe('let the pod mount a projected ServiceAccount token instead of declaring one');
  });

  test.each(['', ' ', 'my type', 'tls\n', 42, null])('%j is not a Secret type', (type) => {
    expect(secretTypeProblem(type, ['k'])?.problem).toMatch(/is not a Secret type \(a non-empty string without whitespace\)$/);
  });
});
