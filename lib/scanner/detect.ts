import { catalogVersions } from '../components/catalog/lookup';
import { isSensitiveByRules, looksLikeCredential } from '../components/catalog/sensitive-rules';
import { isSensitiveHeader } from '../resources/http-endpoint';
import { RuleId, rulePriority } from './rules';
import { child, MapNode, ScalarNode, text, TreeNode } from './tree';
import {
  connectionStringPassword, daprEnvPairs, decodeBase64, isCertificateOnly, isCredentialName, isMeaningfulSecret,
  privateKey, redactedPreview, Span, urlPassword,
} from './values';

/** A finding inside one document, before it gets a file, a line and a fingerprint. */
export interface Detection {
  readonly rule: RuleId;
  /** The value's node (its position, when parsed from text). */
  readonly node: ScalarNode;
  /** The object, as `Kind namespace/name` (or `Kind name`); `document <n>` when it has none. */
  readonly object: string;
  /** Path of the value in the object, such as `stringData.password` or `spec.metadata[redisPassword].value`. */
  readonly field: string;
  /** What exactly was recognised, for rules with several kinds (a token type); part of the fingerprint. */
  readonly detail?: string;
  /** The problem, in words, without the value. */
  readonly problem: string;
  /** A redacted preview (see `redactedPreview`). */
  readonly preview: string;
  /** Position of the secret part inside the value, when known (a URL's password, a match of a token rule). */
  readonly span?: Span;
}

/** What the document rules found, and the string values the token rules should still look at. */
export interface DocumentScan {
  readonly detections: Detection[];
  /** String values no rule reported and that may hold a token, with where they are. */
  readonly candidates: Array<{ readonly node: ScalarNode; readonly object: string; readonly field: string }>;
}

/** Annotation keys whose values are digests of other things, never credentials. */
const DIGEST_KEY = /(fingerprint|checksum|hash|digest)/i;

