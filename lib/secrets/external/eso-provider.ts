import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fieldError, refuse, show } from '../../core/errors';
import { resolveNamespace } from '../../core/scope';
import { DeclaredSecret } from '../declared-secret';
import { SecretKeyRef } from '../secret-key-ref';

/**
 * Where a provider is rendered: the store construct (for error paths) and its namespace, or undefined for a
 * ClusterSecretStore. @internal
 */
export interface EsoRenderContext {
  readonly store: IConstruct;
  readonly namespace: string | undefined;
}

/** What a provider renders to, and the credential references it holds. @internal */
export interface EsoRendered {
  /** The provider body, under `spec.provider.<providerName>`. */
  readonly body: Record<string, unknown>;
  /** Every credential reference in the body. */
  readonly credentials: SecretKeyRef[];
  /** Where each credential reference sits, such as `spec.provider.vault.auth.tokenSecretRef`, in the same order. */
  readonly fields: string[];
}

/** Collects credential references while a provider renders. */
class RefCollector {
  public readonly credentials: SecretKeyRef[] = [];
  public readonly fields: string[] = [];

  public constructor(private readonly ctx: EsoRenderContext, private readonly provider: string) {}

  /**
   * `{name, key, namespace?}` of a Kubernetes Secret key, from a declared secret's reference only. A
   * SecretStore's references stay in its namespace; a ClusterSecretStore's carry the secret's namespace.
   */
  public secretRef(field: string, ref: SecretKeyRef): { name: string; key: string; namespace?: string } | undefined {
    const path = `spec.provider.${this.provider}.${field}`;
    const problem = (p: string, fix: string): undefined => {
      refuse(this.ctx.store, { field: path, problem: p, fix });
      return undefined;
    };
    if (!SecretKeyRef.isSecretKeyRef(ref)) {
      return problem(`expected a secret reference, got ${describeNonReference(ref)}`,
        "declare the credential with new DeclaredSecret(...), deliver it as a Kubernetes Secret (such as SecretDelivery.outOfBand()) and pass secret.keyRef('<key>')");
    }
    const secret = ref.secret;
    if (!DeclaredSecret.isDeclaredSecret(secret)) {
      return problem('the secret reference does not come from a declared secret', "get references from secret.keyRef('<key>') of a DeclaredSecret");
    }
    if (secret.node.root !== this.ctx.store.node.root) {
      return problem(`secret ${show(secret.secretName)} (${secret.node.path}) belongs to another app, so nothing in this app delivers it`,
        'declare the credential secret in the same app as the store');
    }
    if (!secret.store.kubernetesBacked || !secret.delivery.createsKubernetesSecret) {
      return problem(`secret ${show(secret.secretName)} is not delivered as a Kubernetes Secret (store ${show(secret.store.storeName)}, delivery ${show(secret.delivery.kind)}), but ESO reads provider credentials from Kubernetes Secrets`,
        'declare the credential in a Kubernetes secret store and deliver it with SecretDelivery.outOfBand() or a sealed delivery');
    }
    if (this.ctx.namespace !== undefined && secret.namespace !== this.ctx.namespace) {
      return problem(`secret ${show(secret.secretName)} is in namespace ${show(secret.namespace)}, but a SecretStore only reads Secrets of its own namespace ${show(this.ctx.namespace)}`,
        `declare the credential secret in namespace ${show(this.ctx.namespace)}, or use a ClusterExternalSecretStore`);
    }
    this.credentials.push(ref);
    this.fields.push(path);
    const out = { name: secret.secretName, key: ref.key };
    return this.ctx.namespace === undefined ? { ...out, namespace: secret.namespace } : out;
  }

