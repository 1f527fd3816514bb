/**
 * Offline checks that a rendered manifest holds no credential in plain text and no value that would make
 * no sense once applied: every problem names the field and a fix, and never shows a value that could be
 * a credential.
 */
import { embeddedCredential } from '../components/catalog/check';
import { looksLikeCredential } from '../components/catalog/sensitive-rules';
import { POD_TEMPLATE_PATHS } from '../security/pod-templates';
import { childPointer, Issue, isPlainObject } from './issues';

/** An issue with the fix to show after it. */
function fixed(path: string, message: string, fix: string): Issue {
  return { path, message, fix };
}


const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** Annotation and label keys this library and its tools write, whose values are not credentials. */
const KNOWN_KEYS = new Set(['dapr-secure-constructs/secrets-fingerprint']);
const KNOWN_PREFIXES = ['dapr.io/', 'sealedsecrets.bitnami.com/', 'argocd.argoproj.io/', 'kustomize.toolkit.fluxcd.io/', 'cdk8s.io/', 'app.kubernetes.io/'];

const EMBEDDED_FIX = 'put the whole value in a declared secret and reference it (a Dapr secretKeyRef, or env valueFrom.secretKeyRef); manifests are committed and read in plain text';
const META_FIX = 'labels and annotations are never secret: remove the credential, and deliver it as a declared secret the workload reads';

/** Reads `root` at JSON Pointer segments, undefined on the first missing step. */
function at(root: unknown, steps: readonly string[]): unknown {
  let current: any = root;
  for (const s of steps) {
    if (!isPlainObject(current)) return undefined;
    current = current[s];
  }
  return current;
}

function pointer(steps: readonly (string | number)[]): string {
  return steps.reduce<string>((p, s) => childPointer(p, s), '');
}

/** Names that hold something about a credential, not the credential: where it is kept, or a digest of it. */
const ABOUT_A_CREDENTIAL = /(store|stores|backend|provider|manager|rotation|policy|class|kind|mode|hash|checksum|fingerprint|digest|sha256|ref|reference)$/i;

/** True when a label, annotation or env name looks like it holds a credential. */
function credentialName(name: string): boolean {
  return looksLikeCredential(name) && !ABOUT_A_CREDENTIAL.test(name.replace(/[-_.]/g, ''));
}

/** `$(VAR)` (expanded by Kubernetes in env, args and command) and `${VAR}` are references, never the credential. */
function withoutVariableReferences(value: string): string {
  return value.replace(/\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, '');
}

/** True when a literal value could be a credential: anything but empty and booleans. */
function literal(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !/^(true|false)$/i.test(value.trim());
}

/** The name part of a label or annotation key (after the last `/`). */
function keyName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** True for a Secret's payload (where credentials belong) and a SealedSecret's ciphertext. */
function isSecretPayload(obj: Record<string, unknown>, steps: readonly (string | number)[]): boolean {
  if (obj.apiVersion === 'v1' && obj.kind === 'Secret') return steps[0] === 'data' || steps[0] === 'stringData';
  if (obj.kind === 'SealedSecret') return steps[0] === 'spec' && steps[1] === 'encryptedData';
  return false;
}

/** Every string leaf of `value` with its path. */
function strings(value: unknown, steps: Array<string | number>, out: Array<[string, Array<string | number>]>): void {
  if (typeof value === 'string') out.push([value, steps]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...steps, i], out));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) strings(v, [...steps, k], out);
}

/**
 * Any string of the manifest (outside a Secret's payload) that embeds a password in a URL or a
 * `password=` pair; a `$(VAR)` or `${VAR}` reference in the password's place is no credential.
 */
export function embeddedCredentialIssues(obj: Record<string, unknown>): Issue[] {
  const found: Array<[string, Array<string | number>]> = [];
  strings(obj, [], found);
  const out: Issue[] = [];
  for (const [value, steps] of found) {
    if (isSecretPayload(obj, steps)) continue;
    // NAME=<secret>:<key> pairs name a Secret for daprd's environment: references, not values.
    if (steps[steps.length - 1] === 'dapr.io/env-from-secret') continue;
    const why = embeddedCredential(withoutVariableReferences(value));
    if (!why) continue;
    const inMeta = steps.includes('metadata') && (steps.includes('labels') || steps.includes('annotations'));
    out.push(fixed(pointer(steps), `the plain value ${why} (the value is not shown)`, inMeta ? META_FIX : EMBEDDED_FIX));
  }
  return out;
}

