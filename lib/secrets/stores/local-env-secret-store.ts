import { Construct } from 'constructs';
import { DaprComponentOptions } from '../../components/dapr-component';
import { fieldError, show } from '../../core/errors';
import { SecretKeyStyle } from '../secret-store';
import { SecretStoreComponent } from './secret-store-component';

/** Props of a local environment-variable secret store. */
export interface LocalEnvSecretStoreProps extends DaprComponentOptions {
  /**
   * `prefix`: daprd reads secret `X` from variable `<prefix>X` (case-sensitive on Linux).
   * @default - no prefix: any variable of the daprd container except `APP_API_TOKEN` and `DAPR_*`
   */
  readonly prefix?: string;
}

/**
 * **Development only.** A secret store reading daprd's own environment variables
 * (`secretstores.local.env`, v1). Each secret is one value under its name (`SecretKeyStyle.NAME_VALUE`).
 * The variables are set on the sidecar (`dapr.io/env` writes values in plain text, `dapr.io/env-from-secret`
 * copies them from Kubernetes Secrets), so in a cluster prefer a Kubernetes store or an external one.
 */
export class LocalEnvSecretStore extends SecretStoreComponent {
  public readonly keyStyle = SecretKeyStyle.NAME_VALUE;

  public constructor(scope: Construct, id: string, props: LocalEnvSecretStoreProps = {}) {
    super(scope, id, { ...props, type: 'secretstores.local.env', version: 'v1' });
    if (props.prefix !== undefined) {
      if (typeof props.prefix !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(props.prefix)) {
        throw fieldError(this, {
          field: 'prefix',
          problem: `${show(props.prefix)} is not the start of an environment variable name`,
          fix: "use letters, digits and \"_\", such as 'APP_SECRET_', or leave prefix out",
        });
      }
      if (props.prefix.toUpperCase().startsWith('DAPR_')) {
        throw fieldError(this, {
          field: 'prefix',
          problem: `daprd never reads variables starting with DAPR_, so prefix ${show(props.prefix)} hides every secret`,
          fix: "choose another prefix, such as 'APP_SECRET_'",
        });
      }
    }
    this.addMetadataIfDefined('prefix', props.prefix);
  }
}