  /** `{name, namespace?}` of a ServiceAccount, from a cdk8s-plus ServiceAccount or an imported one. */
  public serviceAccountRef(field: string, sa: kplus.IServiceAccount): { name: string; namespace?: string } | undefined {
    const path = `spec.provider.${this.provider}.${field}`;
    if (typeof sa !== 'object' || sa === null || typeof sa.name !== 'string' || typeof (sa as any).toSubjectConfiguration !== 'function') {
      refuse(this.ctx.store, {
        field: path,
        problem: `expected a ServiceAccount, got ${show(sa)}`,
        fix: "pass a cdk8s-plus ServiceAccount, or kplus.ServiceAccount.fromServiceAccountName(scope, 'id', 'name', { namespaceName: 'ns' })",
      });
      return undefined;
    }
    const namespace = sa.toSubjectConfiguration().namespace ?? resolveNamespace(sa);
    if (refuse(this.ctx.store, this.ctx.namespace !== undefined && namespace !== this.ctx.namespace ? {
      field: path,
      problem: `ServiceAccount ${show(sa.name)} is in namespace ${show(namespace)}, but a SecretStore only uses ServiceAccounts of its own namespace ${show(this.ctx.namespace)}`,
      fix: `use a ServiceAccount of namespace ${show(this.ctx.namespace)}, or a ClusterExternalSecretStore`,
    } : undefined)) return undefined;
    return this.ctx.namespace === undefined ? { name: sa.name, namespace } : { name: sa.name };
  }

  /** Refuses `spec.provider.<provider>.<field>` of the store (see `refuse`); true when `problem` was given. */
  public refuse(field: string, problem: string | undefined, fix: string): boolean {
    return refuse(this.ctx.store, problem === undefined ? undefined : { field: `spec.provider.${this.provider}.${field}`, problem, fix });
  }

  /** A required plain (non-secret) string setting, or undefined when refused. */
  public requiredString(field: string, value: unknown, example: string): string | undefined {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.refuse(field, `expected a non-empty string, got ${show(value)}`, `pass ${field}: ${show(example)}`);
    return undefined;
  }

  /** An optional plain string setting, or undefined when refused. */
  public optionalString(field: string, value: unknown): string | undefined {
    if (value === undefined || (typeof value === 'string' && value.trim() !== '')) return value;
    this.refuse(field, `expected a non-empty string, got ${show(value)}`, `leave ${field} out or pass a non-empty string`);
    return undefined;
  }

  /** An https or http URL without credentials in it (a URL with user info is refused without echoing it), or undefined when refused. */
  public url(field: string, value: unknown, example: string): string | undefined {
    const text = this.requiredString(field, value, example);
    if (text === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(text);
    } catch {
      parsed = undefined;
    }
    if (parsed && (parsed.username !== '' || parsed.password !== '')) {
      this.refuse(field, 'the URL carries user info, which may be a credential (the URL is not shown)',
        `give the URL without user info, such as ${show(example)}, and authenticate with the provider's auth option`);
      return undefined;
    }
    if (this.refuse(field, !parsed || !['https:', 'http:'].includes(parsed.protocol) ? `${show(text)} is not an http(s) URL` : undefined, `pass a URL such as ${show(example)}`)) return undefined;
    return text;
  }

  /** Fails when `auth` is not an instance of the provider's auth class. */
  public checkAuth(auth: unknown, cls: Function, factories: string): void {
    if (!(auth instanceof cls)) {
      throw fieldError(this.ctx.store, {
        field: `spec.provider.${this.provider}.auth`,
        problem: `expected ${cls.name}, got ${describeNonReference(auth)}`,
        fix: `pass ${factories}`,
      });
    }
  }
}

/** Names the type of something that should have been a reference, never its value (it may be a credential). */
function describeNonReference(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (x === null) return 'null';
  if (typeof x === 'string') return 'a string (not shown: it may be a credential)';
  if (typeof x === 'object') return `an object (${Object.prototype.toString.call(x)})`;
  return `a ${typeof x} (not shown: it may be a credential)`;
}

type AuthRenderer = (c: RefCollector) => Record<string, unknown> | undefined;

// ---------------------------------------------------------------- HashiCorp Vault

/** `version`: the KV secrets engine version Vault serves at `path`. */
export enum VaultKvVersion {
  V1 = 'v1',
  V2 = 'v2',
}