/** The metadata blocks of `obj`: its own, and its pod template's. */
function metadataBlocks(obj: Record<string, unknown>): Array<[Record<string, unknown>, string[]]> {
  const out: Array<[Record<string, unknown>, string[]]> = [];
  if (isPlainObject(obj.metadata)) out.push([obj.metadata, ['metadata']]);
  const tpl = typeof obj.kind === 'string' ? POD_TEMPLATE_PATHS[obj.kind] : undefined;
  if (tpl && tpl.length > 0) {
    const meta = at(obj, [...tpl, 'metadata']);
    if (isPlainObject(meta)) out.push([meta, [...tpl, 'metadata']]);
  }
  return out;
}

/** Variable names with literal values in a `dapr.io/env` annotation (`K=v,K2=v2`). */
function daprEnvLiterals(value: string): string[] {
  return [...value.matchAll(/(?:^|,)\s*([A-Za-z_][A-Za-z0-9_]*)=([^,]*)/g)].filter((m) => literal(m[2])).map((m) => m[1]);
}

/**
 * Label and annotation keys that look like credentials (`db-password`, `checksum/api-token`) with a
 * literal value, and credential-looking variables with literal values in `dapr.io/env`.
 */
export function credentialKeyIssues(obj: Record<string, unknown>): Issue[] {
  const out: Issue[] = [];
  for (const [meta, steps] of metadataBlocks(obj)) {
    for (const kind of ['labels', 'annotations']) {
      const map = meta[kind];
      if (!isPlainObject(map)) continue;
      for (const [key, value] of Object.entries(map)) {
        const path = pointer([...steps, kind, key]);
        if (key === 'dapr.io/env' && typeof value === 'string') {
          for (const name of daprEnvLiterals(value).filter(credentialName)) {
            out.push(fixed(path, `sets ${JSON.stringify(name)}, which looks like a credential, to a literal value (not shown) that daprd reads from its environment`,
              `remove ${name} from dapr.io/env; give daprd a secret with dapr.io/env-from-secret (${name}=<secret>:<key>) or read it through a secret store`));
          }
          continue;
        }
        if (KNOWN_KEYS.has(key) || KNOWN_PREFIXES.some((p) => key.startsWith(p))) continue;
        if (!literal(value) || !credentialName(keyName(key))) continue;
        out.push(fixed(path, `the ${kind === 'labels' ? 'label' : 'annotation'} key looks like a credential and has a literal value (not shown)`, META_FIX));
      }
    }
  }
  return out;
}

/** An image reference as the container runtime parses it (the grammar of distribution/reference). */
const IMAGE_REFERENCE = (() => {
  const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
  const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
  const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
  const tag = '[\\w][\\w.-]{0,127}';
  const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
  return new RegExp(`^${name}(?::${tag})?(?:@${digest})?$`);
})();

/** The containers of a pod template with their pointer segments. */
function containersOf(obj: Record<string, unknown>): Array<[Record<string, any>, Array<string | number>]> {
  const tpl = typeof obj.kind === 'string' ? POD_TEMPLATE_PATHS[obj.kind] : undefined;
  if (!tpl) return [];
  const out: Array<[Record<string, any>, Array<string | number>]> = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const items = at(obj, [...tpl, 'spec', list]);
    if (Array.isArray(items)) items.forEach((c, i) => { if (isPlainObject(c)) out.push([c, [...tpl, 'spec', list, i]]); });
  }
  return out;
}

/**
 * Container problems: an env variable whose name looks like a credential with a literal `value`, and a
 * missing, empty or malformed image.
 */
