import { Construct } from 'constructs';
import { fieldError, show } from '../../core/errors';

/* Prop checks shared by the stores of this folder; not re-exported by index.ts. */

/** Throws the library's error for a plain prop that must be a non-empty string. */
export function requireText(scope: Construct, field: string, value: unknown, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw fieldError(scope, {
      field,
      problem: `expected a non-empty string, got ${show(value)}`,
      fix: `pass ${field.split('.').pop()}: ${example}`,
    });
  }
  return value;
}

/** Throws when `value` is given but is not one of the enum's values (for JavaScript callers). */
export function checkEnumValue(scope: Construct, field: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw fieldError(scope, {
      field,
      problem: `${show(value)} is not one of ${allowed.map(show).join(', ')}`,
      fix: `use one of the enum's members (${allowed.map(show).join(', ')})`,
    });
  }
}
