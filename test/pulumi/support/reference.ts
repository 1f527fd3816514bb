import { makeCanary } from '../../../lib/scan';

/** The Pulumi config keys of the reference app's six declared keys (`<secret>.<key>`), in declaration order. */
export const REFERENCE_CONFIG_KEYS = [
  'api-credentials.api-key', 'api-credentials.api-secret', 'redis-password.password', 'notification-api.api-key', 'kafka-credentials.username', 'kafka-credentials.password',
];

/** A fresh canary value for each of `keys`, named after the key. */
export function canaryValues(keys: readonly string[] = REFERENCE_CONFIG_KEYS): { [configKey: string]: string } {
  return Object.fromEntries(keys.map((k) => [k, makeCanary(k.replace('.', '-'))]));
}
