import { Construct } from 'constructs';
import { DaprComponent, DaprComponentOptions } from '../../components/dapr-component';
import { fieldError, refuse, show } from '../../core/errors';
import { SecretKeyRef } from '../secret-key-ref';
import { SecretKeyStyle, SecretNameProblem } from '../secret-store';
import { suggestName } from './checks';
import { SecretStoreComponent } from './secret-store-component';

/** The `spec.type` daprd registers (the catalog's `secretstores.aws.secretsmanager` is refused by daprd). */
export const AWS_SECRETS_MANAGER_TYPE = 'secretstores.aws.secretmanager';

const MULTIPLE_KEY_VALUES = 'multipleKeyValuesPerSecret';
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
/** Characters of a Secrets Manager secret name (CreateSecret `Name`), as a character class. */
const NAME_CHARS = 'A-Za-z0-9/_+=.@-';
const SECRET_NAME = new RegExp(`^[${NAME_CHARS}]{1,512}$`);
/** The ARN of a secret, which GetSecretValue also takes as `SecretId` (for a secret of another account). */
const SECRET_ARN = new RegExp(`^arn:aws(-[a-z]+)*:secretsmanager:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:secret:[${NAME_CHARS}]{1,512}$`);

/** Static access keys of an IAM user. */
export interface AwsSecretsManagerAccessKeysOptions {
  /** `accessKey`: the access key ID, only ever from a secret in a Kubernetes-backed store. */
  readonly accessKey: SecretKeyRef;
  /** `secretKey`: the secret access key, only ever from a secret in a Kubernetes-backed store. */
  readonly secretKey: SecretKeyRef;
  /** `sessionToken`: for temporary credentials, only ever from a secret. @default - no session token */
  readonly sessionToken?: SecretKeyRef;
}

/** How the store authenticates to AWS. */
export class AwsSecretsManagerSecretStoreAuth {
  /** Static access keys from a Kubernetes-backed store. Prefer `environment()` where the cluster supports it. */
  public static accessKeys(options: AwsSecretsManagerAccessKeysOptions): AwsSecretsManagerSecretStoreAuth {
    return new AwsSecretsManagerSecretStoreAuth('access-keys', (c) => {
      c.addSecretMetadata('accessKey', options.accessKey);
      c.addSecretMetadata('secretKey', options.secretKey);
      c.addSecretMetadataIfDefined('sessionToken', options.sessionToken);
    });
  }

  /**
   * The AWS SDK's default credential chain in the daprd container: an IAM role for the pod's
   * ServiceAccount (IRSA, EKS Pod Identity), the node's instance profile, or `AWS_*` variables. No
   * credential appears in any manifest.
   */
  public static environment(): AwsSecretsManagerSecretStoreAuth {
    return new AwsSecretsManagerSecretStoreAuth('environment', () => undefined);
  }

  private constructor(
    /** The authentication method, for messages and tests. */
    public readonly method: string,
    private readonly apply: (c: DaprComponent) => void,
  ) {}

  /** Writes the auth fields into the component. @internal */
  public _bind(c: DaprComponent): void {
    this.apply(c);
  }
}

/** Props of an AWS Secrets Manager secret store. */
export interface AwsSecretsManagerSecretStoreProps extends DaprComponentOptions {
  /** `region`, such as `eu-west-1`. */
  readonly region: string;
  /** `endpoint`: a custom endpoint, such as LocalStack's. @default - the AWS SDK's endpoint for the region */
  readonly endpoint?: string;
  /**
   * `multipleKeyValuesPerSecret`: read a secret whose value is a JSON object as one key per property
   * (`SecretKeyStyle.MULTI_KEY`); otherwise each secret is one value under its name (`NAME_VALUE`).
   * @default false
   */
  readonly multipleKeyValuesPerSecret?: boolean;
  /** How daprd authenticates. @default AwsSecretsManagerSecretStoreAuth.environment() */
  readonly auth?: AwsSecretsManagerSecretStoreAuth;
}