/** `.name` or `["na.me"]`. */
function member(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function join(path: string, key: string): string {
  const m = member(key);
  return path === '' && m.startsWith('.') ? m.slice(1) : `${path}${m}`;
}

/** `[name]` for a list item with a string `name` (env entries, metadata, headers), else `[index]`. */
function item(path: string, node: TreeNode, index: number): string {
  const name = text(node, 'name');
  return `${path}[${name !== undefined && !/[[\]]/.test(name) ? name : index}]`;
}

function identify(obj: MapNode, index: number): string {
  const kind = text(obj, 'kind');
  const meta = child(obj, 'metadata');
  const name = text(meta, 'name');
  if (kind === undefined || name === undefined) return `document ${index + 1}${kind ? ` (${kind})` : ''}`;
  const ns = text(meta, 'namespace');
  return `${kind} ${ns ? `${ns}/` : ''}${name}`;
}

/** Runs every rule except the token formats over one parsed document. */
export function detectInDocument(root: TreeNode | undefined, index: number): DocumentScan {
  const found = new Map<ScalarNode, Detection>();
  const excluded = new Set<ScalarNode>();
  const report = (d: Detection) => {
    const earlier = found.get(d.node);
    if (!earlier || rulePriority(d.rule) < rulePriority(earlier.rule)) found.set(d.node, d);
  };
  const candidates: DocumentScan['candidates'] = [];
  if (root?.t !== 'map') return { detections: [], candidates };

  const objects: Array<{ obj: MapNode; prefix: string }> = [];
  const kind = text(root, 'kind');
  const items = child(root, 'items');
  if (kind !== undefined && /List$/.test(kind) && items?.t === 'seq') {
    items.items.forEach((x, i) => { if (x.t === 'map') objects.push({ obj: x, prefix: `items[${i}]` }); });
  }
  objects.unshift({ obj: root, prefix: '' });

  const named = objects.map(({ obj, prefix }) => ({ obj, prefix, object: prefix === '' ? identify(obj, index) : `${identify(obj, index)} (${prefix} of ${identify(root, index)})` }));
  // Every object's structural rules first: they also mark what the generic rules must leave alone.
  for (const { obj, object } of named) structuralRules(obj, object, report, excluded);
  for (const { obj, prefix, object } of named) genericRules(obj, object, report, excluded, candidates, prefix === '' && objects.length > 1 ? new Set(['items']) : new Set());
  const detections = [...found.values()];
  const reported = new Set(found.keys());
  return { detections, candidates: candidates.filter((c) => !reported.has(c.node)) };
}

type Report = (d: Detection) => void;

function structuralRules(obj: MapNode, object: string, report: Report, excluded: Set<ScalarNode>): void {
  const apiVersion = text(obj, 'apiVersion') ?? '';
  const kind = text(obj, 'kind') ?? '';
  if (apiVersion === 'v1' && kind === 'Secret') secretRules(obj, object, report);
  if (/^bitnami\.com\//.test(apiVersion) && kind === 'SealedSecret') {
    const encrypted = child(child(obj, 'spec'), 'encryptedData');
    if (encrypted?.t === 'map') for (const v of encrypted.entries.values()) if (v.t === 'scalar') excluded.add(v);
  }
  if (apiVersion.startsWith('dapr.io/')) daprRules(obj, kind, object, report);
  if (apiVersion === 'v1' && kind === 'ConfigMap') configMapRules(obj, object, report);
  const generators = child(obj, 'secretGenerator');
  if (generators?.t === 'seq' && (kind === '' || kind === 'Kustomization' || kind === 'Component')) secretGeneratorRules(generators, object, report);
}

function configMapRules(obj: MapNode, object: string, report: Report): void {
  const data = child(obj, 'data');
  if (data?.t !== 'map') return;
  for (const [key, v] of data.entries) {
    if (v.t !== 'scalar' || typeof v.value !== 'string' || !isCredentialName(key) || !isMeaningfulSecret(v.value)) continue;
    report({
      rule: 'configmap-credential', node: v, object, field: `data${member(key)}`,
      problem: `the ConfigMap key ${JSON.stringify(key)} looks like a credential and has a literal value`,
      preview: redactedPreview(v.value),
    });
  }
}

/** `secretGenerator[].literals` of a kustomization: `KEY=value` lines kustomize turns into a plain Secret. */
function secretGeneratorRules(generators: TreeNode, object: string, report: Report): void {
  if (generators.t !== 'seq') return;
  generators.items.forEach((g, i) => {
    const literals = child(g, 'literals');
    if (literals?.t !== 'seq') return;
    literals.items.forEach((l, j) => {
      if (l.t !== 'scalar' || typeof l.value !== 'string') return;
      const eq = l.value.indexOf('=');
      const key = eq < 0 ? l.value : l.value.slice(0, eq);
      const literal = eq < 0 ? '' : l.value.slice(eq + 1);
      if (!isMeaningfulSecret(literal)) return;
      report({
        rule: 'kustomize-secret-literal', node: l, object, field: `${item('secretGenerator', g, i)}.literals[${j}]`, detail: key,
        problem: `the secretGenerator literal ${JSON.stringify(key)} puts a value into a generated plain Secret`,
        preview: JSON.stringify(`${key}=•••`),
      });
    });
  });
}

function secretRules(obj: MapNode, object: string, report: Report): void {
  for (const [field, rule, encoded] of [['data', 'k8s-secret-data', true], ['stringData', 'k8s-secret-string-data', false]] as const) {
    const map = child(obj, field);
    if (map?.t !== 'map') continue;
    for (const [key, v] of map.entries) {
      if (v.t !== 'scalar' || v.value === null || v.value === '') continue;
      const value = v.value instanceof Uint8Array ? Buffer.from(v.value).toString('base64') : String(v.value); // !!binary
      const plain = encoded ? decodeBase64(value) : value;
      if (plain !== undefined && isCertificateOnly(plain)) continue;
      report({
        rule, node: v, object, field: `${field}${member(key)}`,
        problem: encoded
          ? 'a Secret in the manifest holds this key in `data`: base64 is an encoding, not encryption'
          : 'a Secret in the manifest holds this key in plain text in `stringData`',
        preview: redactedPreview(value),
      });
    }
  }
}

/** Whether a Component metadata field holds a credential for its spec.type (catalog, curated list, name rule). */
export function isSensitiveComponentField(specType: string, version: string | undefined, field: string): boolean {
  const versions = catalogVersions(specType);
  const entry = versions.find((t) => t.version === (version ?? 'v1')) ?? versions[0];
  const f = entry?.fields.find((x) => x.name.toLowerCase() === field.toLowerCase());
  return f ? f.sensitive === true : isSensitiveByRules(specType, field, false);
}

function daprRules(obj: MapNode, kind: string, object: string, report: Report): void {
  const spec = child(obj, 'spec');
  const pairs = (list: TreeNode | undefined, path: string, sensitive: (name: string) => boolean, why: (name: string) => string) => {
    if (list?.t !== 'seq') return;
    list.items.forEach((entry, i) => {
      const name = text(entry, 'name');
      if (name === undefined || !sensitive(name)) return;
      for (const how of ['value', 'envRef'] as const) {
        const v = child(entry, how);
        if (v?.t !== 'scalar' || v.value === null || v.value === '') continue;
        report({
          rule: 'dapr-plain-sensitive-value', node: v, object, field: `${item(path, entry, i)}.${how}`,
          problem: `${why(name)}, but it is given as ${how === 'value' ? 'a plain value' : 'an envRef (an environment variable of the sidecar)'} instead of a secretKeyRef`,
          preview: redactedPreview(String(v.value)),
        });
      }
    });
  };
  const header = (name: string) => `the header ${JSON.stringify(name)} carries a credential`;
  switch (kind) {
    case 'Component': {
      const type = text(spec, 'type');
      if (type === undefined) return;
      const version = text(spec, 'version');
      pairs(child(spec, 'metadata'), 'spec.metadata', (n) => isSensitiveComponentField(type, version, n), (n) => `${type} treats ${JSON.stringify(n)} as a credential`);
      return;
    }
    case 'HTTPEndpoint': {
      pairs(child(spec, 'headers'), 'spec.headers', isSensitiveHeader, header);
      const key = child(child(child(spec, 'clientTLS'), 'privateKey'), 'value');
      if (key?.t === 'scalar' && typeof key.value === 'string' && key.value !== '') {
        report({ rule: 'dapr-plain-sensitive-value', node: key, object, field: 'spec.clientTLS.privateKey.value', problem: 'the client TLS private key is given as a plain value instead of a secretKeyRef', preview: redactedPreview(key.value) });
      }
      return;
    }
    case 'MCPServer': {
      const endpoint = child(spec, 'endpoint');
      for (const transport of ['streamableHTTP', 'sse']) {
        pairs(child(child(endpoint, transport), 'headers'), `spec.endpoint.${transport}.headers`, isSensitiveHeader, header);
      }
      pairs(child(child(endpoint, 'stdio'), 'env'), 'spec.endpoint.stdio.env', looksLikeCredential, (n) => `the environment variable ${JSON.stringify(n)} of the MCP server looks like a credential`);
      return;
    }
    case 'Configuration':
      pairs(child(child(child(spec, 'tracing'), 'otel'), 'headers'), 'spec.tracing.otel.headers', isSensitiveHeader, (n) => `the tracing header ${JSON.stringify(n)} carries a credential`);
      return;
    default:
  }
}

/** Rules that look at every value: env literals, `dapr.io/env`, URLs, connection strings, private keys. */
function genericRules(obj: MapNode, object: string, report: Report, excluded: Set<ScalarNode>, candidates: DocumentScan['candidates'], skip: Set<string>): void {
  const visited = new Set<TreeNode>();
  const walk = (node: TreeNode, path: string, parentKey: string | undefined): void => {
    if (visited.has(node)) return; // an alias seen before
    visited.add(node);
    if (node.t === 'scalar') {
      scalarRules(node, path, parentKey, object, report, excluded, candidates);
      return;
    }
    if (node.t === 'seq') {
      if (parentKey === 'env') envRules(node, path, object, report);
      node.items.forEach((x, i) => walk(x, item(path, x, i), undefined));
      return;
    }
    for (const [key, v] of node.entries) {
      if (path === '' && skip.has(key)) continue;
      if (parentKey === 'annotations' && v.t === 'scalar') {
        if (DIGEST_KEY.test(key)) { visited.add(v); continue; }
        if (key === 'dapr.io/env' && typeof v.value === 'string') daprEnvRule(v, join(path, key), object, report);
      }
      walk(v, join(path, key), key);
    }
  };
  walk(obj, '', undefined);
}

function envRules(list: TreeNode, path: string, object: string, report: Report): void {
  if (list.t !== 'seq') return;
  list.items.forEach((entry, i) => {
    const name = text(entry, 'name');
    const v = child(entry, 'value');
    if (name === undefined || v?.t !== 'scalar' || typeof v.value !== 'string') return;
    if (!isCredentialName(name) || !isMeaningfulSecret(v.value)) return;
    report({
      rule: 'container-env-literal', node: v, object, field: `${item(path, entry, i)}.value`,
      problem: `the environment variable ${JSON.stringify(name)} looks like a credential and has a literal value`,
      preview: redactedPreview(v.value),
    });
  });
}

function daprEnvRule(node: ScalarNode, field: string, object: string, report: Report): void {
  const value = node.value as string;
  const names = daprEnvPairs(value)
    .filter((p) => (isCredentialName(p.name) && isMeaningfulSecret(p.value)) || urlPassword(p.value) || connectionStringPassword(p.value))
    .map((p) => p.name);
  if (names.length === 0) return;
  report({
    rule: 'dapr-env-annotation', node, object, field, detail: names.join(','),
    problem: `dapr.io/env gives the sidecar ${names.map((n) => JSON.stringify(n)).join(', ')} as ${names.length > 1 ? 'literal values that look' : 'a literal value that looks'} like a credential`,
    preview: JSON.stringify(daprEnvPairs(value).map((p) => `${p.name}=•••`).join(',')),
  });
}

function scalarRules(node: ScalarNode, field: string, parentKey: string | undefined, object: string, report: Report, excluded: Set<ScalarNode>, candidates: DocumentScan['candidates']): void {
  if (typeof node.value !== 'string' || excluded.has(node)) return;
  const value = node.value;
  if (value.length < 8) return;
  const url = value.includes('://') ? urlPassword(value) : undefined;
  if (url) {
    report({ rule: 'url-password', node, object, field, problem: 'a URL carries a password in its user information', preview: redactedPreview(value, url), span: url });
    return;
  }
  const pair = /pass|pwd/i.test(value) ? connectionStringPassword(value) : undefined;
  if (pair) {
    report({ rule: 'connection-string-password', node, object, field, problem: 'a connection string carries a password', preview: redactedPreview(value, pair), span: pair });
    return;
  }
  const key = value.includes('PRIVATE KEY') ? privateKey(value) : undefined;
  if (key) {
    report({ rule: 'private-key', node, object, field, problem: 'a PEM private key sits in the manifest', preview: redactedPreview(value, key), span: key });
    return;
  }
  if (parentKey !== 'apiVersion' && parentKey !== 'kind' && !isCertificateOnly(value)) candidates.push({ node, object, field });
}
