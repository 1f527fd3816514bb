/**
 * Where the catalog's `required` flags are wrong, by catalog type: fields it marks required that are
 * really alternatives (daprd needs one of them, or none). The generator applies these before rendering.
 */
export const NOT_REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // A token from a secret or a token file mounted in daprd: one of the two.
  'secretstores.hashicorp.vault': ['vaultToken', 'vaultTokenMountPath'],
};

/**
 * Types that also connect through separate fields (`host`, `user`, `password`, …) beside their
 * authentication profiles, although every profile of the catalog requires a connection string: they get
 * a profile that requires nothing.
 */
export const SEPARATE_CONNECTION_FIELDS_PROFILE: readonly string[] = ['bindings.postgres', 'configuration.postgresql', 'state.postgresql', 'state.cockroachdb'];
