import { readFileSync } from 'fs';
import { join } from 'path';
import { JsonPatch, Testing } from 'cdk8s';
import * as lib from '../../../lib';
import { CatalogType, COMPONENT_CATALOG, DaprComponent, DeclaredSecret, validateManifest } from '../../../lib';
import { DERIVED_FILE, PRESET_CLASSES, REPO, renderAll } from '../../../scripts/generate-components';
import { synthErrors, testChart } from '../../support/chart';
// The generated checks are type-checked with the whole project (`tsc --noEmit` in the type-check test):
// an unused @ts-expect-error (a plain string in a sensitive field, or a misspelled name, that compiles)
// fails it. Importing them here keeps the file part of the suite.
import { compileChecks } from './compile-checks.generated';

const COMPONENT_TYPES = COMPONENT_CATALOG.filter((t) => !t.notAComponent);

/** The profile the minimal props use: one that requires nothing, else the first (as the generator does). */
function minimalProfile(t: CatalogType) {
  return (t.profiles ?? []).find((p) => p.required.length === 0) ?? t.profiles?.[0];
}

/** The smallest metadata of a type: plain values of the right type, and `ref` for sensitive fields. */
function minimalMetadata(t: CatalogType, ref: lib.SecretKeyRef): Record<string, unknown> {
  const profile = minimalProfile(t);
  const names = new Set([...t.fields.filter((f) => f.required).map((f) => f.name), ...(profile?.required ?? [])]);
  const out: Record<string, unknown> = {};
  for (const f of t.fields.filter((x) => names.has(x.name))) {
    const allowed = profile?.allowed?.[f.name] ?? f.allowed;
    if (f.sensitive) out[f.name] = ref;
    else if (allowed?.length) out[f.name] = f.type === 'number' ? Number(allowed[0]) : allowed[0];
    else out[f.name] = f.type === 'number' ? 1 : f.type === 'bool' ? true : 'x';
  }
  return out;
}

function idOf(t: CatalogType): string {
  return `${t.specType.replace(/\./g, '-')}-${t.version}`;
}

