/** Typed Dapr secret stores that are not backed by Kubernetes Secrets: re-exports only. */
export * from './secret-store-component';
export * from './hashicorp-vault-secret-store';
export * from './azure-key-vault-secret-store';
export * from './aws-secrets-manager-secret-store';
export * from './gcp-secret-manager-secret-store';
export * from './local-file-secret-store';
export * from './local-env-secret-store';