/** Options of Vault's Kubernetes auth method. */
export interface VaultKubernetesAuthOptions {
  /** `role`: the Vault role bound to the ServiceAccount. */
  readonly role: string;
  /** `mountPath`: where the Kubernetes auth method is mounted. @default 'kubernetes' */
  readonly mountPath?: string;
  /**
   * `serviceAccountRef`: the ServiceAccount whose token ESO presents to Vault.
   * @default - the ESO controller's own ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/** Options of Vault's AppRole auth method. */
export interface VaultAppRoleAuthOptions {
  /** `roleId`: the AppRole's role ID (an identifier, not a secret). */
  readonly roleId: string;
  /** `secretRef`: the AppRole's secret ID, only ever from a declared secret. */
  readonly secretRef: SecretKeyRef;
  /** `path`: where the AppRole auth method is mounted. @default 'approle' */
  readonly path?: string;
}

/** How ESO authenticates to Vault (`spec.provider.vault.auth`). */
export class VaultAuth {
  /** `tokenSecretRef`: a Vault token read from a declared secret. */
  public static token(tokenSecretRef: SecretKeyRef): VaultAuth {
    return new VaultAuth('token', (c) => ({ tokenSecretRef: c.secretRef('auth.tokenSecretRef', tokenSecretRef) }));
  }

  /** `kubernetes`: Vault's Kubernetes auth with a ServiceAccount token; no stored secret. */
  public static kubernetes(options: VaultKubernetesAuthOptions): VaultAuth {
    return new VaultAuth('kubernetes', (c) => ({
      kubernetes: {
        mountPath: c.optionalString('auth.kubernetes.mountPath', options.mountPath) ?? 'kubernetes',
        role: c.requiredString('auth.kubernetes.role', options.role, 'external-secrets'),
        serviceAccountRef: options.serviceAccount === undefined ? undefined : c.serviceAccountRef('auth.kubernetes.serviceAccountRef', options.serviceAccount),
      },
    }));
  }

  /** `appRole`: role ID plus a secret ID read from a declared secret. */
  public static appRole(options: VaultAppRoleAuthOptions): VaultAuth {
    return new VaultAuth('appRole', (c) => ({
      appRole: {
        path: c.optionalString('auth.appRole.path', options.path) ?? 'approle',
        roleId: c.requiredString('auth.appRole.roleId', options.roleId, 'external-secrets-role-id'),
        secretRef: c.secretRef('auth.appRole.secretRef', options.secretRef),
      },
    }));
  }

  private constructor(
    /** The auth method, such as `token`. */
    public readonly method: string,
    /** @internal */
    public readonly _render: AuthRenderer,
  ) {}
}

/** Options of the Vault provider. */
export interface VaultProviderOptions {
  /** `server`: Vault's address, such as `https://vault.vault.svc:8200`. */
  readonly server: string;
  /** How ESO authenticates to Vault. */
  readonly auth: VaultAuth;
  /** `path`: mount path of the KV engine. @default - none; remote keys start with the mount path */
  readonly path?: string;
  /** `version`: KV engine version. @default VaultKvVersion.V2 */
  readonly version?: VaultKvVersion;
  /** `namespace`: the Vault Enterprise namespace (not a Kubernetes namespace). @default - Vault's root namespace */
  readonly namespace?: string;
  /** `caBundle`: base64 of the PEM CA bundle that signed Vault's certificate (public). @default - the system roots */
  readonly caBundle?: string;
}

// ---------------------------------------------------------------- AWS

/** Options of AWS access keys read from declared secrets. */
export interface AwsSecretRefAuthOptions {
  /** `accessKeyIDSecretRef`. */
  readonly accessKeyIdSecretRef: SecretKeyRef;
  /** `secretAccessKeySecretRef`. */
  readonly secretAccessKeySecretRef: SecretKeyRef;
  /** `sessionTokenSecretRef`, for temporary credentials. @default - none */
  readonly sessionTokenSecretRef?: SecretKeyRef;
}

/** How ESO authenticates to AWS (`spec.provider.aws.auth`). */
export class AwsAuth {
  /** `secretRef`: static access keys read from declared secrets. */
  public static secretRef(options: AwsSecretRefAuthOptions): AwsAuth {
    return new AwsAuth('secretRef', (c) => ({
      secretRef: {
        accessKeyIDSecretRef: c.secretRef('auth.secretRef.accessKeyIDSecretRef', options.accessKeyIdSecretRef),
        secretAccessKeySecretRef: c.secretRef('auth.secretRef.secretAccessKeySecretRef', options.secretAccessKeySecretRef),
        sessionTokenSecretRef: options.sessionTokenSecretRef === undefined
          ? undefined
          : c.secretRef('auth.secretRef.sessionTokenSecretRef', options.sessionTokenSecretRef),
      },
    }));
  }

