/** Pure checks for the names Kubernetes and Dapr accept. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** The longest Dapr app ID: the injector names a Service `<app-id>-dapr`, which must be a DNS-1123 label. */
export const MAX_APP_ID_LENGTH = 58;

/** True when `name` is a DNS-1123 label (lowercase alphanumerics and `-`, at most 63 characters). */
export function isDnsLabel(name: string): boolean {
  return typeof name === 'string' && name.length <= 63 && DNS_LABEL.test(name);
}

/** True when `name` is a DNS-1123 subdomain, the rule for most Kubernetes object names. */
export function isDnsSubdomain(name: string): boolean {
  return typeof name === 'string' && name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** True when `key` is a valid key of a Kubernetes Secret's data. */
export function isSecretDataKey(key: string): boolean {
  return typeof key === 'string' && key.length <= 253 && SECRET_KEY.test(key) && key !== '.' && key !== '..';
}

/** True when `appId` is accepted by the Dapr sidecar injector. */
export function isDaprAppId(appId: string): boolean {
  return isDnsLabel(appId) && appId.length <= MAX_APP_ID_LENGTH;
}

/** Turns any text into a DNS-1123 label suggestion, for error messages. */
export function suggestDnsLabel(text: string): string {
  const label = String(text)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return label || 'name';
}

/** The environment variable name derived from a secret and key: `api-credentials`/`api-key` → `API_CREDENTIALS_API_KEY`. */
export function envVarName(...parts: string[]): string {
  return parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^([0-9])/, '_$1');
}
