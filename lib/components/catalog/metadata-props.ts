import { Duration } from 'cdk8s';
import { goDuration } from '../../core/duration';
import { refuse, show } from '../../core/errors';
import { SecretKeyRef } from '../../secrets/secret-key-ref';
import type { DaprComponent } from '../dapr-component';

/**
 * Adds the `metadata` prop of a component, in the order given: a `SecretKeyRef` becomes a `secretKeyRef`
 * entry, a `Duration` a Go duration, a string, number or boolean a plain value (refused for sensitive
 * fields). `undefined` entries are skipped.
 */
export function addMetadataFromProps(component: DaprComponent, metadata: unknown): void {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || SecretKeyRef.isSecretKeyRef(metadata)) {
    refuse(component, {
      field: 'metadata',
      problem: `expected an object of metadata fields, got ${Array.isArray(metadata) ? 'an array' : show(metadata)}`,
      fix: "pass metadata: { fieldName: value or secret.keyRef('<key>') }",
    });
    return;
  }
  for (const [name, value] of Object.entries(metadata)) {
    if (value === undefined) continue;
    if (SecretKeyRef.isSecretKeyRef(value)) component.addSecretMetadata(name, value);
    else if (value instanceof Duration) component.addMetadata(name, goDuration(value));
    else component.addMetadata(name, value as string);
  }
}
