import { App, Chart } from 'cdk8s';
import { collectProblems, COLLECT_PROBLEMS_ENV, ConstructionProblems, FieldProblem, refuse, refusedConstruct } from '../../lib/core/errors';

const A: FieldProblem = { field: 'a', problem: '"x" is not an a', fix: 'pass an a' };
const B: FieldProblem = { field: 'b', problem: '-1 is not a b', fix: 'pass a b' };

function chart(): Chart {
  return new Chart(new App(), 'c');
}

describe('refuse', () => {
  test('by default throws the first problem given, naming the construct path; no problem is no refusal', () => {
    const c = chart();
    expect(refuse(c)).toBe(false);
    expect(refuse(c, undefined, undefined)).toBe(false);
    expect(() => refuse(c, undefined, A, B)).toThrow(new Error('[c] a: "x" is not an a. Fix: pass an a'));
    expect(c.node.validate()).toEqual([]);
  });

  test('while problems are collected, records every problem as a validation error of the construct and returns', () => {
    const c = chart();
    const recorded: Error[] = [];
    const result = collectProblems(() => [refuse(c, A, undefined, B), refuse(c, undefined)], recorded);
    expect(result).toEqual([true, false]);
    expect(c.node.validate()).toEqual(['a: "x" is not an a. Fix: pass an a', 'b: -1 is not a b. Fix: pass a b']);
    expect(recorded.map((e) => e.message)).toEqual(['[c] a: "x" is not an a. Fix: pass an a', '[c] b: -1 is not a b. Fix: pass a b']);
    expect(refusedConstruct(recorded[1])).toBe(c);
    expect(refusedConstruct(new Error('x'))).toBeUndefined();
    // the stack starts where the constructor refused (here: this test), not inside refuse
    expect(recorded[0].stack!.split('\n')[1]).toContain('errors.test.ts');
  });

  test('the environment variable alone switches collecting on (a second copy of the library sees it)', () => {
    const c = chart();
    process.env[COLLECT_PROBLEMS_ENV] = '1';
    try {
      expect(refuse(c, A)).toBe(true);
    } finally {
      delete process.env[COLLECT_PROBLEMS_ENV];
    }
    expect(c.node.validate()).toEqual(['a: "x" is not an a. Fix: pass an a']);
  });
});

describe('collectProblems', () => {
  test('restores the previous setting, also when the build throws', () => {
    process.env[COLLECT_PROBLEMS_ENV] = '0';
    try {
      const frames = Error.stackTraceLimit;
      expect(collectProblems(() => [process.env[COLLECT_PROBLEMS_ENV], Error.stackTraceLimit])).toEqual(['1', Math.max(frames, 50)]);
      expect(Error.stackTraceLimit).toBe(frames);
      expect(() => collectProblems(() => { throw new Error('boom'); })).toThrow('boom');
      expect(process.env[COLLECT_PROBLEMS_ENV]).toBe('0');
    } finally {
      delete process.env[COLLECT_PROBLEMS_ENV];
    }
    collectProblems(() => undefined);
    expect(process.env[COLLECT_PROBLEMS_ENV]).toBeUndefined();
    expect(() => refuse(chart(), A)).toThrow('[c] a:');
  });

  test('an error after recorded problems is rethrown with them, listed as validation errors; alone it is rethrown as it is', () => {
    const stop = new Error('[c/x] auth: no authentication chosen. Fix: pass one');
    let thrown: unknown;
    try {
      collectProblems(() => {
        refuse(chart(), A);
        throw stop;
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConstructionProblems);
    expect((thrown as Error).message).toBe('Validation failed with the following errors:\n  [c] a: "x" is not an a. Fix: pass an a\n  [c/x] auth: no authentication chosen. Fix: pass one');
    expect((thrown as ConstructionProblems).causes[1]).toBe(stop);
    expect(() => collectProblems(() => { throw stop; })).toThrow(stop);
  });

  test('problems recorded before a nested collection are not reported again by it', () => {
    const outer: Error[] = [];
    collectProblems(() => {
      refuse(chart(), A);
      expect(() => collectProblems(() => { throw new Error('inner'); })).toThrow(new Error('inner'));
    }, outer);
    expect(outer).toHaveLength(1);
  });
});
