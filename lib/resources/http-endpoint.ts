import { Construct } from 'constructs';
import { embeddedCredential } from '../components/catalog/check';
import { looksLikeCredential } from '../components/catalog/sensitive-rules';
import { describeProblem, fieldError, FieldProblem, refuse, show } from '../core/errors';
import { SecretKeyRef } from '../secrets/secret-key-ref';
import { DaprResource, DaprResourceOptions, NameValue } from './dapr-resource';

/** `spec.clientTLS.renegotiation`. */
export enum TlsRenegotiation {
  NEVER = 'Never',
  ONCE_AS_CLIENT = 'OnceAsClient',
  FREELY_AS_CLIENT = 'FreelyAsClient',
}

/**
 * Headers Dapr adds to every call through the endpoint. `Authorization` only takes a secret reference;
 * so does any header whose name looks like a credential (`X-API-Key`, `Cookie`, `X-Auth-Token`, …).
 */
export interface HttpEndpointHeaders {
  /** `Authorization`, only ever from a secret. @default - none */
  readonly Authorization?: SecretKeyRef;
  readonly authorization?: SecretKeyRef;
  readonly 'Proxy-Authorization'?: SecretKeyRef;
  readonly 'proxy-authorization'?: SecretKeyRef;
  readonly Cookie?: SecretKeyRef;
  readonly cookie?: SecretKeyRef;
  // Names that end like a credential take only a secret reference at compile time too; any other
  // credential-looking name is refused when the endpoint is constructed.
  readonly [name: `${string}${'Key' | '-key' | '_key' | 'Token' | '-token' | '_token' | 'Secret' | '-secret' | '_secret' | 'Password' | '-password'}`]: SecretKeyRef | undefined;
  readonly [name: string]: string | SecretKeyRef | undefined;
}

/** Client TLS for mutual TLS with the endpoint; the private key only ever comes from a secret. */
export interface HttpEndpointClientTls {
  /** `rootCA`: PEM of the CA that signed the server's certificate. @default - the system roots */
  readonly rootCA?: string | SecretKeyRef;
  /** `certificate`: PEM of the client certificate. */
  readonly certificate: string | SecretKeyRef;
  /** `privateKey`: the client's private key, only from a secret. */
  readonly privateKey: SecretKeyRef;
  /** `renegotiation`. @default TlsRenegotiation.NEVER */
  readonly renegotiation?: TlsRenegotiation;
}

/** Props of an HTTPEndpoint. */
export interface HttpEndpointProps extends DaprResourceOptions {
  /** `spec.baseUrl`: `http://` or `https://` URL of the external service, without credentials. */
  readonly baseUrl: string;
  /** `spec.headers`. @default - none */
  readonly headers?: HttpEndpointHeaders;
  /** `spec.clientTLS`. @default - no client certificate */
  readonly clientTls?: HttpEndpointClientTls;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'apikey']);

/** True when a header carries a credential, so it may only come from a secret. */
export function isSensitiveHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase()) || looksLikeCredential(name) || /(^|[-_])(auth|key)($|[-_])/i.test(name);
}

/**
 * A Dapr HTTPEndpoint (`dapr.io/v1alpha1`): an external HTTP service apps call through service invocation
 * (`/v1.0/invoke/<name>/method/...`). Header values and client TLS documents come from secrets through one
 * store (`auth.secretStore`); `scopes` lists the apps that load it.
 */
