import { BlankValue, blankValue, structuredConfig } from '../../lib/pulumi/config-values';

describe('blankValue', () => {
  test.each<[string, BlankValue | undefined]>([
    ['', BlankValue.EMPTY],
    [' ', BlankValue.WHITESPACE],
    [' \t\n\r\n\t ', BlankValue.WHITESPACE],
    ['\u00a0\u2028', BlankValue.WHITESPACE],
    ['x', undefined],
    ['  x  ', undefined],
    ['\tpassword\n', undefined],
  ])('%j is %s', (raw, expected) => {
    expect(blankValue(raw)).toBe(expected);
  });
});

describe('structuredConfig', () => {
  const config = (values: { [key: string]: string }) => (key: string) => values[key];

  test('the object --path stored under the first part of the key, holding the rest of the path', () => {
    expect(structuredConfig('api-credentials.api-key', config({ 'api-credentials': '{"api-key":"v"}' }))).toEqual({ root: 'api-credentials', holdsKey: true });
  });

  test('keys with dots nest the way --path nests them', () => {
    expect(structuredConfig('certs.tls.crt', config({ certs: '{"tls":{"crt":"v"}}' }))).toEqual({ root: 'certs', holdsKey: true });
    expect(structuredConfig('certs.tls.crt', config({ certs: '{"tls":"v"}' }))).toEqual({ root: 'certs', holdsKey: false });
  });

  test('an object under the first part without the rest of the path', () => {
    expect(structuredConfig('kafka.password', config({ kafka: '{"user":"v"}' }))).toEqual({ root: 'kafka', holdsKey: false });
    expect(structuredConfig('kafka.password', config({ kafka: '{}' }))).toEqual({ root: 'kafka', holdsKey: false });
  });

  test('nothing when the first part is unset, not JSON, or not an object, or the key has no dot', () => {
    expect(structuredConfig('db.password', config({}))).toBeUndefined();
    expect(structuredConfig('db.password', config({ db: 'postgres' }))).toBeUndefined();
    expect(structuredConfig('db.password', config({ db: '["password"]' }))).toBeUndefined();
    expect(structuredConfig('db.password', config({ db: '"password"' }))).toBeUndefined();
    expect(structuredConfig('db.password', config({ db: 'null' }))).toBeUndefined();
    expect(structuredConfig('dbPassword', config({ dbPassword: '{"a":1}' }))).toBeUndefined();
  });

  test('an inherited property name is not taken for a key the object holds', () => {
    expect(structuredConfig('db.constructor', config({ db: '{}' }))).toEqual({ root: 'db', holdsKey: false });
  });
});
