import { FieldProblem, show } from './errors';
import { isDnsSubdomain, suggestDnsLabel } from './names';

/**
 * Why `value` is not one of the values of the string enum `values` (an enum object such as `LogLevel`),
 * or undefined when it is one or is undefined. For JavaScript callers, whom the types do not stop.
 */
export function enumProblem(field: string, value: unknown, enumName: string, values: Readonly<Record<string, string>>): FieldProblem | undefined {
  if (value === undefined) return undefined;
  const allowed = Object.values(values);
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return {
    field,
    problem: `${show(value)} is not one of ${allowed.map(show).join(', ')}`,
    fix: `use ${Object.keys(values).map((k) => `${enumName}.${k}`).join(', ')} (or the string it stands for)`,
  };
}

/** Why `value` is not a boolean, or undefined when it is one or is undefined. */
export function booleanProblem(field: string, value: unknown): FieldProblem | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  return { field, problem: `expected true or false, got ${show(value)}`, fix: `pass ${field}: true or ${field}: false (a boolean, not a string)` };
}

/** Why `value` is not a whole number of at least `min`, or undefined when it is one or is undefined. */
export function integerProblem(field: string, value: unknown, min = 0): FieldProblem | undefined {
  if (value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= min)) return undefined;
  return { field, problem: `expected a whole number of at least ${min}, got ${show(value)}`, fix: `pass a number such as ${field}: ${min === 0 ? 1 : min}` };
}

/** Why `name` is not a DNS-1123 subdomain (the `metadata.name` of most kinds), or undefined when it is one. */
export function dnsNameProblem(field: string, name: unknown): FieldProblem | undefined {
  if (typeof name === 'string' && isDnsSubdomain(name)) return undefined;
  return {
    field,
    problem: `${show(name)} is not a DNS-1123 name`,
    fix: `use lowercase letters, digits, "-" and ".", such as ${show(suggestDnsLabel(String(name)))}`,
  };
}
