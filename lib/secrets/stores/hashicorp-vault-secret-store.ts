import { Construct } from 'constructs';
import { DaprComponentOptions } from '../../components/dapr-component';
import { FieldProblem, refuse, show } from '../../core/errors';
import { SecretKeyRef } from '../secret-key-ref';
import { SecretKeyStyle, SecretNameProblem } from '../secret-store';
import { checkEnumValue, suggestName } from './checks';
import { SecretStoreComponent } from './secret-store-component';

/** `vaultValueType`: how Vault KV data maps to Dapr secrets. */
export enum VaultValueType {
  /** Each Vault secret is a map of keys, as Vault KV stores it (`SecretKeyStyle.MULTI_KEY`). */
  MAP = 'map',
  /** Each Vault secret is one value returned under the secret's name (`SecretKeyStyle.NAME_VALUE`). */
  TEXT = 'text',
}

/** Characters of one segment of a Vault secret path that daprd can put into a URL unescaped. */
const SEGMENT_CHARS = 'A-Za-z0-9_.@+=-';
const SEGMENT = new RegExp(`^[${SEGMENT_CHARS}]+$`);

/** Props of a HashiCorp Vault secret store. */
export interface HashicorpVaultSecretStoreProps extends DaprComponentOptions {
  /** `vaultAddr`: the Vault server's URL, such as `https://vault.vault.svc:8200`. @default 'https://127.0.0.1:8200' (daprd's default) */
  readonly vaultAddr?: string;
  /**
   * `vaultToken`: the Vault token, only ever from a secret in a Kubernetes-backed store (the store needs it
   * before it can read anything). Give this or `vaultTokenMountPath`.
   * @default - none
   */
  readonly vaultToken?: SecretKeyRef;
  /**
   * `vaultTokenMountPath`: absolute path of a file in the daprd container that holds the token (mount it
   * into the sidecar with `dapr.io/volume-mounts`). Give this or `vaultToken`.
   * @default - none
   */
  readonly vaultTokenMountPath?: string;
  /** `vaultKVPrefix`: path prefix of the secrets in the KV engine. @default 'dapr' */
  readonly vaultKVPrefix?: string;
  /** `vaultKVUsePrefix`: put `vaultKVPrefix` in front of secret names; false reads names from the engine root. @default true */
  readonly vaultKVUsePrefix?: boolean;
  /** `enginePath`: mount path of the KV v2 engine. @default 'secret' */
  readonly enginePath?: string;
  /** `vaultValueType`: decides the store's `keyStyle`. @default VaultValueType.MAP */
  readonly vaultValueType?: VaultValueType;
  /** `caPem`: PEM of the CA that signed Vault's certificate (public). At most one of caPem, caCert and caPath. @default - the system CAs */
  readonly caPem?: string;
  /** `caCert`: path of a CA certificate file in the daprd container. @default - the system CAs */
  readonly caCert?: string;
  /** `caPath`: path of a folder of CA certificates in the daprd container. @default - the system CAs */
  readonly caPath?: string;
  /** `tlsServerName`: server name checked against Vault's certificate. @default - the host of `vaultAddr` */
  readonly tlsServerName?: string;
  /** `skipVerify`: skip TLS verification of Vault's certificate. Insecure; for development only. @default false */
  readonly skipVerify?: boolean;
}

/**
 * A HashiCorp Vault secret store (`secretstores.hashicorp.vault`, v1), reading a KV v2 engine.
 *
 * The Vault token is a `SecretKeyRef` into a Kubernetes-backed store (the catalog does not flag
 * `vaultToken` sensitive; this library does), or a file mounted into daprd (`vaultTokenMountPath`).
 * `vaultValueType` decides how secrets map to keys: `map` (default) is `SecretKeyStyle.MULTI_KEY`,
 * `text` is `SecretKeyStyle.NAME_VALUE`.
 */
export class HashicorpVaultSecretStore extends SecretStoreComponent {
  public readonly keyStyle: SecretKeyStyle;
  /** The effective `vaultValueType`. */
  public readonly vaultValueType: VaultValueType;

  public constructor(scope: Construct, id: string, props: HashicorpVaultSecretStoreProps) {
    super(scope, id, { ...props, type: 'secretstores.hashicorp.vault', version: 'v1' });
    const vaultValueType = checkEnumValue(this, 'vaultValueType', props.vaultValueType, Object.values(VaultValueType));
    this.vaultValueType = vaultValueType ?? VaultValueType.MAP;
    this.keyStyle = this.vaultValueType === VaultValueType.TEXT ? SecretKeyStyle.NAME_VALUE : SecretKeyStyle.MULTI_KEY;
    const refused = this.checkProps(props);
    const valid = <K extends keyof HashicorpVaultSecretStoreProps>(field: K) => (refused.has(field) ? undefined : props[field]);

    this.addMetadataIfDefined('vaultAddr', valid('vaultAddr'));
    this.addSecretMetadataIfDefined('vaultToken', valid('vaultToken'));
    this.addMetadataIfDefined('vaultTokenMountPath', valid('vaultTokenMountPath'));
    this.addMetadataIfDefined('vaultKVPrefix', valid('vaultKVPrefix'));
    this.addMetadataIfDefined('vaultKVUsePrefix', props.vaultKVUsePrefix);
    this.addMetadataIfDefined('enginePath', props.enginePath);
    this.addMetadataIfDefined('vaultValueType', vaultValueType);
    this.addMetadataIfDefined('caPem', valid('caPem'));
    this.addMetadataIfDefined('caCert', valid('caCert'));
    this.addMetadataIfDefined('caPath', valid('caPath'));
    this.addMetadataIfDefined('tlsServerName', props.tlsServerName);
    this.addMetadataIfDefined('skipVerify', valid('skipVerify'));
  }