export function containerIssues(obj: Record<string, unknown>): Issue[] {
  const out: Issue[] = [];
  for (const [c, steps] of containersOf(obj)) {
    const name = typeof c.name === 'string' ? c.name : String(steps[steps.length - 1]);
    if (Array.isArray(c.env)) {
      c.env.forEach((e: any, i: number) => {
        if (isPlainObject(e) && typeof e.name === 'string' && credentialName(e.name) && literal(e.value) && withoutVariableReferences(e.value).trim() !== '') {
          out.push(fixed(pointer([...steps, 'env', i, 'value']), `env ${JSON.stringify(e.name)} of container ${JSON.stringify(name)} looks like a credential and has a literal value (not shown)`,
            'deliver it as a declared secret and set valueFrom.secretKeyRef instead of value (or read it through the Dapr Secrets API)'));
        }
      });
    }
    const image = c.image;
    const imageAt = pointer([...steps, 'image']);
    if (image === undefined || image === null || (typeof image === 'string' && image.trim() === '')) {
      out.push(fixed(imageAt, `container ${JSON.stringify(name)} has no image`, 'set the image reference, such as "registry.example.com/app:1.0.0"'));
    } else if (typeof image === 'string' && /\s/.test(image)) {
      out.push(fixed(imageAt, `container ${JSON.stringify(name)} has an image reference with whitespace, ${JSON.stringify(image)}`, 'remove the whitespace; an image reference is registry/repository:tag or @digest'));
    } else if (typeof image === 'string' && !IMAGE_REFERENCE.test(image)) {
      out.push(fixed(imageAt, `container ${JSON.stringify(name)} has ${JSON.stringify(image)}, which is not an image reference (the kubelet would fail with InvalidImageName)`,
        'use [registry[:port]/]repository[:tag][@digest], the repository in lowercase, such as "registry.example.com/shop/cart:1.0.0"'));
    }
  }
  return out;
}

/** A numeric `spec.replicas` of a Deployment, StatefulSet or ReplicaSet: a whole number of 0 or more (the schema reports other types). */
export function replicasIssues(obj: Record<string, unknown>): Issue[] {
  if (typeof obj.kind !== 'string' || !REPLICATED_KINDS.has(obj.kind)) return [];
  const replicas = at(obj, ['spec', 'replicas']);
  if (typeof replicas !== 'number' || (Number.isInteger(replicas) && replicas >= 0 && replicas <= 2147483647)) return [];
  return [fixed('/spec/replicas', `must be a whole number of 0 or more; got ${JSON.stringify(replicas)}`, 'set replicas to 0 or more (unset means 1)')];
}

const LIST_FIELD = /(hosts|brokers|servers|addresses|nodes|endpoints|seeds|urls)$/i;
const HOST_FIELD = /(host|hosts|brokers|servers|address|addresses|nodes|endpoint|endpoints|seeds|url|urls)$/i;

/** Fields that take `host:port` addresses (not URLs). */
const HOST_PORT_FIELD = /(host|hosts|brokers|servers|nodes|seeds)$/i;

/** True for a `host:port` address (no scheme, one colon or a bracketed IPv6 host) whose port is no TCP port. */
function badPort(address: string): boolean {
  if (address.includes('://')) return false;
  const m = /^(\[[^\]]*\]|[^:[\]]*):(.*)$/.exec(address);
  if (!m) return false;
  return !/^\d{1,5}$/.test(m[2]) || Number(m[2]) < 1 || Number(m[2]) > 65535;
}

/** Component hosts and broker lists: not empty, no empty entry in a comma-separated list, no whitespace, TCP ports. */
export function componentAddressIssues(obj: Record<string, unknown>): Issue[] {
  if (obj.kind !== 'Component') return [];
  const list = at(obj, ['spec', 'metadata']);
  if (!Array.isArray(list)) return [];
  const out: Issue[] = [];
  list.forEach((e: any, i) => {
    if (!isPlainObject(e) || typeof e.name !== 'string' || typeof e.value !== 'string' || !HOST_FIELD.test(e.name) || e.value.includes('{')) return;
    const path = pointer(['spec', 'metadata', i, 'value']);
    if (e.value.trim() === '') {
      out.push(fixed(path, `${e.name} is empty`, `set ${e.name} to the address the component connects to, or remove the entry`));
    } else if (LIST_FIELD.test(e.name) && e.value.split(',').some((x: string) => x.trim() === '')) {
      out.push(fixed(path, `${e.name} has an empty entry in its comma-separated list`, 'remove the extra comma; list each address once, as host:port,host:port'));
    } else {
      const entries: string[] = (LIST_FIELD.test(e.name) ? e.value.split(',') : [e.value]).map((x: string) => x.trim());
      if (entries.some((x) => /\s/.test(x))) {
        out.push(fixed(path, `${e.name} has whitespace inside an address (the value is not shown)`, 'write each address without spaces, as host:port'));
      } else if (HOST_PORT_FIELD.test(e.name) && entries.some((x) => badPort(x))) {
        out.push(fixed(path, `${e.name} has an address whose port is not a number from 1 to 65535 (the value is not shown)`, 'write each address as host:port, such as "redis-master:6379"'));
      }
    }
  });
  return out;
}

