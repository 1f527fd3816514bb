import { mayEcho } from '../../lib/validation/ajv-errors';
import { childPointer, renderPath, valueAt } from '../../lib/validation/issues';
import { checkDns1035Label, checkPathSegment, checkQualifiedName } from '../../lib/validation/metadata';
import { GO_DURATION_OR_EMPTY } from '../../lib/validation/schemas/common';

describe('helpers', () => {
  test('renderPath turns JSON pointers into JSONPath-style strings', () => {
    expect(renderPath('')).toBe('$');
    expect(renderPath('/spec/metadata/0/secretKeyRef')).toBe('$.spec.metadata[0].secretKeyRef');
    expect(renderPath(childPointer('/metadata/labels', 'app.kubernetes.io/name'))).toBe('$.metadata.labels["app.kubernetes.io/name"]');
  });

  test('valueAt follows escaped pointers', () => {
    const obj = { metadata: { labels: { 'a/b~c': 'x' } } };
    expect(valueAt(obj, childPointer('/metadata/labels', 'a/b~c'))).toBe('x');
    expect(valueAt(obj, '/spec/missing')).toBeUndefined();
  });

  test('mayEcho hides secret payload map entries and value fields only', () => {
    expect(mayEcho('/data/password')).toBe(false);
    expect(mayEcho('/spec/encryptedData/key')).toBe(false);
    expect(mayEcho('/spec/metadata/0/value')).toBe(false);
    expect(mayEcho('/spec/data/0/remoteRef/decodingStrategy')).toBe(true);
    expect(mayEcho('/spec/target/creationPolicy')).toBe(true);
  });

  test('name checks', () => {
    expect(checkDns1035Label('orders')).toBeUndefined();
    expect(checkDns1035Label('9orders')).toBeDefined();
    expect(checkPathSegment('system:auth-delegator')).toBeUndefined();
    expect(checkPathSegment('..')).toBeDefined();
    expect(checkQualifiedName('app.kubernetes.io/name')).toBeUndefined();
    expect(checkQualifiedName('dapr.io/app-id')).toBeUndefined();
    expect(checkQualifiedName('Bad_Prefix/name')).toBeDefined();
    expect(checkQualifiedName('-leading')).toBeDefined();
  });

  test('Go duration pattern', () => {
    const re = new RegExp(GO_DURATION_OR_EMPTY, 'u');
    for (const ok of ['', '0', '1h', '2h30m', '500ms', '1.5s', '10µs']) expect(re.test(ok)).toBe(true);
    for (const bad of ['1', '1 hour', 'h', '1h-30m', '10d']) expect(re.test(bad)).toBe(false);
  });
});
