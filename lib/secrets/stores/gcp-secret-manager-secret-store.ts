import { Construct } from 'constructs';
import { DaprComponentOptions } from '../../components/dapr-component';
import { refuse, show } from '../../core/errors';
import { SecretKeyRef } from '../secret-key-ref';
import { SecretKeyStyle, SecretNameProblem } from '../secret-store';
import { requireText, suggestName } from './checks';
import { SecretStoreComponent } from './secret-store-component';

/** Props of a GCP Secret Manager secret store: the fields of a service account key file. */
export interface GcpSecretManagerSecretStoreProps extends DaprComponentOptions {
  /** `projectID`: the project that holds the secrets. */
  readonly projectID: string;
  /** `clientEmail`: the service account's e-mail. */
  readonly clientEmail: string;
  /** `clientID`: the service account's client ID. */
  readonly clientID: string;
  /** `privateKeyID`: ID of the service account key, only ever from a secret in a Kubernetes-backed store. */
  readonly privateKeyID: SecretKeyRef;
  /** `privateKey`: the key's PEM, only ever from a secret in a Kubernetes-backed store. */
  readonly privateKey: SecretKeyRef;
  /** `authURI`. @default - the Google client library's default */
  readonly authURI?: string;
  /** `tokenURI`. @default - the Google client library's default */
  readonly tokenURI?: string;
  /** `authProviderX509CertURL`. @default - none */
  readonly authProviderX509CertURL?: string;
  /** `clientX509CertURL`. @default - none */
  readonly clientX509CertURL?: string;
}

const GCP_SECRET_NAME = /^[a-zA-Z0-9_-]{1,255}$/;

/**
 * A GCP Secret Manager secret store (`secretstores.gcp.secretmanager`, v1), authenticated with a service
 * account key (`type: service_account`). Each secret is one value under its name
 * (`SecretKeyStyle.NAME_VALUE`).
 */
export class GcpSecretManagerSecretStore extends SecretStoreComponent {
  public readonly keyStyle = SecretKeyStyle.NAME_VALUE;

  public constructor(scope: Construct, id: string, props: GcpSecretManagerSecretStoreProps) {
    super(scope, id, { ...props, type: 'secretstores.gcp.secretmanager', version: 'v1' });
    this.addMetadata('type', 'service_account');
    this.addMetadataIfDefined('projectID', requireText(this, 'projectID', props.projectID, "'my-project'"));
    const email = requireText(this, 'clientEmail', props.clientEmail, "'dapr@my-project.iam.gserviceaccount.com'");
    const emailRefused = email !== undefined && refuse(this, /^[^@\s]+@[^@\s]+$/.test(email) ? undefined : {
      field: 'clientEmail',
      problem: `${show(email)} is not an e-mail address`,
      fix: "pass the service account's e-mail, such as 'dapr@my-project.iam.gserviceaccount.com'",
    });
    this.addMetadataIfDefined('clientEmail', emailRefused ? undefined : email);
    this.addMetadataIfDefined('clientID', requireText(this, 'clientID', props.clientID, "'<numeric client id>'"));
    this.addSecretMetadata('privateKeyID', props.privateKeyID);
    this.addSecretMetadata('privateKey', props.privateKey);
    this.addMetadataIfDefined('authURI', props.authURI);
    this.addMetadataIfDefined('tokenURI', props.tokenURI);
    this.addMetadataIfDefined('authProviderX509CertURL', props.authProviderX509CertURL);
    this.addMetadataIfDefined('clientX509CertURL', props.clientX509CertURL);
  }

  /**
   * daprd reads `projects/<projectID>/secrets/<name>/versions/latest`, so the name is a secret id: 1 to
   * 255 letters, digits, `-` and `_` (such as `redis_password`).
   */
  public secretNameProblem(name: string): SecretNameProblem | undefined {
    if (GCP_SECRET_NAME.test(name)) return undefined;
    return {
      problem: 'GCP Secret Manager secret ids are 1 to 255 letters, digits, "-" and "_"',
      fix: `use a name such as ${show(suggestName(name, 'a-zA-Z0-9_-', 255))}`,
    };
  }
}
