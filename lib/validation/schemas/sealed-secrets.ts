/**
 * Schema for `bitnami.com/v1alpha1` SealedSecret (ecosystem-facts §3.1).
 * The legacy `spec.data` blob is deprecated and therefore not accepted.
 */
import type { SchemaObject } from 'ajv';
import { anyValue, bool, resourceRoot, str, stringMap, strictObject } from './common';

/** Group/version of SealedSecret. */
export const SEALED_SECRETS_API_VERSION = 'bitnami.com/v1alpha1';

/** `spec.template`: the blueprint of the Secret the controller creates (`data` is non-secret). */
const sealedSecretTemplate = strictObject({
  metadata: strictObject({
    name: str,
    namespace: str,
    labels: stringMap,
    annotations: stringMap,
    // kubeseal output carries `creationTimestamp: null` here.
    creationTimestamp: anyValue,
  }),
  type: str,
  immutable: bool,
  data: stringMap,
});

/** Schema of a whole SealedSecret manifest. */
export const sealedSecretSchema: SchemaObject = resourceRoot(
  SEALED_SECRETS_API_VERSION,
  'SealedSecret',
  { spec: strictObject({ encryptedData: stringMap, template: sealedSecretTemplate }, ['encryptedData']) },
  ['spec'],
);
