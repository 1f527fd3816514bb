import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { embeddedCredential } from '../components/catalog/check';
import { looksLikeCredential } from '../components/catalog/sensitive-rules';
import { goDuration } from '../core/duration';
import { describeProblem, fieldError, refuse, show } from '../core/errors';
import { SecretKeyRef } from '../secrets/secret-key-ref';
import { authSecretStoreName, renderSecretStoreAuth } from '../secrets/secret-store';
import { DaprResource, DaprResourceOptions, NameValue } from './dapr-resource';
import { isSensitiveHeader } from './http-endpoint';

/** Values by name; a credential (by its name) only from a secret. */
export interface SecretOrPlainValues {
  readonly [name: string]: string | SecretKeyRef | undefined;
}

/** An HTTP transport of an MCP server (streamable HTTP or SSE). */
export interface McpHttpTransportOptions {
  /** `url` of the MCP server, without credentials. */
  readonly url: string;
  /** `headers`; `Authorization` and other credential headers only from a secret. @default - none */
  readonly headers?: SecretOrPlainValues;
  /** `timeout`. @default - daprd's default */
  readonly timeout?: Duration;
  /** `protocolVersion`. @default - negotiated */
  readonly protocolVersion?: string;
}

/** A local MCP server daprd starts as a process. */
export interface McpStdioTransportOptions {
  /** `command`. */
  readonly command: string;
  /** `args`. @default - none */
  readonly args?: string[];
  /** `env`; variables whose names look like credentials only from a secret. @default - none */
  readonly env?: SecretOrPlainValues;
}

/** How daprd reaches an MCP server: exactly one transport. */
export class McpTransport {
  /** `endpoint.streamableHTTP`. */
  public static streamableHttp(options: McpHttpTransportOptions): McpTransport {
    return new McpTransport('streamableHTTP', options);
  }

  /** `endpoint.sse`. */
  public static sse(options: McpHttpTransportOptions): McpTransport {
    return new McpTransport('sse', options);
  }

  /** `endpoint.stdio`. */
  public static stdio(options: McpStdioTransportOptions): McpTransport {
    return new McpTransport('stdio', options);
  }

  private constructor(
    /** The transport's key in `spec.endpoint`. */
    public readonly kind: 'streamableHTTP' | 'sse' | 'stdio',
    /** @internal */
    public readonly _options: McpHttpTransportOptions | McpStdioTransportOptions,
  ) {}
}

/** Props of an MCPServer. */
export interface McpServerProps extends DaprResourceOptions {
  /** `spec.endpoint`. */
  readonly transport: McpTransport;
  /** `spec.ignoreErrors`: keep daprd running when the server fails validation or secret resolution. @default false */
  readonly ignoreErrors?: boolean;
}

/**
 * A Dapr MCPServer (`dapr.io/v1alpha1`, new in Dapr 1.18): an MCP server the apps that load it can call
 * as tools. Header and env values that are credentials come from secrets through one store, which is
 * named in the transport's `auth.secretStore`.
 */
export class McpServer extends DaprResource {
  private readonly transport: McpTransport;
  private readonly values: NameValue[] = [];
  private readonly ignoreErrors?: boolean;
  /** True when the constructor refused the URL, which may hold a credential: it is never rendered. */
  private readonly urlRefused: boolean = false;

  public constructor(scope: Construct, id: string, props: McpServerProps) {
    super(scope, id, 'MCPServer', 'dapr.io/v1alpha1', props);
    if (!(props.transport instanceof McpTransport)) {
      throw fieldError(this, { field: 'transport', problem: `expected an McpTransport, got ${show(props.transport)}`, fix: 'pass McpTransport.streamableHttp({ url }), McpTransport.sse({ url }) or McpTransport.stdio({ command })' });
    }
    this.transport = props.transport;
    const ignoreErrors = refuse(this, props.ignoreErrors !== undefined && typeof props.ignoreErrors !== 'boolean'
      ? { field: 'ignoreErrors', problem: `expected true or false, got ${show(props.ignoreErrors)}`, fix: 'pass a boolean' }
      : undefined);
    this.ignoreErrors = ignoreErrors ? undefined : props.ignoreErrors;
    const o = props.transport._options as McpHttpTransportOptions & McpStdioTransportOptions;
    const stdio = props.transport.kind === 'stdio';
    if (!stdio && (typeof o.url !== 'string' || !/^https?:\/\//i.test(o.url) || embeddedCredential(o.url) || /^https?:\/\/[^/]*@/i.test(o.url))) {
      this.urlRefused = refuse(this, {
        field: `spec.endpoint.${props.transport.kind}.url`,
        problem: typeof o.url === 'string' && /^https?:\/\//i.test(o.url) ? 'the URL holds credentials (the value is not shown)' : `${show(o.url)} is not an http:// or https:// URL`,
        fix: "pass the server's URL without credentials, and send the credential as a header from a secret",
      });
    }
    if (stdio && (typeof o.command !== 'string' || o.command === '')) {
      refuse(this, { field: 'spec.endpoint.stdio.command', problem: 'the command is empty', fix: "pass command: 'npx', args: [...]" });
    }
    const field = stdio ? 'env' : 'headers';
    const sensitive = stdio ? looksLikeCredential : isSensitiveHeader;
    for (const [name, value] of Object.entries((stdio ? o.env : o.headers) ?? {})) {
      if (value === undefined) continue;
      const at = `spec.endpoint.${props.transport.kind}.${field}[${name}]`;
      if (SecretKeyRef.isSecretKeyRef(value)) {
        const ref = this.placeSecretRef(at, value);
        if (ref) this.values.push({ name, secretKeyRef: ref.toSecretKeyRef() });
      } else if (typeof value !== 'string' || sensitive(name) || embeddedCredential(value)) {
        refuse(this, {
          field: at,
          problem: typeof value !== 'string' ? `expected a string or a secret reference, got ${show(value)}` : `${show(name)} carries a credential, so it cannot take a plain value (the value given is not shown)`,
          fix: `declare the credential with new DeclaredSecret(...) and pass ${field}: { '${name}': secret.keyRef('<key>') }`,
        });
      } else {
        this.values.push({ name, value });
      }
    }
  }

  protected renderSpec(): Record<string, unknown> {
    if (!this.transport) return {}; // the constructor refused the props
    const o = this.transport._options as McpHttpTransportOptions & McpStdioTransportOptions;
    const store = this.secretStore;
    const values = this.values.length ? this.values : undefined;
    const endpoint = this.transport.kind === 'stdio'
      ? { command: o.command, args: o.args?.length ? [...o.args] : undefined, env: values }
      : {
        url: this.urlRefused ? undefined : o.url,
        headers: values,
        auth: renderSecretStoreAuth(store),
        timeout: o.timeout ? goDuration(o.timeout) : undefined,
        protocolVersion: o.protocolVersion,
      };
    return { endpoint: { [this.transport.kind]: endpoint }, ignoreErrors: this.ignoreErrors };
  }

  protected validateResource(): string[] {
    if (this.transport.kind === 'stdio' && this.secretStore && authSecretStoreName(this.secretStore) !== 'kubernetes') {
      return [describeProblem({
        field: 'spec.endpoint.stdio.env',
        problem: `an stdio transport has no auth.secretStore, so its secret references resolve only through the built-in "kubernetes" store, not ${show(this.secretStore.storeName)}`,
        fix: 'declare the env secrets in the built-in store (KubernetesSecretStore.builtin(scope)) or in a KubernetesSecretStore that leaves component references to the dapr-operator (its default)',
      })];
    }
    return [];
  }
}
