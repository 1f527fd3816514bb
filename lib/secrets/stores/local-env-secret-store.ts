import { Construct } from 'constructs';
import { DaprComponentOptions } from '../../components/dapr-component';
import { refuse, show } from '../../core/errors';
import { envVarName } from '../../core/names';
import { SecretKeyStyle, SecretNameProblem } from '../secret-store';
import { SecretStoreComponent } from './secret-store-component';

/** An environment variable name as Kubernetes and `dapr.io/env` take it. */
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

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
  /** The `prefix` daprd puts in front of every secret name, or '' for none. */
  public readonly prefix: string;

  public constructor(scope: Construct, id: string, props: LocalEnvSecretStoreProps = {}) {
    super(scope, id, { ...props, type: 'secretstores.local.env', version: 'v1' });
    const prefix = props.prefix;
    const refused = prefix !== undefined && refuse(this, typeof prefix !== 'string' || !ENV_VAR.test(prefix) ? {
      field: 'prefix',
      problem: `${show(prefix)} is not the start of an environment variable name`,
      fix: "use letters, digits and \"_\", such as 'APP_SECRET_', or leave prefix out",
    } : prefix.toUpperCase().startsWith('DAPR_') ? {
      field: 'prefix',
      problem: `daprd never reads variables starting with DAPR_, so prefix ${show(prefix)} hides every secret`,
      fix: "choose another prefix, such as 'APP_SECRET_'",
    } : undefined);
    this.prefix = refused ? '' : prefix ?? '';
    this.addMetadataIfDefined('prefix', refused ? undefined : prefix);
  }

  /** The environment variable of daprd that holds the secret `name`: `<prefix><name>`. */
  public variableFor(name: string): string {
    return this.prefix + name;
  }

  /**
   * daprd reads secret `X` from the variable `<prefix>X` (`REDIS_PASSWORD`, or `APP_SECRET_REDIS_PASSWORD`
   * with prefix `APP_SECRET_`), so that must be an environment variable name the sidecar can have
   * (letters, digits, `_`, `.` and `-`, not starting with a digit, as `dapr.io/env` and Kubernetes take
   * it), and daprd refuses `APP_API_TOKEN` and every variable starting with `DAPR_`.
   */
  public secretNameProblem(name: string): SecretNameProblem | undefined {
    const variable = this.variableFor(name);
    const derived = envVarName(name);
    const suggestion = (this.prefix === '' ? derived : derived.replace(/^_+/, '')) || 'REDIS_PASSWORD';
    if (name === '' || !ENV_VAR.test(variable)) {
      return {
        problem: `daprd reads it from the environment variable ${show(variable)}, which is not a variable name (letters, digits, "_", "." and "-", not starting with a digit)`,
        fix: `use a name such as ${show(suggestion)}`,
      };
    }
    const upper = variable.toUpperCase();
    if (upper === 'APP_API_TOKEN' || upper.startsWith('DAPR_')) {
      return {
        problem: `daprd never reads the variable ${show(variable)}: it refuses APP_API_TOKEN and every variable starting with DAPR_`,
        fix: `choose another name, such as ${show(`APP_SECRET_${upper.replace(/^DAPR_/, '')}`)}`,
      };
    }
    return undefined;
  }
}
