/**
 * `metadata` checks applied to every kind alike: required name in the format
 * the kind needs, namespace format, label and annotation shapes, and no
 * unknown ObjectMeta keys (the API server would drop them).
 */
import { embeddedCredential } from '../components/catalog/check';
import { childPointer, Issue, issue, isPlainObject, jsonTypeOf } from './issues';

/** Which name format a kind requires from the API server. */
export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label' | 'path-segment';

/** ObjectMeta fields that may appear in a manifest. */
const OBJECT_META_KEYS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Checks a DNS-1123 label (max 63, lowercase alphanumerics and '-'); returns the problem or undefined. */
export function checkDns1123Label(value: string): string | undefined {
  if (value.length > 63) return `must be no more than 63 characters; got ${value.length}`;
  if (!DNS1123_LABEL.test(value)) return `must be a DNS-1123 label (lowercase alphanumerics and '-', starting and ending alphanumeric); got ${JSON.stringify(value)}`;
  return undefined;
}

/** Checks a DNS-1123 subdomain (max 253, dot-separated DNS-1123 labels); returns the problem or undefined. */
export function checkDns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return `must be no more than 253 characters; got ${value.length}`;
  if (!DNS1123_SUBDOMAIN.test(value)) return `must be a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.'); got ${JSON.stringify(value)}`;
  return undefined;
}

/** Checks a DNS-1035 label (as Service names need: starts with a letter); returns the problem or undefined. */
export function checkDns1035Label(value: string): string | undefined {
  if (value.length > 63) return `must be no more than 63 characters; got ${value.length}`;
  if (!DNS1035_LABEL.test(value)) return `must be a DNS-1035 label (lowercase alphanumerics and '-', starting with a letter); got ${JSON.stringify(value)}`;
  return undefined;
}

/** Checks a path-segment name (RBAC kinds): not "." or "..", and no "/" or "%". */
export function checkPathSegment(value: string): string | undefined {
  if (value === '.' || value === '..' || /[/%]/.test(value)) return `must not be "." or ".." and must not contain "/" or "%"; got ${JSON.stringify(value)}`;
  return undefined;
}

/** Checks `metadata.name` against the kind's rule. */
export function checkName(value: string, rule: NameRule): string | undefined {
  switch (rule) {
    case 'dns1123-label': return checkDns1123Label(value);
    case 'dns1035-label': return checkDns1035Label(value);
    case 'path-segment': return checkPathSegment(value);
    default: return checkDns1123Subdomain(value);
  }
}

/** Checks a label/annotation key: optional DNS-subdomain prefix + '/' + a name of at most 63 characters. */
export function checkQualifiedName(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix === '' || checkDns1123Subdomain(prefix))) return `key prefix must be a DNS-1123 subdomain; got ${JSON.stringify(key)}`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return `key must be a qualified name (at most 63 alphanumerics, '-', '_' or '.', optionally with a DNS prefix and '/'); got ${JSON.stringify(key)}`;
  }
  return undefined;
}

/** Checks a label value (at most 63 characters, alphanumerics, '-', '_' and '.', may be empty). */
export function checkLabelValue(value: string): string | undefined {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    const got = embeddedCredential(value) ? 'a value that embeds a credential (not shown)' : JSON.stringify(value);
    return `label value must be at most 63 alphanumerics, '-', '_' or '.'; got ${got}`;
  }
  return undefined;
}

/** Checks a labels or annotations map: an object of string values with qualified-name keys. */
export function checkStringMap(map: unknown, path: string, isLabels: boolean): Issue[] {
  if (map === undefined) return [];
  if (!isPlainObject(map)) return [issue(path, `must be object, got ${jsonTypeOf(map)}`)];
  const out: Issue[] = [];
  for (const [key, value] of Object.entries(map)) {
    const at = childPointer(path, key);
    const keyProblem = checkQualifiedName(isLabels ? key : key.toLowerCase());
    if (keyProblem) out.push(issue(at, keyProblem));
    else if (typeof value !== 'string') out.push(issue(at, `must be string, got ${jsonTypeOf(value)}`));
    else if (isLabels) {
      const valueProblem = checkLabelValue(value);
      if (valueProblem) out.push(issue(at, valueProblem));
    }
  }
  return out;
}

/** Checks `metadata.name`: present, a non-empty string, in the kind's format. */
function checkMetadataName(name: unknown, rule: NameRule): Issue[] {
  const path = '/metadata/name';
  if (name === undefined || name === null || name === '') return [issue(path, 'is required')];
  if (typeof name !== 'string') return [issue(path, `must be string, got ${jsonTypeOf(name)}`)];
  const problem = checkName(name, rule);
  return problem ? [issue(path, problem)] : [];
}

/** Checks `metadata.namespace` when set: a DNS-1123 label. */
function checkMetadataNamespace(namespace: unknown): Issue[] {
  const path = '/metadata/namespace';
  if (namespace === undefined) return [];
  if (typeof namespace !== 'string') return [issue(path, `must be string, got ${jsonTypeOf(namespace)}`)];
  const problem = checkDns1123Label(namespace);
  return problem ? [issue(path, problem)] : [];
}

/** Runs every metadata check for a manifest whose kind uses `rule` for names. */
export function checkMetadata(obj: Record<string, unknown>, rule: NameRule): Issue[] {
  const meta = obj.metadata;
  if (meta === undefined) return [issue('/metadata', 'is required')];
  if (!isPlainObject(meta)) return [issue('/metadata', `must be object, got ${jsonTypeOf(meta)}`)];
  const unknown = Object.keys(meta)
    .filter((k) => !OBJECT_META_KEYS.has(k))
    .map((k) => issue(childPointer('/metadata', k), 'unknown field (not an ObjectMeta field)'));
  return [
    ...checkMetadataName(meta.name, rule),
    ...checkMetadataNamespace(meta.namespace),
    ...checkStringMap(meta.labels, '/metadata/labels', true),
    ...checkStringMap(meta.annotations, '/metadata/annotations', false),
    ...unknown,
  ];
}
