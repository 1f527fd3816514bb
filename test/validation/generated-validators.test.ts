import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import { AJV_OPTIONS, CUSTOM_KINDS, kindKey, validatorFor } from '../../lib/validation/custom';
import { VALIDATORS } from '../../lib/validation/generated/validators';
import { renderValidators, REPO, VALIDATORS_FILE } from '../../scripts/generate-validators';

/** A manifest of `kind` that its schema rejects in several places at once. */
function broken(kind: { apiVersion: string; kind: string }): Record<string, unknown> {
  return { apiVersion: kind.apiVersion, kind: kind.kind, metadata: 7, spec: { type: 3, version: [], unknownField: true }, scopes: 'x', extra: null };
}

describe('the generated schema validators (lib/validation/generated/validators.ts)', () => {
  test('are what scripts/generate-validators.ts renders from the current schemas', () => {
    expect(readFileSync(join(REPO, VALIDATORS_FILE), 'utf8')).toBe(renderValidators());
  });

  test('cover every custom kind, and validation uses them', () => {
    expect(Object.keys(VALIDATORS).sort()).toEqual(CUSTOM_KINDS.map(kindKey).sort());
    for (const kind of CUSTOM_KINDS) expect(validatorFor(kind)).toBe(VALIDATORS[kindKey(kind)]);
  });

  test.each(CUSTOM_KINDS.map((k) => [kindKey(k), k] as const))('%s: the same verdict and errors as the schema compiled now', (_key, kind) => {
    const compiled = new Ajv(AJV_OPTIONS).compile(kind.schema);
    const generated = VALIDATORS[kindKey(kind)];
    const object = broken(kind);
    expect(compiled(object)).toBe(false);
    expect(generated(object)).toBe(false);
    expect(generated.errors!.length).toBeGreaterThan(1);
    expect(generated.errors).toEqual(compiled.errors);
  });
});
