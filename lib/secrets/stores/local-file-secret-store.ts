import { Construct } from 'constructs';
import { DaprComponentOptions } from '../../components/dapr-component';
import { refuse, show } from '../../core/errors';
import { SecretKeyStyle, SecretNameProblem } from '../secret-store';
import { hasControlCharacter } from './checks';
import { SecretStoreComponent } from './secret-store-component';

/** Props of a local file secret store. */
export interface LocalFileSecretStoreProps extends DaprComponentOptions {
  /** `secretsFile`: absolute path of the JSON file inside the daprd container. */
  readonly secretsFile: string;
  /** `nestedSeparator`: joins the keys of nested JSON objects into one name. @default ':' */
  readonly nestedSeparator?: string;
  /**
   * `multiValued`: each top-level property is a secret whose nested properties are its keys
   * (`SecretKeyStyle.MULTI_KEY`); otherwise every flattened name is a secret of one value (`NAME_VALUE`).
   * @default false
   */
  readonly multiValued?: boolean;
}

/**
 * **Development only.** A secret store reading a JSON file (`secretstores.local.file`, v1). The file is
 * plain text in the daprd container's file system, so it must be mounted into the sidecar
 * (`dapr.io/volume-mounts`) and is only as safe as that volume. Use it for local runs and tests; in a
 * cluster use a Kubernetes store or an external one such as `HashicorpVaultSecretStore`.
 */
export class LocalFileSecretStore extends SecretStoreComponent {
  public readonly keyStyle: SecretKeyStyle;
  /** The separator daprd joins nested property names with (`nestedSeparator`, `:` by default). */
  public readonly nestedSeparator: string;
  /** Whether each top-level property is a secret of several keys (`multiValued`). */
  public readonly multiValued: boolean;

  public constructor(scope: Construct, id: string, props: LocalFileSecretStoreProps) {
    super(scope, id, { ...props, type: 'secretstores.local.file', version: 'v1' });
    const fileRefused = refuse(this, typeof props.secretsFile !== 'string' || !props.secretsFile.startsWith('/') ? {
      field: 'secretsFile',
      problem: `${show(props.secretsFile)} is not an absolute path`,
      fix: "give the file's path inside the daprd container, such as '/mnt/secrets/secrets.json'",
    } : undefined);
    const separatorRefused = refuse(this, props.nestedSeparator !== undefined && (typeof props.nestedSeparator !== 'string' || props.nestedSeparator === '') ? {
      field: 'nestedSeparator',
      problem: `expected a non-empty string, got ${show(props.nestedSeparator)}`,
      fix: "pass a separator such as ':' or leave nestedSeparator out",
    } : undefined);
    const multiValuedRefused = refuse(this, props.multiValued !== undefined && typeof props.multiValued !== 'boolean' ? {
      field: 'multiValued',
      problem: `expected a boolean, got ${show(props.multiValued)}`,
      fix: 'pass true or false',
    } : undefined);
    const nestedSeparator = separatorRefused ? undefined : props.nestedSeparator;
    const multiValued = multiValuedRefused ? undefined : props.multiValued;
    this.nestedSeparator = nestedSeparator ?? ':';
    this.multiValued = multiValued === true;
    this.keyStyle = this.multiValued ? SecretKeyStyle.MULTI_KEY : SecretKeyStyle.NAME_VALUE;
    if (!fileRefused) this.addMetadata('secretsFile', props.secretsFile);
    this.addMetadataIfDefined('nestedSeparator', nestedSeparator);
    this.addMetadataIfDefined('multiValued', multiValued);
  }

  /**
   * A secret name is a property of the JSON file. Without `multiValued`, daprd flattens nested objects and
   * joins the property names with `nestedSeparator`, so `{"redis": {"password": …}}` is the secret
   * `redis:password`; with it, a secret is a top-level property. Any JSON property name is possible, so the
   * name only has to be non-empty, free of control characters and, when flattened, free of empty parts.
   */
  public secretNameProblem(name: string): SecretNameProblem | undefined {
    if (name === '' || hasControlCharacter(name)) {
      return {
        problem: 'a secret name is a property of the secrets file and must be non-empty, without control characters',
        fix: this.multiValued ? "use the top-level property's name, such as \"redis\"" : `use the property's path, such as ${show(`redis${this.nestedSeparator}password`)}`,
      };
    }
    if (!this.multiValued && name.split(this.nestedSeparator).some((part) => part === '')) {
      const suggestion = name.split(this.nestedSeparator).filter((part) => part !== '').join(this.nestedSeparator);
      return {
        problem: `daprd joins nested property names with nestedSeparator ${show(this.nestedSeparator)}, so this name has an empty property name in it`,
        fix: `use the property's path, such as ${show(suggestion || `redis${this.nestedSeparator}password`)}`,
      };
    }
    return undefined;
  }
}
