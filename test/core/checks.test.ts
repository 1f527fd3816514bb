import { booleanProblem, dnsNameProblem, enumProblem, integerProblem } from '../../lib/core/checks';

enum Color { RED = 'red', BLUE = 'blue' }

describe('run-time checks of typed props', () => {
  test('enums accept their values and undefined, and name the members otherwise', () => {
    expect(enumProblem('color', Color.RED, 'Color', Color)).toBeUndefined();
    expect(enumProblem('color', 'blue', 'Color', Color)).toBeUndefined();
    expect(enumProblem('color', undefined, 'Color', Color)).toBeUndefined();
    expect(enumProblem('color', 'RED', 'Color', Color)).toEqual({
      field: 'color', problem: '"RED" is not one of "red", "blue"', fix: 'use Color.RED, Color.BLUE (or the string it stands for)',
    });
  });

  test('booleans', () => {
    expect(booleanProblem('on', false)).toBeUndefined();
    expect(booleanProblem('on', 'false')).toEqual({ field: 'on', problem: 'expected true or false, got "false"', fix: 'pass on: true or on: false (a boolean, not a string)' });
  });

  test('whole numbers', () => {
    expect(integerProblem('n', 0)).toBeUndefined();
    expect(integerProblem('n', Number.NaN)).toEqual({ field: 'n', problem: 'expected a whole number of at least 0, got NaN', fix: 'pass a number such as n: 1' });
  });
});

describe('dnsNameProblem', () => {
  test('accepts a DNS-1123 subdomain, and names the field, the value and a lowercase suggestion otherwise', () => {
    expect(dnsNameProblem('name', 'state.store-1')).toBeUndefined();
    expect(dnsNameProblem('name', 'State_Store')).toEqual({
      field: 'name',
      problem: '"State_Store" is not a DNS-1123 name',
      fix: 'use lowercase letters, digits, "-" and ".", such as "state-store"',
    });
    expect(dnsNameProblem('metadata.name', 42)?.problem).toBe('42 is not a DNS-1123 name');
  });
});