  /** `jwt`: IRSA, with the token of a ServiceAccount annotated with an IAM role; no stored secret. */
  public static jwt(serviceAccount: kplus.IServiceAccount): AwsAuth {
    return new AwsAuth('jwt', (c) => ({ jwt: { serviceAccountRef: c.serviceAccountRef('auth.jwt.serviceAccountRef', serviceAccount) } }));
  }

  /** No `auth`: the ESO controller's own identity (IRSA or EKS Pod Identity on its ServiceAccount); no stored secret. */
  public static controllerIdentity(): AwsAuth {
    return new AwsAuth('controllerIdentity', () => undefined);
  }

  private constructor(
    /** The auth method, such as `jwt`. */
    public readonly method: string,
    /** @internal */
    public readonly _render: AuthRenderer,
  ) {}
}

/** Options of the AWS providers. */
export interface AwsProviderOptions {
  /** `region`, such as `eu-central-1`. */
  readonly region: string;
  /** How ESO authenticates to AWS. */
  readonly auth: AwsAuth;
  /** `role`: ARN of an IAM role to assume after authenticating. @default - none */
  readonly role?: string;
}

// ---------------------------------------------------------------- Azure Key Vault

/** Options of a service principal whose client ID and secret come from declared secrets. */
export interface AzureServicePrincipalAuthOptions {
  /** `authSecretRef.clientId`. */
  readonly clientId: SecretKeyRef;
  /** `authSecretRef.clientSecret`. */
  readonly clientSecret: SecretKeyRef;
}

/** Options of a managed identity. */
export interface AzureManagedIdentityAuthOptions {
  /** `identityId`: the client ID or resource ID of a user-assigned identity. @default - the node's system-assigned identity */
  readonly identityId?: string;
}

/** Options of Azure workload identity. */
export interface AzureWorkloadIdentityAuthOptions {
  /**
   * `serviceAccountRef`: the ServiceAccount federated with the Azure identity.
   * @default - the ESO controller's own ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/** How ESO authenticates to Azure Key Vault (`authType` and its fields). */
export class AzureKeyVaultAuth {
  /** `authType: ServicePrincipal` with `authSecretRef` read from declared secrets; needs `tenantId`. */
  public static servicePrincipal(options: AzureServicePrincipalAuthOptions): AzureKeyVaultAuth {
    return new AzureKeyVaultAuth('ServicePrincipal', (c) => ({
      authType: 'ServicePrincipal',
      authSecretRef: {
        clientId: c.secretRef('authSecretRef.clientId', options.clientId),
        clientSecret: c.secretRef('authSecretRef.clientSecret', options.clientSecret),
      },
    }));
  }

  /** `authType: ManagedIdentity`: the node's Azure identity; no stored secret. */
  public static managedIdentity(options: AzureManagedIdentityAuthOptions = {}): AzureKeyVaultAuth {
    return new AzureKeyVaultAuth('ManagedIdentity', (c) => ({
      authType: 'ManagedIdentity',
      identityId: c.optionalString('identityId', options.identityId),
    }));
  }

  /** `authType: WorkloadIdentity`: a federated ServiceAccount token; no stored secret. */
  public static workloadIdentity(options: AzureWorkloadIdentityAuthOptions = {}): AzureKeyVaultAuth {
    return new AzureKeyVaultAuth('WorkloadIdentity', (c) => ({
      authType: 'WorkloadIdentity',
      serviceAccountRef: options.serviceAccount === undefined ? undefined : c.serviceAccountRef('serviceAccountRef', options.serviceAccount),
    }));
  }

