import { AccessAction, accessControlProblems, callerProblems, grantProblems, HttpVerb, renderAccessControl } from '../../lib/configuration/access-control';

describe('renderAccessControl', () => {
  test('deny and trust domain "public" by default, no policies', () => {
    expect(renderAccessControl({}, [])).toEqual({ defaultAction: 'deny', trustDomain: 'public', policies: undefined });
  });

  test('policies sorted by namespace then app ID; operations with every verb and allow by default', () => {
    const ops = [{ name: '/tasks/*', httpVerbs: [HttpVerb.GET] }, { name: '/admin/**', action: AccessAction.DENY }];
    expect(renderAccessControl({ defaultAction: AccessAction.ALLOW, trustDomain: 'prod' }, [
      { appId: 'b', namespace: 'shop', trustDomain: 'public', defaultAction: AccessAction.DENY, operations: ops },
      { appId: 'a', namespace: 'shop', trustDomain: 'edge', defaultAction: AccessAction.ALLOW, operations: [] },
      { appId: 'z', namespace: 'billing', trustDomain: 'public', defaultAction: AccessAction.ALLOW, operations: [] },
    ])).toEqual({
      defaultAction: 'allow',
      trustDomain: 'prod',
      policies: [
        { appId: 'z', namespace: 'billing', trustDomain: 'public', defaultAction: 'allow', operations: undefined },
        { appId: 'a', namespace: 'shop', trustDomain: 'edge', defaultAction: 'allow', operations: undefined },
        { appId: 'b', namespace: 'shop', trustDomain: 'public', defaultAction: 'deny', operations: [
          { name: '/tasks/*', httpVerb: ['GET'], action: 'allow' },
          { name: '/admin/**', httpVerb: ['*'], action: 'deny' },
        ] },
      ],
    });
  });
});

describe('accessControlProblems', () => {
  test('a bad default action and a bad trust domain', () => {
    expect(accessControlProblems('accessControl', {})).toEqual([]);
    expect(accessControlProblems('accessControl', { defaultAction: 'block' as any, trustDomain: 'My Domain' })).toEqual([
      { field: 'accessControl.defaultAction', problem: '"block" is not one of "allow", "deny"', fix: 'use AccessAction.ALLOW, AccessAction.DENY (or the string it stands for)' },
      { field: 'accessControl.trustDomain', problem: '"My Domain" is not a trust domain (lowercase letters, digits, ".", "-" and "_")', fix: 'use a name such as "public" (the default) or "prod.example.com"' },
    ]);
    expect(accessControlProblems('accessControl', 'deny' as any)[0].problem).toBe('expected { defaultAction, trustDomain }, got "deny"');
  });
});

describe('callerProblems', () => {
  test('an app ID, a namespace and a trust domain as daprd matches them', () => {
    expect(callerProblems('allowInvocationFrom(x)', { appId: 'gateway', namespace: 'edge', trustDomain: 'edge.example.com' })).toEqual([]);
    expect(callerProblems('allowInvocationFrom(x)', { appId: 'Gateway', namespace: 'Edge', trustDomain: '' })).toEqual([
      expect.objectContaining({ field: 'allowInvocationFrom(x).appId', problem: '"Gateway" is not a Dapr app ID (a DNS-1123 label of at most 58 characters)' }),
      expect.objectContaining({ field: 'allowInvocationFrom(x).namespace', problem: '"Edge" is not a namespace name' }),
      expect.objectContaining({ field: 'allowInvocationFrom(x).trustDomain' }),
    ]);
    expect(callerProblems('allowInvocationFrom(?)', { appId: 'gateway' } as any)).toEqual([expect.objectContaining({ field: 'allowInvocationFrom(?).namespace', problem: 'undefined is not a namespace name' })]);
    expect(callerProblems('allowInvocationFrom(?)', 'gateway' as any)[0].problem).toBe('expected a DaprApp or { appId, namespace }, got "gateway"');
  });
});

describe('grantProblems', () => {
  const at = 'allowInvocationFrom(gateway)';

  test('operation names must be paths starting with "/"', () => {
    expect(grantProblems(at, { operations: [{ name: 'tasks' }] })).toEqual([{
      field: `${at}.operations[0].name`,
      problem: '"tasks" is not a method path: daprd matches paths that start with "/" (no spaces, query or fragment)',
      fix: 'write it as a path, such as "/tasks"',
    }]);
    expect(grantProblems(at, { operations: [{ name: '/tasks?id=1' }] })[0].fix).toBe('write it as a path, such as "/tasks"');
    expect(grantProblems(at, { operations: [{ name: '/a b' }] })[0].field).toBe(`${at}.operations[0].name`);
  });

  test('HTTP verbs: upper case, from the list, never empty', () => {
    expect(grantProblems(at, { operations: [{ name: '/t', httpVerbs: [HttpVerb.GET, 'get' as any, 'FETCH' as any] }] })).toEqual([
      { field: `${at}.operations[0].httpVerbs[1]`, problem: '"get" is not an HTTP verb daprd matches', fix: 'use one of *, GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT (upper case; HttpVerb.*)' },
      expect.objectContaining({ field: `${at}.operations[0].httpVerbs[2]`, problem: '"FETCH" is not an HTTP verb daprd matches' }),
    ]);
    expect(grantProblems(at, { operations: [{ name: '/t', httpVerbs: [] }] })[0].field).toBe(`${at}.operations[0].httpVerbs`);
  });

  test('a method listed twice, a bad action and a bad default action', () => {
    expect(grantProblems(at, { defaultAction: 'nope' as any, operations: [{ name: '/t' }, { name: '/t', action: 'permit' as any }] }).map((p) => p.field)).toEqual([
      `${at}.defaultAction`, `${at}.operations[1].name`, `${at}.operations[1].action`,
    ]);
    expect(grantProblems(at, { operations: '/t' as any })[0]).toEqual({ field: `${at}.operations`, problem: 'expected an array, got "/t"', fix: "pass operations: [{ name: '/tasks' }]" });
  });

  test('a correct grant has no problems', () => {
    expect(grantProblems(at, {})).toEqual([]);
    expect(grantProblems(at, { defaultAction: AccessAction.DENY, operations: [{ name: '/tasks/*', httpVerbs: [HttpVerb.ANY] }, { name: '/health', action: AccessAction.DENY }] })).toEqual([]);
  });
});
