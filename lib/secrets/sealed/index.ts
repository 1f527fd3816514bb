export {
  checkScope, DEFAULT_SEALED_FILE, emptySealedFile, isSealedValue, parseSealedFile, readSealedFile, SEALED_FILE_VERSION, sealedEntryId,
  serializeSealedFile, updateSealedFile, withSealedKey, writeSealedFile,
} from './sealed-file';
export { DEFAULT_LOCK_TIMEOUT_MS, lockFileFor, withFileLock } from './file-lock';
export type { FileLockOptions } from './file-lock';
export type { SealedEntry, SealedFile, SealedKey, SealedKeyUpdate } from './sealed-file';
export { CERT_PLACEHOLDER, sealCommand } from './seal-command';
export type { SealCommandOptions } from './seal-command';
export { SEALED_SECRET_API_VERSION, SealedSecretDelivery } from './sealed-secret-delivery';
export type { SealedSecretDeliveryOptions } from './sealed-secret-delivery';