describe('the generated component catalog', () => {
  test('the committed generated files equal a fresh generation from the committed derived data', () => {
    const files = renderAll(JSON.parse(readFileSync(join(REPO, DERIVED_FILE), 'utf8')));
    expect(files.size).toBe(5);
    for (const [path, content] of files) expect({ path, content: readFileSync(join(REPO, path), 'utf8') }).toEqual({ path, content });
  });

  test('holds the 141 catalog entries, the type registered without a metadata file, and two versions registered on other metadata', () => {
    expect(COMPONENT_CATALOG).toHaveLength(144);
    expect(COMPONENT_CATALOG.filter((t) => t.notAComponent).map((t) => t.specType)).toEqual([
      'nameresolution.aws.cloudmap', 'nameresolution.hashicorp.consul', 'nameresolution.kubernetes', 'nameresolution.mdns', 'nameresolution.nameformat', 'nameresolution.sqlite',
    ]);
    expect(typeof compileChecks).toBe('function');
    // One @ts-expect-error per sensitive field and one misspelling per Component type.
    const checks = readFileSync(join(__dirname, 'compile-checks.generated.ts'), 'utf8');
    const expected = COMPONENT_TYPES.reduce((n, t) => n + 1 + t.fields.filter((f) => f.sensitive && !f.name.includes('<')).length, 0);
    expect(checks.split('\n').filter((l) => l.trimStart().startsWith('// @ts-expect-error')).length).toBe(expected);
  });

  test('every Component type has its named class, by the naming rule or a hand-written preset', () => {
    const exported = lib as unknown as Record<string, unknown>;
    for (const t of COMPONENT_TYPES) {
      const cls = exported[t.className];
      expect({ type: t.specType, cls: typeof cls }).toEqual({ type: t.specType, cls: 'function' });
      expect((cls as any).prototype instanceof DaprComponent).toBe(true);
    }
    expect(COMPONENT_CATALOG.find((t) => t.specType === 'state.postgresql' && t.version === 'v1')?.className).toBe('PostgresqlStateStore');
    expect(COMPONENT_CATALOG.find((t) => t.specType === 'state.postgresql' && t.version === 'v2')?.className).toBe('PostgresqlV2StateStore');
    expect(COMPONENT_CATALOG.find((t) => t.specType === 'pubsub.rabbitmq')?.className).toBe('RabbitmqPubSub');
    expect(COMPONENT_CATALOG.find((t) => t.specType === 'bindings.aws.s3')?.className).toBe('AwsS3Binding');
    expect(Object.values(PRESET_CLASSES)).toContain('RedisStateStore');
  });

  test('minimal valid props of every type synthesize a Component that validates against the CRD schema', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'creds', { keys: ['k'] });
    const ref = secret.keyRef('k');
    for (const t of COMPONENT_TYPES) {
      const props = { metadata: minimalMetadata(t, ref), unscoped: true };
      const generated = !(PRESET_CLASSES[t.type] && t.defaultVersion);
      if (generated) new (lib as any)[t.className](chart, idOf(t), props);
      else new DaprComponent(chart, idOf(t), { ...props, type: t.specType, version: t.version } as any);
    }
    const objects = Testing.synth(chart).filter((o) => o.kind === 'Component');
    expect(objects).toHaveLength(COMPONENT_TYPES.length);
    for (const t of COMPONENT_TYPES) {
      const obj = objects.find((o) => o.metadata.name === idOf(t));
      expect({ type: t.specType, version: t.version, spec: [obj.spec.type, obj.spec.version], errors: validateManifest(obj) })
        .toEqual({ type: t.specType, version: t.version, spec: [t.specType, t.version], errors: [] });
      for (const f of t.fields.filter((x) => x.sensitive)) {
        const entry = obj.spec.metadata.find((e: any) => e.name === f.name);
        if (entry) expect(entry).toEqual({ name: f.name, secretKeyRef: { name: 'creds', key: 'k' } });
      }
    }
  });

  test('a plain string in any sensitive field is refused at construction, and at synth when patched in', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'creds', { keys: ['k'] });
    const ref = secret.keyRef('k');
    const canary = 'canary-plain-value-7f3e';
    const expected: string[] = [];
    for (const t of COMPONENT_TYPES) {
      const sensitive = t.fields.filter((f) => f.sensitive && !f.name.includes('<'));
      if (sensitive.length === 0) continue;
      const c = new DaprComponent(chart, idOf(t), { type: t.specType, version: t.version, metadata: minimalMetadata(t, ref), unscoped: true } as any);
      for (const f of sensitive) {
        const js = { type: t.specType, version: t.version, metadata: { ...minimalMetadata(t, ref), [f.name]: canary } } as any;
        expect(() => new DaprComponent(testChart(), 'js', js)).toThrow(`[test/js] spec.metadata[${f.name}]: ${t.specType} marks "${f.name}" sensitive`);
        c.apiObject.addJsonPatch(JsonPatch.add('/spec/metadata/-', { name: f.name, value: canary }));
        expected.push(`[test/${idOf(t)}] spec.metadata[${f.name}]: ${t.specType} marks "${f.name}" sensitive, but the rendered Component gives it value (not shown)`);
      }
    }
    const errors = synthErrors(chart);
    expect(expected.length).toBeGreaterThan(250);
    for (const e of expected) expect(errors).toContain(e);
    expect(errors).not.toContain(canary);
  });

  test('a misspelled field of every type is refused at synth with a did-you-mean', () => {
    const chart = testChart();
    const secret = new DeclaredSecret(chart, 'creds', { keys: ['k'] });
    const ref = secret.keyRef('k');
    const expected: string[] = [];
    for (const t of COMPONENT_TYPES) {
      const field = t.fields.find((f) => !f.name.includes('<') && f.name.length > 3 && !f.sensitive);
      if (!field) {
        new DaprComponent(chart, idOf(t), { type: t.specType, version: t.version, metadata: { naem: 'x' }, unscoped: true } as any);
        expected.push(`[test/${idOf(t)}] spec.metadata[naem]: ${t.specType} ${t.version} has no metadata field "naem"`);
        continue;
      }
      const typo = `${field.name.slice(0, 2)}${field.name[2]}${field.name.slice(2)}`;
      const metadata = { ...minimalMetadata(t, ref), [typo]: 'x' };
      new DaprComponent(chart, idOf(t), { type: t.specType, version: t.version, metadata, unscoped: true } as any);
      expected.push(`[test/${idOf(t)}] spec.metadata[${typo}]: ${t.specType} ${t.version} has no metadata field "${typo}". Fix: did you mean "${field.name}"?`);
    }
    const errors = synthErrors(chart);
    for (const e of expected) expect(errors).toContain(e);
    expect(errors.split('\n').filter((l) => l.includes('has no metadata field')).length).toBe(COMPONENT_TYPES.length);
  });

  test('name-resolution types are no Component: refused with the fix', () => {
    const chart = testChart();
    new DaprComponent(chart, 'mdns', { type: 'nameresolution.mdns', allowUnknownType: true, unscoped: true });
    expect(synthErrors(chart)).toContain('[test/mdns] spec.type: "nameresolution.mdns" is a name-resolution component, which daprd never loads from a Component resource. Fix: configure name resolution in the Dapr Configuration (spec.nameResolution) instead');
  });
});
