import { SealingScope, sealingLabel, sealingScopeAnnotations } from '../../../lib/secrets/sealing';

describe('SealingScope', () => {
  test('values match kubeseal --scope values', () => {
    expect(SealingScope.STRICT).toBe('strict');
    expect(SealingScope.NAMESPACE_WIDE).toBe('namespace-wide');
    expect(SealingScope.CLUSTER_WIDE).toBe('cluster-wide');
  });
});

describe('sealingLabel', () => {
  test('strict label is <namespace>/<name>', () => {
    expect(sealingLabel(SealingScope.STRICT, 'payments', 'db-credentials')).toBe('payments/db-credentials');
  });

  test('namespace-wide label is the namespace, regardless of name', () => {
    expect(sealingLabel(SealingScope.NAMESPACE_WIDE, 'payments', 'db-credentials')).toBe('payments');
    expect(sealingLabel(SealingScope.NAMESPACE_WIDE, 'payments')).toBe('payments');
  });

  test('cluster-wide label is empty, and needs neither namespace nor name', () => {
    expect(sealingLabel(SealingScope.CLUSTER_WIDE, 'payments', 'db-credentials')).toBe('');
    expect(sealingLabel(SealingScope.CLUSTER_WIDE)).toBe('');
  });

  test.each([SealingScope.STRICT, SealingScope.NAMESPACE_WIDE])('%s requires a namespace and names the fix', (scope) => {
    for (const namespace of [undefined, '']) {
      expect(() => sealingLabel(scope, namespace, 'db-credentials')).toThrow(/requires a namespace.*SealingScope\.CLUSTER_WIDE/);
    }
  });

  test('strict requires a name and names the fix', () => {
    expect(() => sealingLabel(SealingScope.STRICT, 'payments')).toThrow(/requires a name.*SealingScope\.NAMESPACE_WIDE/);
    expect(() => sealingLabel(SealingScope.STRICT, 'payments', '')).toThrow(/requires a name/);
  });

  test('rejects names that could make labels of different scopes collide', () => {
    // namespace-wide "a/b" would otherwise equal strict "a" + "b"
    expect(() => sealingLabel(SealingScope.NAMESPACE_WIDE, 'a/b')).toThrow(/invalid namespace "a\/b".*rfc 1123/i);
    expect(() => sealingLabel(SealingScope.STRICT, 'a', 'b/c')).toThrow(/invalid name "b\/c"/);
    expect(() => sealingLabel(SealingScope.STRICT, 'Payments', 'x')).toThrow(/invalid namespace/);
    expect(() => sealingLabel(SealingScope.STRICT, 'n'.repeat(64), 'x')).toThrow(/invalid namespace/);
    expect(sealingLabel(SealingScope.STRICT, 'n'.repeat(63), 'a.b-c')).toBe(`${'n'.repeat(63)}/a.b-c`);
  });

  test('rejects an unknown scope', () => {
    expect(() => sealingLabel('global' as SealingScope, 'payments', 'x')).toThrow(/unknown sealing scope "global"/);
  });
});

describe('sealingScopeAnnotations', () => {
  test('strict has no annotations', () => {
    expect(sealingScopeAnnotations(SealingScope.STRICT)).toEqual({});
  });

  test('namespace-wide is annotated', () => {
    expect(sealingScopeAnnotations(SealingScope.NAMESPACE_WIDE)).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
  });

  test('cluster-wide is annotated', () => {
    expect(sealingScopeAnnotations(SealingScope.CLUSTER_WIDE)).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
  });

  test('returns a fresh object each call', () => {
    const a = sealingScopeAnnotations(SealingScope.CLUSTER_WIDE);
    a.extra = 'x';
    expect(sealingScopeAnnotations(SealingScope.CLUSTER_WIDE)).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
  });

  test('rejects an unknown scope', () => {
    expect(() => sealingScopeAnnotations('global' as SealingScope)).toThrow(/unknown sealing scope/);
  });
});
