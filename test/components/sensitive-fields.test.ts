import { isSensitiveField } from '../../lib';
import { SENSITIVE_FIELDS } from '../../lib/components/sensitive-fields.generated';

describe('isSensitiveField', () => {
  test('follows the catalog for the types the project types', () => {
    expect(isSensitiveField('state.redis', 'redisPassword')).toBe(true);
    expect(isSensitiveField('state.redis', 'redisHost')).toBe(false);
    expect(isSensitiveField('pubsub.kafka', 'saslPassword')).toBe(true);
    expect(isSensitiveField('pubsub.kafka', 'saslUsername')).toBe(false);
    expect(isSensitiveField('pubsub.kafka', 'clientKey')).toBe(true);
    expect(isSensitiveField('configuration.redis', 'redisPassword')).toBe(true);
    expect(isSensitiveField('secretstores.gcp.secretmanager', 'privateKey')).toBe(true);
  });

  test('covers aliases and credential fields the catalog leaves unmarked', () => {
    expect(SENSITIVE_FIELDS['state.postgres']).toEqual(SENSITIVE_FIELDS['state.postgresql']);
    expect(isSensitiveField('secretstores.hashicorp.vault', 'vaultToken')).toBe(true);
    expect(isSensitiveField('secretstores.hashicorp.vault', 'vaultTokenMountPath')).toBe(false);
  });

  test('names that only look like credentials can be listed as plain', () => {
    expect(isSensitiveField('secretstores.aws.secretmanager', 'multipleKeyValuesPerSecret')).toBe(false);
    expect(isSensitiveField('bindings.mycorp', 'multipleKeyValuesPerSecret')).toBe(true);
  });

  test('is case-insensitive like daprd', () => {
    expect(isSensitiveField('STATE.REDIS', 'REDISPASSWORD')).toBe(true);
  });
});