  /**
   * A Vault secret name is a path under the KV prefix, such as `team/redis`. daprd appends it to
   * `<vaultAddr>/v1/<enginePath>/data/<vaultKVPrefix>/` without escaping it, so each segment is letters,
   * digits and `_.@+=-`, segments are joined by single `/`, and `.` or `..` (which would leave the prefix)
   * are refused.
   */
  public secretNameProblem(name: string): SecretNameProblem | undefined {
    const segments = name.split('/');
    if (segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) return undefined;
    const suggestion = segments
      .filter((s) => s !== '' && s !== '.' && s !== '..')
      .map((s) => suggestName(s, SEGMENT_CHARS, 255, ''))
      .filter((s) => s !== '')
      .join('/');
    return {
      problem: 'daprd appends the name unescaped to the Vault URL path <enginePath>/data/<vaultKVPrefix>/, so it must be a path of segments of letters, digits and "_", ".", "@", "+", "=", "-" joined by single "/", none of them "." or ".."',
      fix: `use a path such as ${show(suggestion || 'team/secret-name')}`,
    };
  }

  /** The props refused (see `refuse`), which are left out of the metadata. */
  private checkProps(props: HashicorpVaultSecretStoreProps): Set<keyof HashicorpVaultSecretStoreProps> {
    const refused = new Set<keyof HashicorpVaultSecretStoreProps>();
    const check = (fields: ReadonlyArray<keyof HashicorpVaultSecretStoreProps>, problem: FieldProblem | undefined) => {
      if (refuse(this, problem)) fields.forEach((f) => refused.add(f));
    };
    check(['vaultToken', 'vaultTokenMountPath'], (props.vaultToken === undefined) === (props.vaultTokenMountPath === undefined) ? {
      field: 'vaultToken',
      problem: `daprd needs exactly one of vaultToken and vaultTokenMountPath, got ${props.vaultToken === undefined ? 'neither' : 'both'}`,
      fix: "pass vaultToken: secret.keyRef('token') for a token kept in a Kubernetes secret store, or vaultTokenMountPath: '/var/run/secrets/vault/token' for a file mounted into daprd",
    } : undefined);
    check(['vaultTokenMountPath'], props.vaultTokenMountPath !== undefined && !(typeof props.vaultTokenMountPath === 'string' && props.vaultTokenMountPath.startsWith('/')) ? {
      field: 'vaultTokenMountPath',
      problem: `${show(props.vaultTokenMountPath)} is not an absolute path`,
      fix: "give the token file's path inside the daprd container, such as '/var/run/secrets/vault/token'",
    } : undefined);
    check(['vaultAddr'], props.vaultAddr !== undefined && !(typeof props.vaultAddr === 'string' && /^https?:\/\/[^/\s]+(\/\S*)?$/.test(props.vaultAddr)) ? {
      field: 'vaultAddr',
      problem: `${show(props.vaultAddr)} is not an http(s) URL`,
      fix: "pass the Vault server's URL, such as 'https://vault.vault.svc:8200'",
    } : undefined);
    const cas = (['caPem', 'caCert', 'caPath'] as const).filter((k) => props[k] !== undefined);
    check(cas.slice(1), cas.length > 1 ? {
      field: cas[1],
      problem: `${cas.join(' and ')} are both set, but daprd uses only the first of caPem, caPath and caCert`,
      fix: 'give one CA source',
    } : undefined);
    const ignored = props.skipVerify === true ? [...cas, ...(props.tlsServerName !== undefined ? ['tlsServerName'] : [])] : [];
    check(['skipVerify'], ignored.length > 0 ? {
      field: 'skipVerify',
      problem: `daprd ignores ${ignored.join(' and ')} when skipVerify is true`,
      fix: 'leave skipVerify out and verify Vault with the CA, or drop the ignored settings',
    } : undefined);
    check(['vaultKVPrefix'], props.vaultKVUsePrefix === false && props.vaultKVPrefix !== undefined ? {
      field: 'vaultKVPrefix',
      problem: `daprd ignores vaultKVPrefix ${show(props.vaultKVPrefix)} when vaultKVUsePrefix is false`,
      fix: 'leave vaultKVPrefix out, or set vaultKVUsePrefix to true',
    } : undefined);
    return refused;
  }
}