/**
 * An AWS Secrets Manager secret store (`spec.type: secretstores.aws.secretmanager`, v1: the spelling daprd
 * registers). With `multipleKeyValuesPerSecret` a secret is a map of keys; without it, one value under its
 * name.
 */
export class AwsSecretsManagerSecretStore extends SecretStoreComponent {
  public readonly keyStyle: SecretKeyStyle;
  /** The authentication method (`access-keys` or `environment`). */
  public readonly authMethod: string;
  private readonly multipleKeyValues?: boolean;

  public constructor(scope: Construct, id: string, props: AwsSecretsManagerSecretStoreProps) {
    super(scope, id, { ...props, type: AWS_SECRETS_MANAGER_TYPE, version: 'v1' });
    const regionRefused = refuse(this, typeof props.region !== 'string' || !REGION.test(props.region) ? {
      field: 'region',
      problem: `${show(props.region)} is not an AWS region`,
      fix: "pass the region code, such as 'eu-west-1'",
    } : undefined);
    const endpointRefused = refuse(this, props.endpoint !== undefined && !(typeof props.endpoint === 'string' && /^https?:\/\/\S+$/.test(props.endpoint)) ? {
      field: 'endpoint',
      problem: `${show(props.endpoint)} is not an http(s) URL`,
      fix: "pass a URL such as 'http://localstack.localstack.svc:4566', or leave endpoint out",
    } : undefined);
    const multipleRefused = refuse(this, props.multipleKeyValuesPerSecret !== undefined && typeof props.multipleKeyValuesPerSecret !== 'boolean' ? {
      field: MULTIPLE_KEY_VALUES,
      problem: `expected a boolean, got ${show(props.multipleKeyValuesPerSecret)}`,
      fix: 'pass true or false',
    } : undefined);
    const auth = props.auth ?? AwsSecretsManagerSecretStoreAuth.environment();
    // `auth` is bound below.
    if (!(auth instanceof AwsSecretsManagerSecretStoreAuth)) {
      throw fieldError(this, {
        field: 'auth',
        problem: `expected an AwsSecretsManagerSecretStoreAuth, got ${show(auth)}`,
        fix: 'pass AwsSecretsManagerSecretStoreAuth.environment() or AwsSecretsManagerSecretStoreAuth.accessKeys(...)',
      });
    }
    this.authMethod = auth.method;
    this.multipleKeyValues = multipleRefused ? undefined : props.multipleKeyValuesPerSecret;
    this.keyStyle = this.multipleKeyValues === true ? SecretKeyStyle.MULTI_KEY : SecretKeyStyle.NAME_VALUE;

    if (!regionRefused) this.addMetadata('region', props.region);
    this.addMetadataIfDefined('endpoint', endpointRefused ? undefined : props.endpoint);
    auth._bind(this);
    this.addMetadataIfDefined(MULTIPLE_KEY_VALUES, this.multipleKeyValues);
  }

  /**
   * daprd passes the name to GetSecretValue as `SecretId`: a secret name of 1 to 512 letters, digits and
   * `/_+=.@-` (such as `prod/task-api/redis`), or the secret's full ARN.
   */
  public secretNameProblem(name: string): SecretNameProblem | undefined {
    if (SECRET_NAME.test(name) || SECRET_ARN.test(name)) return undefined;
    const arn = name.startsWith('arn:');
    return {
      problem: arn
        ? 'it is not the ARN of a Secrets Manager secret (arn:<partition>:secretsmanager:<region>:<12-digit account>:secret:<name>)'
        : 'AWS Secrets Manager names are 1 to 512 letters, digits and "/", "_", "+", "=", ".", "@", "-" (or the secret\'s ARN)',
      fix: arn ? "give the secret's ARN as the console shows it, or its name" : `use a name such as ${show(suggestName(name, NAME_CHARS, 512))}`,
    };
  }
}