  private constructor(
    /** The `authType`. */
    public readonly authType: string,
    /** @internal */
    public readonly _render: AuthRenderer,
  ) {}
}

/** Options of the Azure Key Vault provider. */
export interface AzureKeyVaultProviderOptions {
  /** `vaultUrl`, such as `https://shop-kv.vault.azure.net`. */
  readonly vaultUrl: string;
  /** How ESO authenticates to Azure. */
  readonly auth: AzureKeyVaultAuth;
  /** `tenantId`: the Entra ID tenant. Required for a service principal. @default - none (from the identity) */
  readonly tenantId?: string;
}

// ---------------------------------------------------------------- GCP Secret Manager

/** Options of GKE workload identity. */
export interface GcpWorkloadIdentityAuthOptions {
  /** `clusterLocation`: region or zone of the GKE cluster. */
  readonly clusterLocation: string;
  /** `clusterName`. */
  readonly clusterName: string;
  /** `serviceAccountRef`: the ServiceAccount bound to the Google service account. */
  readonly serviceAccount: kplus.IServiceAccount;
  /** `clusterProjectID`: project of the cluster. @default - the provider's project */
  readonly clusterProjectId?: string;
}

/** How ESO authenticates to GCP Secret Manager (`spec.provider.gcpsm.auth`). */
export class GcpSecretManagerAuth {
  /** `secretRef`: a service account key (JSON) read from a declared secret. */
  public static secretRef(secretAccessKeySecretRef: SecretKeyRef): GcpSecretManagerAuth {
    return new GcpSecretManagerAuth('secretRef', (c) => ({
      secretRef: { secretAccessKeySecretRef: c.secretRef('auth.secretRef.secretAccessKeySecretRef', secretAccessKeySecretRef) },
    }));
  }

  /** `workloadIdentity`: GKE workload identity through a ServiceAccount; no stored secret. */
  public static workloadIdentity(options: GcpWorkloadIdentityAuthOptions): GcpSecretManagerAuth {
    return new GcpSecretManagerAuth('workloadIdentity', (c) => ({
      workloadIdentity: {
        clusterLocation: c.requiredString('auth.workloadIdentity.clusterLocation', options.clusterLocation, 'europe-west1'),
        clusterName: c.requiredString('auth.workloadIdentity.clusterName', options.clusterName, 'shop-cluster'),
        clusterProjectID: c.optionalString('auth.workloadIdentity.clusterProjectID', options.clusterProjectId),
        serviceAccountRef: c.serviceAccountRef('auth.workloadIdentity.serviceAccountRef', options.serviceAccount),
      },
    }));
  }

  /** No `auth`: the ESO controller's own identity (workload identity on its ServiceAccount); no stored secret. */
  public static controllerIdentity(): GcpSecretManagerAuth {
    return new GcpSecretManagerAuth('controllerIdentity', () => undefined);
  }

