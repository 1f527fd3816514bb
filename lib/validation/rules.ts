/**
 * Rules a JSON schema cannot express readably; each is a pure function from
 * the manifest to issues and tolerates malformed input (the schema reports
 * type errors separately).
 */
import { childPointer, Issue, issue, isPlainObject } from './issues';

/** The ways a Dapr NameValuePair can carry its value. */
const VALUE_SOURCES = ['value', 'secretKeyRef', 'envRef'] as const;

/** Reads `obj` at a key list, returning undefined on the first missing step. */
function dig(obj: unknown, ...keys: string[]): unknown {
  let current: any = obj;
  for (const key of keys) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Items of an array with their JSON pointers; empty when `list` is not an array. */
function itemsAt(list: unknown, path: string): Array<[unknown, string]> {
  return Array.isArray(list) ? list.map((item, i) => [item, childPointer(path, i)]) : [];
}

/** Each NameValuePair sets exactly one of value, secretKeyRef or envRef (a null counts as unset). */
export function checkExactlyOneValueSource(list: unknown, path: string): Issue[] {
  const out: Issue[] = [];
  for (const [pair, at] of itemsAt(list, path)) {
    if (!isPlainObject(pair)) continue;
    const present = VALUE_SOURCES.filter((k) => pair[k] !== undefined && pair[k] !== null);
    if (present.length === 0) out.push(issue(at, 'must set exactly one of value, secretKeyRef or envRef; none is set'));
    if (present.length > 1) out.push(issue(at, `must set exactly one of value, secretKeyRef or envRef; found ${present.join(' and ')}`));
  }
  return out;
}

/** envRef names daprd always refuses: APP_API_TOKEN, anything starting DAPR_, names with a space. */
export function checkEnvRefNames(list: unknown, path: string): Issue[] {
  const out: Issue[] = [];
  for (const [pair, at] of itemsAt(list, path)) {
    const envRef = dig(pair, 'envRef');
    if (typeof envRef !== 'string') continue;
    if (envRef === 'APP_API_TOKEN' || envRef.startsWith('DAPR_') || envRef.includes(' ')) {
      out.push(issue(childPointer(at, 'envRef'), `daprd refuses to read ${JSON.stringify(envRef)} (APP_API_TOKEN, DAPR_* and names with spaces are never allowed)`));
    }
  }
  return out;
}

/** Component rules: exactly-one value source and allowed envRef names in spec.metadata. */
export function componentRules(obj: unknown): Issue[] {
  const list = dig(obj, 'spec', 'metadata');
  return [...checkExactlyOneValueSource(list, '/spec/metadata'), ...checkEnvRefNames(list, '/spec/metadata')];
}

/** HTTPEndpoint rules: exactly one value source in each header. */
export function httpEndpointRules(obj: unknown): Issue[] {
  return checkExactlyOneValueSource(dig(obj, 'spec', 'headers'), '/spec/headers');
}

/** MCPServer rules: exactly one value source in each header and env entry. */
export function mcpServerRules(obj: unknown): Issue[] {
  return [
    ...checkExactlyOneValueSource(dig(obj, 'spec', 'endpoint', 'streamableHTTP', 'headers'), '/spec/endpoint/streamableHTTP/headers'),
    ...checkExactlyOneValueSource(dig(obj, 'spec', 'endpoint', 'sse', 'headers'), '/spec/endpoint/sse/headers'),
    ...checkExactlyOneValueSource(dig(obj, 'spec', 'endpoint', 'stdio', 'env'), '/spec/endpoint/stdio/env'),
  ];
}

/** Secret scopes: storeName unique and defaultAccess allow/deny (case-insensitive), as daprd enforces. */
export function checkSecretScopes(obj: unknown): Issue[] {
  const out: Issue[] = [];
  const firstIndex = new Map<string, number>();
  for (const [scope, at] of itemsAt(dig(obj, 'spec', 'secrets', 'scopes'), '/spec/secrets/scopes')) {
    if (!isPlainObject(scope)) continue;
    const { storeName, defaultAccess } = scope;
    if (typeof storeName === 'string') {
      const index = Number(at.slice(at.lastIndexOf('/') + 1));
      const first = firstIndex.get(storeName);
      if (first !== undefined) out.push(issue(childPointer(at, 'storeName'), `duplicate storeName ${JSON.stringify(storeName)} (already used by scopes[${first}]); daprd rejects the configuration`));
      else firstIndex.set(storeName, index);
    }
    if (typeof defaultAccess === 'string' && defaultAccess !== '' && !/^(allow|deny)$/i.test(defaultAccess)) {
      out.push(issue(childPointer(at, 'defaultAccess'), `must be "allow" or "deny"; got ${JSON.stringify(defaultAccess)}`));
    }
  }
  return out;
}

/** Configuration rules: secret scopes, and exactly-one value source in tracing.otel.headers. */
export function configurationRules(obj: unknown): Issue[] {
  const headers = dig(obj, 'spec', 'tracing', 'otel', 'headers');
  return [...checkSecretScopes(obj), ...checkExactlyOneValueSource(headers, '/spec/tracing/otel/headers')];
}

/** SecretStore/ClusterSecretStore: `spec.provider` configures exactly one provider. */
export function secretStoreRules(obj: unknown): Issue[] {
  const provider = dig(obj, 'spec', 'provider');
  if (!isPlainObject(provider)) return [];
  const keys = Object.keys(provider);
  if (keys.length === 1) return [];
  const found = keys.length === 0 ? 'none is set' : `found ${keys.length}: ${keys.join(', ')}`;
  return [issue('/spec/provider', `must configure exactly one provider; ${found}`)];
}

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** SealedSecret: every spec.encryptedData value is non-empty standard base64 (as kubeseal writes it). */
export function sealedSecretRules(obj: unknown): Issue[] {
  const data = dig(obj, 'spec', 'encryptedData');
  if (!isPlainObject(data)) return [];
  return Object.entries(data)
    .filter(([, v]) => typeof v === 'string' && (v === '' || !STD_BASE64.test(v)))
    .map(([k]) => issue(childPointer('/spec/encryptedData', k), 'must be non-empty standard base64 ciphertext (as kubeseal produces); the value is not sealed'));
}
