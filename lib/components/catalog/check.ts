import { isGoDuration } from './go-duration';
import type { FieldProblem } from '../../core/errors';
import { show } from '../../core/errors';
import type { CatalogField, CatalogProfile, CatalogType } from './catalog-types';
import { catalogVersions, didYouMean, suggestSpecType } from './lookup';

/** Options of `catalogProblems`. */
export interface CatalogCheckOptions {
  /** A pluggable or newer type the catalog does not know is allowed: only the generic checks run. */
  readonly allowUnknownType?: boolean;
}

interface RenderedEntry {
  readonly name: string;
  readonly value?: unknown;
  readonly secretKeyRef?: unknown;
  readonly envRef?: unknown;
}

/** `scheme://user:password@host`. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;
/** `password=...` (or `pwd=`, `passwd=`) in a key/value connection string. */
const PASSWORD_PAIR = /(^|[;&?\s,])(password|passwd|pwd)\s*=\s*[^;&\s,]/i;
/**
 * Other secrets given as `name=value` in a connection string or URL query: Azure storage and Service Bus
 * keys and shared access signatures, client secrets, API keys and tokens.
 */
const SECRET_PAIR = /(^|[;&?\s,])(AccountKey|SharedAccessKey|SharedAccessSignature|sig|client_?secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token)\s*=\s*[^;&\s,]/i;
/** A Go-style DSN with a password and no scheme: `user:password@tcp(host:3306)/db`, `user:password@host:5432`. */
const DSN_WITH_PASSWORD = /^[^\s:/@]+:[^\s@/]+@\S/;

/** Why a plain value embeds a credential, or undefined. Never includes the value. */
export function embeddedCredential(value: string): string | undefined {
  if (URL_WITH_PASSWORD.test(value)) return 'embeds a password in a URL (scheme://user:password@host)';
  if (PASSWORD_PAIR.test(value)) return 'embeds a password= pair, as in a connection string';
  const pair = SECRET_PAIR.exec(value);
  if (pair) return `embeds a ${pair[2]}= pair (a key, signature or token in a connection string or URL query)`;
  if (DSN_WITH_PASSWORD.test(value)) return 'embeds a password in a DSN (user:password@host)';
  return undefined;
}

