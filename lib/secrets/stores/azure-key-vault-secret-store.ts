import { Construct } from 'constructs';
import { DaprComponent, DaprComponentOptions } from '../../components/dapr-component';
import { fieldError, refuse, show } from '../../core/errors';
import { SecretKeyRef } from '../secret-key-ref';
import { SecretKeyStyle, SecretNameProblem } from '../secret-store';
import { checkEnumValue, requireText, suggestName } from './checks';
import { SecretStoreComponent } from './secret-store-component';

/** `azureEnvironment`: the Azure cloud the vault lives in. */
export enum AzureEnvironment {
  PUBLIC_CLOUD = 'AzurePublicCloud',
  CHINA_CLOUD = 'AzureChinaCloud',
  US_GOVERNMENT_CLOUD = 'AzureUSGovernmentCloud',
}

/** Managed identity authentication. */
export interface AzureKeyVaultManagedIdentityOptions {
  /** `azureClientId`: client ID of a user-assigned identity. @default - the system-assigned identity */
  readonly azureClientId?: string;
}

/** Client credentials (service principal with a client secret). */
export interface AzureKeyVaultClientCredentialsOptions {
  /** `azureTenantId`: the Microsoft Entra tenant. */
  readonly azureTenantId: string;
  /** `azureClientId`: the application (client) ID. */
  readonly azureClientId: string;
  /** `azureClientSecret`, only ever from a secret in a Kubernetes-backed store. */
  readonly azureClientSecret: SecretKeyRef;
}

/** Client certificate (service principal with a certificate). */
export interface AzureKeyVaultClientCertificateOptions {
  /** `azureTenantId`: the Microsoft Entra tenant. */
  readonly azureTenantId: string;
  /** `azureClientId`: the application (client) ID. */
  readonly azureClientId: string;
  /**
   * `azureCertificate`: the PKCS#12 or PEM certificate with its private key, only ever from a secret in a
   * Kubernetes-backed store. Give this or `azureCertificateFile`.
   * @default - none
   */
  readonly azureCertificate?: SecretKeyRef;
  /** `azureCertificateFile`: path of the certificate file in the daprd container. Give this or `azureCertificate`. @default - none */
  readonly azureCertificateFile?: string;
  /** `azureCertificatePassword`: password of a PKCS#12 certificate, only ever from a secret. @default - the certificate has no password */
  readonly azureCertificatePassword?: SecretKeyRef;
}

/** How the store authenticates to Microsoft Entra ID. */
export class AzureKeyVaultSecretStoreAuth {
  /** Managed identity (the pod's or the node's identity): no credential in any manifest. */
  public static managedIdentity(options: AzureKeyVaultManagedIdentityOptions = {}): AzureKeyVaultSecretStoreAuth {
    return new AzureKeyVaultSecretStoreAuth('managed-identity', (c) => {
      if (options.azureClientId !== undefined) c.addMetadataIfDefined('azureClientId', requireText(c, 'auth.azureClientId', options.azureClientId, "'<client id of the identity>'"));
    });
  }

  /** Client credentials: tenant, client ID and a client secret from a Kubernetes-backed store. */
  public static clientCredentials(options: AzureKeyVaultClientCredentialsOptions): AzureKeyVaultSecretStoreAuth {
    return new AzureKeyVaultSecretStoreAuth('client-credentials', (c) => {
      addServicePrincipal(c, options);
      c.addSecretMetadata('azureClientSecret', options.azureClientSecret);
    });
  }

