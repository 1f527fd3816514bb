/**
 * Public entry points: validate one manifest or a list, or assert a list is valid.
 * Dispatch is on `apiVersion` + `kind`; a pair without a schema is itself an error,
 * so nothing passes unvalidated.
 */
import { CORE_KINDS, validateCoreKind } from './core';
import { CUSTOM_KINDS, validateCustomKind } from './custom';
import { dedupeByPath, describeObject, formatIssue, Issue, issue, isPlainObject, jsonTypeOf } from './issues';
import { checkMetadata, NameRule } from './metadata';
import { plainValueIssues } from './plain-values';

/** A validator for one apiVersion/kind pair. */
interface KindEntry {
  readonly nameRule: NameRule;
  readonly validate: (obj: Record<string, unknown>) => Issue[];
}

/** Dispatch table keyed by `<apiVersion>/<kind>`. */
const REGISTRY: ReadonlyMap<string, KindEntry> = new Map<string, KindEntry>([
  ...CORE_KINDS.map((k): [string, KindEntry] => [`${k.apiVersion}/${k.kind}`, { nameRule: k.nameRule, validate: (o) => validateCoreKind(k, o) }]),
  ...CUSTOM_KINDS.map((k): [string, KindEntry] => [`${k.apiVersion}/${k.kind}`, { nameRule: k.nameRule, validate: (o) => validateCustomKind(k, o) }]),
]);

/** The `<apiVersion>/<kind>` pairs this validator knows, e.g. `dapr.io/v1alpha1/Component`. */
export function supportedKinds(): string[] {
  return [...REGISTRY.keys()];
}

/** Issues for a missing or non-string apiVersion/kind, which make dispatch impossible. */
function typeMetaIssues(obj: Record<string, unknown>): Issue[] {
  return (['apiVersion', 'kind'] as const)
    .filter((key) => typeof obj[key] !== 'string' || obj[key] === '')
    .map((key) => issue(`/${key}`, obj[key] === undefined || obj[key] === '' ? 'is required' : `must be string, got ${jsonTypeOf(obj[key])}`));
}

/**
 * Validates one manifest object and returns its issues (unformatted): plain values that hold credentials
 * or make no sense (see `plainValueIssues`), metadata, then the kind's schema and rules; one per field.
 */
export function manifestIssues(obj: unknown): Issue[] {
  if (!isPlainObject(obj)) return [issue('', `manifest must be an object, got ${jsonTypeOf(obj)}`)];
  const typeMeta = typeMetaIssues(obj);
  if (typeMeta.length > 0) return typeMeta;
  const entry = REGISTRY.get(`${obj.apiVersion}/${obj.kind}`);
  if (!entry) return [issue('', `no schema for ${obj.apiVersion}/${obj.kind}`)];
  return dedupeByPath([...plainValueIssues(obj), ...checkMetadata(obj, entry.nameRule), ...entry.validate(obj)]);
}

/**
 * Validates one manifest. Returns an empty array when it is valid; otherwise
 * one message per problem, `<Kind>/<name>: <json path>: <what is wrong>`.
 */
export function validateManifest(obj: any): string[] {
  return manifestIssues(obj).map((found) => formatIssue(obj, found));
}

/** Identity used to spot two manifests that would overwrite each other on apply. */
function identityOf(obj: unknown): string | undefined {
  if (!isPlainObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
  const meta: any = obj.metadata;
  if (!isPlainObject(meta) || typeof meta.name !== 'string') return undefined;
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return `${group}|${obj.kind}|${typeof meta.namespace === 'string' ? meta.namespace : ''}|${meta.name}`;
}

/** Messages for manifests that repeat the group, kind, namespace and name of an earlier one. */
export function duplicateMessages(objs: readonly unknown[]): string[] {
  const first = new Map<string, number>();
  const out: string[] = [];
  objs.forEach((obj, i) => {
    const id = identityOf(obj);
    if (id === undefined) return;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else out.push(`${describeObject(obj)}: $: duplicate of manifest #${earlier} (same group, kind, namespace and name); manifest #${i} would overwrite it`);
  });
  return out;
}

/** Validates a list of manifests: every object's messages, then duplicate identities. */
export function validateManifests(objs: any[]): string[] {
  if (!Array.isArray(objs)) return [`manifests must be an array, got ${jsonTypeOf(objs)}`];
  return [...objs.flatMap((obj) => validateManifest(obj)), ...duplicateMessages(objs)];
}

/** Throws one Error listing every problem in `objs`; returns normally when all are valid. */
export function assertValidManifests(objs: any[]): void {
  const problems = validateManifests(objs);
  if (problems.length === 0) return;
  const noun = problems.length === 1 ? 'problem' : 'problems';
  throw new Error(`manifest validation failed with ${problems.length} ${noun}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
