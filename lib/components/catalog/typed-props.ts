import type { Duration } from 'cdk8s';
import type { SecretKeyRef } from '../../secrets/secret-key-ref';
import type { ComponentDefaultVersion, ComponentMetadataByType } from './generated/metadata';

/** Every `spec.type` of the catalog that is a Component resource (name resolution is not), aliases included. */
export type KnownComponentType = Exclude<keyof ComponentMetadataByType, `nameresolution.${string}`>;

/** Metadata of a type the catalog does not know: any names, the name-based sensitive guard applies at synth. */
export interface UntypedMetadata {
  readonly [name: string]: string | number | boolean | Duration | SecretKeyRef | undefined;
}

type VersionsOf<T extends KnownComponentType> = keyof ComponentMetadataByType[T] & string;

/** `version` and `metadata` of a catalog type: the version literal selects the metadata type. */
export type CatalogMetadataProps<T extends KnownComponentType> = {
  [V in VersionsOf<T>]: (V extends ComponentDefaultVersion[T] ? { readonly version?: V } : { readonly version: V }) & {
    /** `spec.metadata`, typed from the catalog: sensitive fields only take a `SecretKeyRef`. @default - none */
    readonly metadata?: ComponentMetadataByType[T][V];
  };
}[VersionsOf<T>];

/** `metadata` of a type the catalog does not know, allowed only with `allowUnknownType: true`. */
export interface UnknownTypeMetadataProps {
  /** `spec.version`. @default 'v1' */
  readonly version?: string;
  /** `spec.metadata`. @default - none */
  readonly metadata?: UntypedMetadata;
}

/**
 * What `metadata` (and `version`) a component of spec type `T` takes: the catalog's fields for a known
 * literal type, any names for a `string` type or a pluggable one.
 */
export type ComponentMetadataProps<T extends string> = string extends T
  ? UnknownTypeMetadataProps
  : T extends KnownComponentType
    ? CatalogMetadataProps<T>
    : UnknownTypeMetadataProps & { readonly allowUnknownType: true };
