/**
 * Canary and leak tooling for tests (`dapr-secure-constructs/testing`): make canary values, then look for
 * them, in every encoding, in synthesized files, Pulumi state and logs.
 */
export { CANARY_PREFIX, makeCanary, seedCanaries } from './scan/canary';
export { encodingsOf } from './scan/encodings';
export type { EncodedForm } from './scan/encodings';
export { findLeaks } from './scan/find-leaks';
export type { Leak } from './scan/find-leaks';
export { formatFinding, formatFindings } from './scan/format';
export type { Finding } from './scan/format';
export { findUnwrappedSecrets, isPulumiSecret, PULUMI_SECRET_SIG_KEY, PULUMI_SECRET_SIG_VALUE } from './scan/pulumi';
export type { PulumiSecretWrapper, UnwrappedSecret } from './scan/pulumi';
export { scanFiles, scanTree } from './scan/scan-files';
export type { FileLeak } from './scan/scan-files';
export { MIN_CANARY_LENGTH } from './scan/search';
export type { Canaries } from './scan/search';
