import { Chart, Testing } from 'cdk8s';
import { collectProblems } from '../../lib/core/errors';
import { containerResources, cpuMillis, envNameProblem, fromCdk8sPlus, memoryMebibytes } from '../../lib/workloads/container-checks';

describe('cpuMillis', () => {
  test('millicores and cores', () => {
    expect(['100m', '1', '1.5', '0.25', '2000m'].map(cpuMillis)).toEqual([100, 1000, 1500, 250, 2000]);
  });

  test('anything else, including fractions of a millicore, is no CPU quantity', () => {
    for (const bad of ['abc', '1.2.3', '0.5m', '0.0001', '-1', '1Gi', '', ' 1', 2 as unknown]) expect(cpuMillis(bad)).toBeUndefined();
  });
});

describe('memoryMebibytes', () => {
  test('binary units in whole mebibytes', () => {
    expect(['128Mi', '1Gi', '1.5Gi', '2048Ki', '1Ti'].map(memoryMebibytes)).toEqual([128, 1024, 1536, 2, 1048576]);
  });

  test('cdk8s refuses what is no whole number of mebibytes', () => {
    expect(() => memoryMebibytes('100Ki')).toThrow("'100 kibibytes' cannot be converted into a whole number of mebibytes");
  });
});

describe('envNameProblem', () => {
  test('C identifiers, dots and dashes pass', () => {
    for (const ok of ['LOG_LEVEL', '_x', 'a.b', 'my-var', 'X1']) expect(envNameProblem(ok)).toBeUndefined();
  });

  test('"=", spaces, a leading digit and the empty name are refused with a suggestion', () => {
    expect(envNameProblem('A=B')).toEqual({
      field: 'env["A=B"]',
      problem: '"A=B" is not an environment variable name Kubernetes accepts (letters, digits, "_", "-" and ".", not starting with a digit)',
      fix: 'rename it, such as "A_B"',
    });
    expect(envNameProblem('1ST')?.fix).toBe('rename it, such as "_1ST"');
    expect(envNameProblem('a b')?.fix).toBe('rename it, such as "a_b"');
    expect(envNameProblem('')?.fix).toBe('rename it, such as "NAME"');
  });
});

describe('fromCdk8sPlus', () => {
  test('returns what the builder returns', () => {
    expect(fromCdk8sPlus(new Chart(Testing.app(), 'c'), 'f', 'fix', () => 42)).toBe(42);
  });

  test('rewraps a thrown error with the construct path, the field and the fix', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(() => fromCdk8sPlus(chart, 'resources.memoryLimit', 'use "128Mi"', () => { throw new Error('Storage amounts cannot be negative. Received: -1'); }))
      .toThrow(new Error('[c] resources.memoryLimit: Storage amounts cannot be negative. Received: -1. Fix: use "128Mi"'));
  });
});

describe('containerResources', () => {
  test('the defaults', () => {
    const r = containerResources(new Chart(Testing.app(), 'c'));
    expect([r.cpu?.request?.amount, r.cpu?.limit?.amount, r.memory?.request?.toMebibytes(), r.memory?.limit?.toMebibytes()]).toEqual(['100m', '500m', 128, 256]);
  });

  test('a request equal to its limit passes; above it is refused', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(() => containerResources(chart, { cpuRequest: '1', cpuLimit: '1000m', memoryRequest: '1Gi', memoryLimit: '1024Mi' })).not.toThrow();
    expect(() => containerResources(chart, { memoryRequest: '300Mi' })).toThrow('[c] resources.memoryRequest: "300Mi" is more than memoryLimit "256Mi"');
  });
});

describe('containerResources, with problems collected', () => {
  test('every bad value is recorded and left out; a request is compared only with a limit that was not refused', () => {
    const chart = new Chart(Testing.app(), 'c');
    const recorded: Error[] = [];
    const r = collectProblems(() => containerResources(chart, { cpuRequest: '2', cpuLimit: 'lots', memoryRequest: '100Ki', memoryLimit: '1Gi' }), recorded);
    expect(recorded.map((e) => e.message)).toEqual([
      '[c] resources.cpuLimit: "lots" is not a CPU quantity in whole millicores. Fix: use millicores such as "250m" or cores such as "1" or "1.5"',
      "[c] resources.memoryRequest: '100 kibibytes' cannot be converted into a whole number of mebibytes. Fix: use whole mebibytes, such as \"128Mi\", or gibibytes that make whole mebibytes, such as \"1.5Gi\"",
    ]);
    expect([r.cpu?.request?.amount, r.cpu?.limit, r.memory?.request, r.memory?.limit?.toMebibytes()]).toEqual(['2', undefined, undefined, 1024]);
  });

  test('a request above its limit is recorded and the request left out', () => {
    const chart = new Chart(Testing.app(), 'c');
    const recorded: Error[] = [];
    const r = collectProblems(() => containerResources(chart, { cpuRequest: '600m', memoryRequest: '300Mi' }), recorded);
    expect(recorded.map((e) => e.message.split(';')[0])).toEqual([
      '[c] resources.cpuRequest: "600m" is more than cpuLimit "500m"',
      '[c] resources.memoryRequest: "300Mi" is more than memoryLimit "256Mi"',
    ]);
    expect([r.cpu?.request, r.cpu?.limit?.amount, r.memory?.request, r.memory?.limit?.toMebibytes()]).toEqual([undefined, '500m', undefined, 256]);
  });
});