/** A sampling rate string daprd reads as a fraction from 0 to 1. */
export const SAMPLING_RATE = /^(0|1|0?\.\d+|0\.\d*|1\.0*)$/;

function urlProblem(value: string, schemes: readonly string[]): string | undefined {
  if (value.trim() === '') return 'is empty';
  if (/\s/.test(value)) return 'contains whitespace';
  const notUrl = `is not an absolute URL (${schemes.join(' or ')}://host...)`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return notUrl;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return notUrl;
  }
  if (!schemes.includes(url.protocol.replace(/:$/, ''))) return `has scheme ${JSON.stringify(url.protocol.replace(/:$/, ''))}, not ${schemes.join(' or ')}`;
  if (url.username !== '' || url.password !== '') return 'carries user information before "@"';
  if (url.hostname === '') return 'has no host';
  return undefined;
}

/** `host:port`, or an http(s) URL, as the OpenTelemetry exporter takes it. */
function otelEndpointProblem(value: string): string | undefined {
  if (value.trim() === '') return 'is empty';
  if (/\s/.test(value)) return 'contains whitespace';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return urlProblem(value, ['http', 'https']);
  if (value.includes('@')) return 'carries user information before "@"';
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d+)(\/.*)?$/.exec(value);
  if (!m) return 'is not host:port';
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return `has port ${m[2]}, outside 1 to 65535`;
  return undefined;
}

/** Configuration: named preview features; tracing samplingRate a number from 0 to 1 (as a string) and well-formed endpoint addresses. */
export function configurationValueIssues(obj: Record<string, unknown>): Issue[] {
  if (obj.kind !== 'Configuration' || typeof obj.apiVersion !== 'string' || !obj.apiVersion.startsWith('dapr.io/')) return [];
  const out: Issue[] = [];
  const rate = at(obj, ['spec', 'tracing', 'samplingRate']);
  if (rate !== undefined && (typeof rate !== 'string' || !SAMPLING_RATE.test(rate.trim()))) {
    out.push(fixed('/spec/tracing/samplingRate', `must be a number from 0 to 1 written as a string, such as "0.1" or "1"; got ${JSON.stringify(rate)}`,
      'set samplingRate to "0" (off) up to "1" (every request)'));
  }
  const features = at(obj, ['spec', 'features']);
  if (Array.isArray(features)) {
    features.forEach((f, i) => {
      if (isPlainObject(f) && (typeof f.name !== 'string' || f.name.trim() === '')) {
        out.push(fixed(pointer(['spec', 'features', i, 'name']), 'a preview feature has no name', 'name the feature as Dapr spells it, such as "SchedulerReminders", or remove the entry'));
      }
    });
  }
  const zipkin = at(obj, ['spec', 'tracing', 'zipkin', 'endpointAddress']);
  if (typeof zipkin === 'string') {
    const why = urlProblem(zipkin, ['http', 'https']);
    if (why) out.push(fixed('/spec/tracing/zipkin/endpointAddress', `${why} (the value is not shown)`, 'use the collector URL, such as "http://zipkin.monitoring.svc.cluster.local:9411/api/v2/spans"; credentials go in a declared secret'));
  }
  const otel = at(obj, ['spec', 'tracing', 'otel', 'endpointAddress']);
  if (typeof otel === 'string') {
    const why = otelEndpointProblem(otel);
    if (why) out.push(fixed('/spec/tracing/otel/endpointAddress', `${why} (the value is not shown)`, 'use host:port of the collector, such as "otel-collector.monitoring.svc.cluster.local:4317"; credentials go in otel.headers through secretKeyRef'));
  }
  return out;
}

/**
 * Every plain-value problem of one manifest, for any kind: embedded credentials, credential-looking
 * label, annotation and env names with literal values, replicas, images, Component addresses and
 * Configuration tracing values.
 */
export function plainValueIssues(obj: unknown): Issue[] {
  if (!isPlainObject(obj)) return [];
  return [
    ...replicasIssues(obj),
    ...containerIssues(obj),
    ...componentAddressIssues(obj),
    ...configurationValueIssues(obj),
    ...credentialKeyIssues(obj),
    ...embeddedCredentialIssues(obj),
  ];
}
