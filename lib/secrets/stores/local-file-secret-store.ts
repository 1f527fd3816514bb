import { Construct } from 'constructs';
import { DaprComponentOptions } from '../../components/dapr-component';
import { fieldError, show } from '../../core/errors';
import { SecretKeyStyle } from '../secret-store';
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

  public constructor(scope: Construct, id: string, props: LocalFileSecretStoreProps) {
    super(scope, id, { ...props, type: 'secretstores.local.file', version: 'v1' });
    if (typeof props.secretsFile !== 'string' || !props.secretsFile.startsWith('/')) {
      throw fieldError(this, {
        field: 'secretsFile',
        problem: `${show(props.secretsFile)} is not an absolute path`,
        fix: "give the file's path inside the daprd container, such as '/mnt/secrets/secrets.json'",
      });
    }
    if (props.nestedSeparator !== undefined && (typeof props.nestedSeparator !== 'string' || props.nestedSeparator === '')) {
      throw fieldError(this, {
        field: 'nestedSeparator',
        problem: `expected a non-empty string, got ${show(props.nestedSeparator)}`,
        fix: "pass a separator such as ':' or leave nestedSeparator out",
      });
    }
    this.keyStyle = props.multiValued === true ? SecretKeyStyle.MULTI_KEY : SecretKeyStyle.NAME_VALUE;
    this.addMetadata('secretsFile', props.secretsFile);
    this.addMetadataIfDefined('nestedSeparator', props.nestedSeparator);
    this.addMetadataIfDefined('multiValued', props.multiValued);
  }
}
