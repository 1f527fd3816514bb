/** One metadata field of a component type, as the run-time checks see it. */
export interface CatalogField {
  readonly name: string;
  /** `string`, `number`, `bool`, `duration` or `bytesize`. */
  readonly type: string;
  /** Only ever from a secret (catalog flag, curated list or name rule). */
  readonly sensitive?: boolean;
  /** Required outside any authentication profile. */
  readonly required?: boolean;
  /** Listed only in authentication profiles. */
  readonly profileOnly?: boolean;
  readonly default?: string;
  readonly allowed?: readonly string[];
}

/** An authentication profile: the fields that go together. */
export interface CatalogProfile {
  readonly title: string;
  readonly fields: readonly string[];
  readonly required: readonly string[];
  /** Allowed values the profile narrows a field to, such as Kafka's `authType: password`. */
  readonly allowed?: Readonly<Record<string, readonly string[]>>;
}

/** One component type at one version. */
export interface CatalogType {
  /** The catalog's name of the type. */
  readonly type: string;
  /** What `spec.type` holds. */
  readonly specType: string;
  readonly aliases?: readonly string[];
  readonly version: string;
  readonly defaultVersion?: boolean;
  readonly unregistered?: boolean;
  /** Name resolution is configured in a Configuration, not as a Component. */
  readonly notAComponent?: boolean;
  /** The construct that stands for the type. */
  readonly className: string;
  readonly fields: readonly CatalogField[];
  readonly profiles?: readonly CatalogProfile[];
}
