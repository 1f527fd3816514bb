import { Construct } from 'constructs';
import { refuse, show } from '../../core/errors';

/* Prop checks shared by the stores of this folder; not re-exported by index.ts. */

/** A plain prop that must be a non-empty string, or undefined after refusing it (see `refuse`). */
export function requireText(scope: Construct, field: string, value: unknown, example: string): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  refuse(scope, {
    field,
    problem: `expected a non-empty string, got ${show(value)}`,
    fix: `pass ${field.split('.').pop()}: ${example}`,
  });
  return undefined;
}

/**
 * `value` when it is undefined or one of the enum's values (for JavaScript callers); otherwise undefined,
 * after refusing it (see `refuse`).
 */
export function checkEnumValue<T extends string>(scope: Construct, field: string, value: T | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || allowed.includes(value)) return value;
  refuse(scope, {
    field,
    problem: `${show(value)} is not one of ${allowed.map(show).join(', ')}`,
    fix: `use one of the enum's members (${allowed.map(show).join(', ')})`,
  });
  return undefined;
}

/** True when `text` holds a C0 control character or DEL (a line break, a tab, a NUL, …). */
export function hasControlCharacter(text: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(text);
}

/**
 * A name suggestion for an error message: every run of characters outside `allowed` (a character class
 * such as `A-Za-z0-9_-`) becomes `-`, leading and trailing `-` go, and the result is cut to `max`.
 */
export function suggestName(name: string, allowed: string, max: number, fallback = 'secret-name'): string {
  const out = String(name)
    .replace(new RegExp(`[^${allowed}]+`, 'g'), '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return out || fallback;
}