function fieldOf(type: CatalogType, name: string): CatalogField | undefined {
  const lower = name.toLowerCase();
  return type.fields.find((f) => f.name.toLowerCase() === lower)
    ?? type.fields.find((f) => /<[^>]+>/.test(f.name) && new RegExp(`^${f.name.split(/<[^>]+>/).map(escapeRegExp).join('.+')}$`, 'i').test(name));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function valueProblem(f: CatalogField, value: string): string | undefined {
  if (value.includes('{')) return undefined; // daprd templates such as {uuid}, {podName}, {appID}
  if (f.allowed && f.allowed.length > 0) {
    return f.allowed.some((a) => a.toLowerCase() === value.toLowerCase()) ? undefined : `is not one of the allowed values ${f.allowed.map(show).join(', ')}`;
  }
  if (f.type === 'number' && !/^-?\d+(\.\d+)?$/.test(value.trim())) return 'is not a number';
  if (f.type === 'bool' && !/^(true|false|0|1)$/i.test(value.trim())) return 'is not true or false';
  if (f.type === 'duration' && !isGoDuration(value)) return 'is not a duration (a Go duration such as "30s" or "1h30m", or a number)';
  return undefined;
}

function profileProblems(type: CatalogType, given: Map<string, unknown>): FieldProblem[] {
  const profiles = type.profiles ?? [];
  if (profiles.length === 0) return [];
  const has = (n: string) => given.has(n.toLowerCase());
  const profileOnly = type.fields.filter((f) => f.profileOnly && has(f.name)).map((f) => f.name);
  const valuesFit = (p: CatalogProfile) => Object.entries(p.allowed ?? {}).every(([n, allowed]) => {
    const v = given.get(n.toLowerCase());
    return typeof v !== 'string' || allowed.some((a) => a.toLowerCase() === v.toLowerCase());
  });
  const fits = profiles.filter((p) => valuesFit(p) && profileOnly.every((n) => p.fields.some((x) => x.toLowerCase() === n.toLowerCase())));
  const missing = (p: CatalogProfile) => p.required.filter((n) => !has(n));
  if (fits.some((p) => missing(p).length === 0)) return [];
  const list = profiles.map((p) => `"${p.title}"${p.required.length ? ` (needs ${p.required.join(', ')})` : ''}`).join('; ');
  if (fits.length === 0) {
    return [{
      field: 'spec.metadata',
      problem: `${profileOnly.join(', ')} belong to different authentication profiles of ${type.specType}, which never go together`,
      fix: `keep the fields of one profile: ${list}`,
    }];
  }
  const best = [...fits].sort((a, b) => missing(a).length - missing(b).length)[0];
  return [{
    field: `spec.metadata[${missing(best)[0]}]`,
    problem: profileOnly.length
      ? `authentication profile "${best.title}" of ${type.specType} also needs ${missing(best).join(', ')}`
      : `${type.specType} needs one authentication profile, and none is complete`,
    fix: `set the missing fields (sensitive ones from a secret) of one profile: ${list}`,
  }];
}

/**
 * Problems of a rendered Component against the catalog of component types: an unknown `spec.type` or
 * `spec.version`, an unknown field (with the nearest name), a missing required field or an incomplete
 * authentication profile, a value outside the allowed ones, and a plain value that embeds a credential.
 * Values are never shown, since a misplaced one may be a credential.
 */
export function catalogProblems(component: unknown, options: CatalogCheckOptions = {}): FieldProblem[] {
  const spec = (component as any)?.spec;
  const specType = spec?.type;
  if (typeof specType !== 'string') return [];
  const entries: RenderedEntry[] = Array.isArray(spec.metadata) ? spec.metadata.filter((e: any) => e && typeof e.name === 'string') : [];
  const problems: FieldProblem[] = [];
  for (const e of entries) {
    if (typeof e.value !== 'string') continue;
    const why = embeddedCredential(e.value);
    if (why) {
      problems.push({
        field: `spec.metadata[${e.name}]`,
        problem: `the plain value ${why} (the value is not shown), so the credential would sit in the manifest`,
        fix: `put the whole value in a declared secret and pass secret.keyRef('<key>') for ${show(e.name)} (addSecretMetadata or metadata: { ${e.name}: secret.keyRef('<key>') })`,
      });
    }
  }
  const versions = catalogVersions(specType);
  if (versions.length === 0) {
    if (options.allowUnknownType) return problems;
    const guess = suggestSpecType(specType);
    return [...problems, {
      field: 'spec.type',
      problem: `${show(specType)} is not a component type daprd 1.18 registers`,
      fix: guess ? `did you mean ${show(guess)}? For a pluggable or newer component type, pass allowUnknownType: true` : 'use a type of the catalog, such as "state.redis", or pass allowUnknownType: true for a pluggable or newer component type',
    }];
  }
  if (versions[0].notAComponent) {
    return [...problems, {
      field: 'spec.type',
      problem: `${show(specType)} is a name-resolution component, which daprd never loads from a Component resource`,
      fix: 'configure name resolution in the Dapr Configuration (spec.nameResolution) instead',
    }];
  }
  const version = typeof spec.version === 'string' ? spec.version : 'v1';
  const type = versions.find((t) => t.version === version);
  if (!type) {
    if (options.allowUnknownType) return problems;
    return [...problems, {
      field: 'spec.version',
      problem: `${specType} has no version ${show(version)} in daprd 1.18`,
      fix: `use ${versions.map((t) => show(t.version)).join(' or ')}`,
    }];
  }
  const given = new Map<string, unknown>();
  for (const e of entries) {
    const f = fieldOf(type, e.name);
    given.set((f?.name ?? e.name).toLowerCase(), e.value);
    if (!f) {
      const guess = didYouMean(e.name, type.fields.filter((x) => !/[<>]/.test(x.name)).map((x) => x.name));
      problems.push({
        field: `spec.metadata[${e.name}]`,
        problem: `${specType} ${version} has no metadata field ${show(e.name)}`,
        fix: guess ? `did you mean ${show(guess)}?` : `use one of its fields: ${type.fields.map((x) => x.name).join(', ')}`,
      });
      continue;
    }
    if (typeof e.value === 'string' && !f.sensitive) {
      const why = valueProblem(f, e.value);
      if (why) problems.push({ field: `spec.metadata[${e.name}]`, problem: `${show(e.value)} ${why} for ${specType}`, fix: `give ${show(f.name)} a ${f.type} value${f.allowed ? ` (one of ${f.allowed.map(show).join(', ')})` : ''}` });
    }
  }
  for (const f of type.fields) {
    if (f.required && !given.has(f.name.toLowerCase())) {
      problems.push({
        field: `spec.metadata[${f.name}]`,
        problem: `${specType} ${version} requires ${show(f.name)}, which is not set`,
        fix: f.sensitive ? `set it from a secret: metadata: { ${f.name}: secret.keyRef('<key>') }` : `set it: metadata: { ${f.name}: ... }`,
      });
    }
  }
  return [...problems, ...profileProblems(type, given)];
}