  private constructor(
    /** The auth method, such as `workloadIdentity`. */
    public readonly method: string,
    /** @internal */
    public readonly _render: AuthRenderer,
  ) {}
}

/** Options of the GCP Secret Manager provider. */
export interface GcpSecretManagerProviderOptions {
  /** `projectID`: the project that holds the secrets. */
  readonly projectId: string;
  /** How ESO authenticates to Google Cloud. */
  readonly auth: GcpSecretManagerAuth;
}

// ---------------------------------------------------------------- the provider

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The backend an ESO store reads from (`spec.provider`). The provider's own credentials are only ever
 * references to declared secrets (delivered some other way, such as out-of-band) or a workload identity
 * that needs no secret.
 */
export class EsoProvider {
  /** HashiCorp Vault's KV engine (`vault`). */
  public static vault(options: VaultProviderOptions): EsoProvider {
    return new EsoProvider('vault', (c) => {
      c.checkAuth(options.auth, VaultAuth, 'VaultAuth.token(secret.keyRef(...)), VaultAuth.kubernetes({...}) or VaultAuth.appRole({...})');
      const caBundle = c.optionalString('caBundle', options.caBundle);
      const caRefused = c.refuse('caBundle', caBundle !== undefined && !BASE64.test(caBundle) ? 'expected the base64 of a PEM bundle (the value is not standard base64)' : undefined,
        "pass Buffer.from(pem).toString('base64')");
      const given = options.version ?? VaultKvVersion.V2;
      const version = c.refuse('version', Object.values(VaultKvVersion).includes(given) ? undefined : `${show(given)} is not a KV version`,
        'pass VaultKvVersion.V1 or VaultKvVersion.V2') ? VaultKvVersion.V2 : given;
      return {
        server: c.url('server', options.server, 'https://vault.vault.svc:8200'),
        path: c.optionalString('path', options.path),
        version,
        namespace: c.optionalString('namespace', options.namespace),
        caBundle: caRefused ? undefined : caBundle,
        auth: options.auth._render(c),
      };
    });
  }

  /** AWS Secrets Manager (`aws`, `service: SecretsManager`). */
  public static awsSecretsManager(options: AwsProviderOptions): EsoProvider {
    return EsoProvider.aws('SecretsManager', options);
  }

  /** AWS Systems Manager Parameter Store (`aws`, `service: ParameterStore`). */
  public static awsParameterStore(options: AwsProviderOptions): EsoProvider {
    return EsoProvider.aws('ParameterStore', options);
  }

  /** Azure Key Vault (`azurekv`). */
  public static azureKeyVault(options: AzureKeyVaultProviderOptions): EsoProvider {
    return new EsoProvider('azurekv', (c) => {
      c.checkAuth(options.auth, AzureKeyVaultAuth, 'AzureKeyVaultAuth.servicePrincipal({...}), AzureKeyVaultAuth.managedIdentity() or AzureKeyVaultAuth.workloadIdentity({...})');
      const tenantId = c.optionalString('tenantId', options.tenantId);
      c.refuse('tenantId', options.auth.authType === 'ServicePrincipal' && tenantId === undefined && options.tenantId === undefined
        ? 'service principal authentication needs the tenant ID' : undefined, "pass tenantId: '<directory (tenant) ID>'");
      return { vaultUrl: c.url('vaultUrl', options.vaultUrl, 'https://shop-kv.vault.azure.net'), tenantId, ...options.auth._render(c) };
    });
  }

  /** Google Cloud Secret Manager (`gcpsm`). */
  public static gcpSecretManager(options: GcpSecretManagerProviderOptions): EsoProvider {
    return new EsoProvider('gcpsm', (c) => {
      c.checkAuth(options.auth, GcpSecretManagerAuth, 'GcpSecretManagerAuth.secretRef(secret.keyRef(...)), GcpSecretManagerAuth.workloadIdentity({...}) or GcpSecretManagerAuth.controllerIdentity()');
      return { projectID: c.requiredString('projectID', options.projectId, 'shop-prod'), auth: options.auth._render(c) };
    });
  }

  private static aws(service: string, options: AwsProviderOptions): EsoProvider {
    return new EsoProvider('aws', (c) => {
      c.checkAuth(options.auth, AwsAuth, 'AwsAuth.secretRef({...}), AwsAuth.jwt(serviceAccount) or AwsAuth.controllerIdentity()');
      return {
        service,
        region: c.requiredString('region', options.region, 'eu-central-1'),
        role: c.optionalString('role', options.role),
        auth: options.auth._render(c),
      };
    });
  }

  private constructor(
    /** The provider key under `spec.provider`, such as `vault`. */
    public readonly providerName: string,
    private readonly render: (c: RefCollector) => Record<string, unknown>,
  ) {}

  /** Renders the provider body for a store, checking every credential reference. @internal */
  public _render(ctx: EsoRenderContext): EsoRendered {
    const c = new RefCollector(ctx, this.providerName);
    const body = this.render(c);
    return { body, credentials: [...c.credentials], fields: [...c.fields] };
  }
}