export class HttpEndpoint extends DaprResource {
  /** `spec.baseUrl`. */
  public readonly baseUrl: string;
  private readonly headers: NameValue[] = [];
  private readonly clientTls?: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: HttpEndpointProps) {
    super(scope, id, 'HTTPEndpoint', 'dapr.io/v1alpha1', props);
    const notUrl: FieldProblem = { field: 'baseUrl', problem: `${show(props.baseUrl)} is not an http:// or https:// URL`, fix: "pass the service's base URL, such as 'https://notifications.example.com'" };
    if (typeof props.baseUrl !== 'string') throw fieldError(this, notUrl);
    const why = embeddedCredential(props.baseUrl) ?? (/^https?:\/\/[^/]*@/i.test(props.baseUrl) ? 'holds user information before "@"' : undefined);
    refuse(this, /^https?:\/\/[^\s/]+/i.test(props.baseUrl) ? undefined : notUrl, why ? {
      field: 'baseUrl',
      problem: `the URL ${why} (the value is not shown)`,
      fix: "leave credentials out of the URL and send them as a header from a secret: headers: { Authorization: secret.keyRef('<key>') }",
    } : undefined);
    // A refused URL with a credential is not kept.
    this.baseUrl = why ? '' : props.baseUrl;
    for (const [name, value] of Object.entries(props.headers ?? {})) {
      if (value === undefined) continue;
      const field = `spec.headers[${name}]`;
      if (SecretKeyRef.isSecretKeyRef(value)) {
        const ref = this.placeSecretRef(field, value);
        if (ref) this.headers.push({ name, secretKeyRef: ref.toSecretKeyRef() });
        continue;
      }
      const refused = refuse(this, isSensitiveHeader(name) ? {
        field,
        problem: `header ${show(name)} carries a credential, so it cannot take a plain value (the value given is not shown)`,
        fix: `declare the credential with new DeclaredSecret(...) and pass headers: { '${name}': secret.keyRef('<key>') }`,
      } : typeof value !== 'string' ? { field, problem: `expected a string or a secret reference, got ${show(value)}`, fix: "pass a plain string, or secret.keyRef('<key>')" } : undefined);
      if (!refused) this.headers.push({ name, value: value as string });
    }
    if (props.clientTls) this.clientTls = this.renderTls(props.clientTls);
  }

  protected hasTopLevelAuth(): boolean {
    return true;
  }

  protected renderSpec(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, headers: this.headers.length ? this.headers : undefined, clientTLS: this.clientTls };
  }

  protected validateResource(): string[] {
    // Escape hatches: a JSON patch that writes a credential header or the private key as a plain value.
    const spec = (this.apiObject.toJson() as any).spec ?? {};
    const problems: string[] = [];
    for (const h of Array.isArray(spec.headers) ? spec.headers : []) {
      if (h && typeof h.name === 'string' && isSensitiveHeader(h.name) && (h.value !== undefined || h.envRef !== undefined)) {
        problems.push(describeProblem({
          field: `spec.headers[${h.name}]`,
          problem: `header ${show(h.name)} carries a credential, but the rendered HTTPEndpoint gives it a plain value (not shown); a JSON patch or an override put it there`,
          fix: `remove that patch and pass headers: { '${h.name}': secret.keyRef('<key>') }`,
        }));
      }
    }
    if (spec.clientTLS?.privateKey?.value !== undefined) {
      problems.push(describeProblem({
        field: 'spec.clientTLS.privateKey',
        problem: 'the private key is a plain value in the rendered HTTPEndpoint (not shown)',
        fix: "remove that patch and pass clientTls: { privateKey: secret.keyRef('<key>'), ... }",
      }));
    }
    return problems;
  }

  private renderTls(tls: HttpEndpointClientTls): Record<string, unknown> {
    const doc = (field: string, v: string | SecretKeyRef | undefined, secretOnly: boolean) => {
      if (v === undefined) return undefined;
      if (SecretKeyRef.isSecretKeyRef(v)) {
        const ref = this.placeSecretRef(`spec.clientTLS.${field}`, v);
        return ref ? { secretKeyRef: ref.toSecretKeyRef() } : undefined;
      }
      if (refuse(this, secretOnly || typeof v !== 'string' ? {
        field: `spec.clientTLS.${field}`,
        problem: secretOnly ? 'a private key cannot take a plain value (the value given is not shown)' : `expected a PEM string or a secret reference, got ${show(v)}`,
        fix: `pass clientTls: { ${field}: secret.keyRef('<key>') }`,
      } : undefined)) return undefined;
      return { value: v };
    };
    const renegotiation = refuse(this, tls.renegotiation !== undefined && !Object.values(TlsRenegotiation).includes(tls.renegotiation)
      ? { field: 'clientTls.renegotiation', problem: `${show(tls.renegotiation)} is not a renegotiation mode`, fix: 'use TlsRenegotiation.NEVER, ONCE_AS_CLIENT or FREELY_AS_CLIENT' }
      : undefined);
    return {
      rootCA: doc('rootCA', tls.rootCA, false),
      certificate: doc('certificate', tls.certificate, false),
      privateKey: doc('privateKey', tls.privateKey, true),
      renegotiation: renegotiation ? undefined : tls.renegotiation,
    };
  }
}