  /** Client certificate: tenant, client ID and a certificate from a Kubernetes-backed store (or a file in daprd). */
  public static clientCertificate(options: AzureKeyVaultClientCertificateOptions): AzureKeyVaultSecretStoreAuth {
    return new AzureKeyVaultSecretStoreAuth('client-certificate', (c) => {
      addServicePrincipal(c, options);
      const refused = refuse(c, (options.azureCertificate === undefined) === (options.azureCertificateFile === undefined) ? {
        field: 'auth.azureCertificate',
        problem: `client certificate authentication needs exactly one of azureCertificate and azureCertificateFile, got ${options.azureCertificate === undefined ? 'neither' : 'both'}`,
        fix: "pass azureCertificate: secret.keyRef('certificate') or azureCertificateFile: '/path/in/daprd/cert.pfx'",
      } : undefined);
      if (!refused) {
        c.addSecretMetadataIfDefined('azureCertificate', options.azureCertificate);
        c.addMetadataIfDefined('azureCertificateFile', options.azureCertificateFile);
      }
      c.addSecretMetadataIfDefined('azureCertificatePassword', options.azureCertificatePassword);
    });
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

function addServicePrincipal(c: DaprComponent, o: { azureTenantId: string; azureClientId: string }): void {
  c.addMetadataIfDefined('azureTenantId', requireText(c, 'auth.azureTenantId', o.azureTenantId, "'<tenant id>'"));
  c.addMetadataIfDefined('azureClientId', requireText(c, 'auth.azureClientId', o.azureClientId, "'<application (client) id>'"));
}

/** Props of an Azure Key Vault secret store. */
export interface AzureKeyVaultSecretStoreProps extends DaprComponentOptions {
  /** `vaultName`: the vault's name (not its URL), such as `task-api-kv`. */
  readonly vaultName: string;
  /** How daprd authenticates. @default AzureKeyVaultSecretStoreAuth.managedIdentity() */
  readonly auth?: AzureKeyVaultSecretStoreAuth;
  /** `azureEnvironment`. @default AzureEnvironment.PUBLIC_CLOUD (daprd's default) */
  readonly azureEnvironment?: AzureEnvironment;
}

const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const KEY_VAULT_SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/**
 * An Azure Key Vault secret store (`secretstores.azure.keyvault`, v1). Key Vault maps one value to each
 * secret name (`SecretKeyStyle.NAME_VALUE`): a secret declared in it has exactly one key, its name, so every
 * `secretKeyRef` through it is `{ name: X, key: X }`.
 */
export class AzureKeyVaultSecretStore extends SecretStoreComponent {
  public readonly keyStyle = SecretKeyStyle.NAME_VALUE;
  /** The authentication method (`managed-identity`, `client-credentials` or `client-certificate`). */
  public readonly authMethod: string;

  public constructor(scope: Construct, id: string, props: AzureKeyVaultSecretStoreProps) {
    super(scope, id, { ...props, type: 'secretstores.azure.keyvault', version: 'v1' });
    const vaultNameRefused = refuse(this, typeof props.vaultName !== 'string' || !VAULT_NAME.test(props.vaultName) ? {
      field: 'vaultName',
      problem: `${show(props.vaultName)} is not a Key Vault name (3 to 24 letters, digits and "-", starting with a letter, no "--")`,
      fix: typeof props.vaultName === 'string' && props.vaultName.includes('.')
        ? 'give the bare vault name, not its URL, and choose the cloud with azureEnvironment'
        : "give the vault's name, such as 'task-api-kv'",
    } : undefined);
    const azureEnvironment = checkEnumValue(this, 'azureEnvironment', props.azureEnvironment, Object.values(AzureEnvironment));
    const auth = props.auth ?? AzureKeyVaultSecretStoreAuth.managedIdentity();
    // `auth` is bound below.
    if (!(auth instanceof AzureKeyVaultSecretStoreAuth)) {
      throw fieldError(this, {
        field: 'auth',
        problem: `expected an AzureKeyVaultSecretStoreAuth, got ${show(auth)}`,
        fix: 'pass AzureKeyVaultSecretStoreAuth.managedIdentity(), .clientCredentials(...) or .clientCertificate(...)',
      });
    }
    this.authMethod = auth.method;
    if (!vaultNameRefused) this.addMetadata('vaultName', props.vaultName);
    this.addMetadataIfDefined('azureEnvironment', azureEnvironment);
    auth._bind(this);
  }

  /** Key Vault secret names are 1 to 127 letters, digits and `-` (such as `redis-password`). */
  public secretNameProblem(name: string): SecretNameProblem | undefined {
    if (KEY_VAULT_SECRET_NAME.test(name)) return undefined;
    return {
      problem: 'Azure Key Vault secret names are 1 to 127 letters, digits and "-"',
      fix: `use a name such as ${show(suggestName(name, '0-9a-zA-Z-', 127))}`,
    };
  }
}
