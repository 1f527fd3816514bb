/**
 * `npm run generate`: typed Dapr component props from the components-contrib catalog, in two stages.
 *
 * 1. derive (only when the catalog is given or found): reads `dapr-components.json` (the path in
 *    `--catalog <file>`, else `$DAPR_COMPONENTS_CATALOG`, else `<repo>/../shared/reference/dapr-components.json`)
 *    and writes the project's own compact form of what it needs, `lib/components/catalog/components.json`.
 * 2. render (always): reads that committed file and writes the generated TypeScript (see OUTPUTS).
 *
 * Tests re-run stage 2 from the committed data and compare, so nothing reads the catalog at test time.
 * `--check` renders without writing and fails when a committed file differs.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { NOT_REQUIRED_FIELDS, SEPARATE_CONNECTION_FIELDS_PROFILE } from '../lib/components/catalog/corrections';
import { isSensitiveByRules } from '../lib/components/catalog/sensitive-rules';
import type { CatalogType } from '../lib/components/catalog/catalog-types';
import { REPO, runScript, writeGenerated } from './generated-files';

export { REPO };
export const DERIVED_FILE = 'lib/components/catalog/components.json';

// ---------------------------------------------------------------------------------------------------------
// The derived data: what the project keeps of the catalog.

/** A metadata field of one component type and version. */
export interface DerivedField {
  readonly name: string;
  /** string | number | bool | duration | bytesize */
  readonly type: string;
  /** Marked sensitive by the catalog (the project's rules add more at render time). */
  readonly sensitive?: true;
  /** Required outside any authentication profile. */
  readonly required?: true;
  /** Listed outside any authentication profile. */
  readonly general?: true;
  readonly default?: string;
  readonly allowed?: readonly string[];
  readonly deprecated?: true;
}

/** An authentication profile: the fields that go together, and which of them it requires. */
export interface DerivedProfile {
  readonly title: string;
  readonly fields: readonly string[];
  readonly required: readonly string[];
  /** Allowed values the profile narrows a field to, such as Kafka's `authType: password`. */
  readonly allowed?: Readonly<Record<string, readonly string[]>>;
}

/** One component type at one version. */
export interface DerivedType {
  /** The catalog's type name (what the class name is made from). */
  readonly type: string;
  /** What `spec.type` must hold. */
  readonly specType: string;
  readonly aliases: readonly string[];
  readonly version: string;
  readonly defaultVersion: boolean;
  readonly status: string;
  readonly capabilities?: readonly string[];
  readonly binding?: { readonly input?: boolean; readonly output?: boolean; readonly operations?: readonly string[] };
  /** daprd 1.18 has no registration for it. */
  readonly unregistered?: true;
  /** daprd registers it but components-contrib has no metadata.yaml for it. */
  readonly noMetadataFile?: true;
  /** Registered on the implementation (and fields) of this spec type or version. */
  readonly sameAs?: string;
  /** daprd marks this version deprecated. */
  readonly deprecated?: true;
  readonly fields: readonly DerivedField[];
  readonly profiles: readonly DerivedProfile[];
}

export interface DerivedCatalog {
  readonly source: { readonly repo: string; readonly commit: string; readonly release?: string };
  readonly types: readonly DerivedType[];
}

/** Stage 1: the compact derived form of the catalog. */
export function deriveCatalog(catalog: any): DerivedCatalog {
  const types: DerivedType[] = [];
  const entries: any[] = [...catalog.components];
  for (const extra of catalog.registeredWithoutMetadataYaml ?? []) {
    entries.push({ type: extra.specType, specType: extra.specType, version: extra.version, status: 'stable', fields: extra.fields, noMetadataFile: true });
  }
  // Registrations without a metadata file of their own: another spec type on the same implementation
  // (state.cockroachdb v2 runs the state.postgresql v2 code), and the version that replaces a deprecated one
  // (state.etcd v2 reads the v1 fields).
  for (const c of [...entries]) {
    for (const other of c.otherSpecTypesUsingSameImplementation ?? []) {
      entries.push({ ...c, type: other, specType: other, specTypeAliases: [], runtimeDefaultVersion: 'v1', otherSpecTypesUsingSameImplementation: undefined, sameAs: c.specType });
    }
    const spec = c.specType ?? c.type;
    if (c.runtimeVersionDeprecated && !entries.some((e) => (e.specType ?? e.type) === spec && e.version !== c.version)) {
      const next = `v${Number(c.version.slice(1)) + 1}`;
      entries.push({ ...c, version: next, runtimeVersionDeprecated: undefined, sameAs: `${spec} ${c.version}` });
    }
  }
  const versionsBySpec = new Map<string, any[]>();
  for (const c of entries) {
    const spec = c.specType ?? c.type;
    versionsBySpec.set(spec, [...(versionsBySpec.get(spec) ?? []), c]);
  }
  for (const c of entries) {
    const spec = c.specType ?? c.type;
    const siblings = versionsBySpec.get(spec)!;
    const defaultVersion = siblings.length === 1 || (c.runtimeDefaultVersion ?? 'v1') === c.version;
    const fields: DerivedField[] = [];
    const byName = new Map<string, any>();
    const profiles = new Map<string, { fields: string[]; required: string[]; allowed?: Record<string, string[]> }>();
    for (const title of c.authenticationProfiles ?? []) profiles.set(title, { fields: [], required: [] });
    for (const f of c.fields ?? []) {
      const key = f.name.toLowerCase();
      let field = byName.get(key);
      if (!field) {
        field = { name: f.name, type: f.type };
        byName.set(key, field);
        fields.push(field);
      }
      if (f.sensitive) field.sensitive = true;
      if (f.default !== undefined && field.default === undefined) field.default = String(f.default);
      if (f.allowedValues) field.allowed = [...new Set([...(field.allowed ?? []), ...f.allowedValues.map(String)])];
      if (f.deprecated) field.deprecated = true;
      if (f.profile === undefined) {
        field.general = true;
        if (f.required) field.required = true;
      } else {
        const p = profiles.get(f.profile) ?? { fields: [], required: [] };
        profiles.set(f.profile, p);
        if (!p.fields.includes(field.name)) p.fields.push(field.name);
        if (f.required && !p.required.includes(field.name)) p.required.push(field.name);
        if (f.allowedValues) p.allowed = { ...(p.allowed ?? {}), [field.name]: f.allowedValues.map(String) };
      }
    }
    types.push({
      type: c.type,
      specType: spec,
      aliases: c.specTypeAliases ?? [],
      version: c.version,
      defaultVersion,
      status: c.status,
      ...(c.capabilities ? { capabilities: c.capabilities } : {}),
      ...(c.binding ? { binding: c.binding } : {}),
      ...(c.notRegisteredInDaprd ? { unregistered: true as const } : {}),
      ...(c.noMetadataFile ? { noMetadataFile: true as const } : {}),
      ...(c.sameAs ? { sameAs: c.sameAs } : {}),
      ...(c.runtimeVersionDeprecated ? { deprecated: true as const } : {}),
      fields: fields.map((f) => ({ ...f })),
      profiles: [...profiles].map(([title, p]) => ({ title, fields: p.fields, required: p.required, ...(p.allowed ? { allowed: p.allowed } : {}) })),
    });
  }
  types.sort((a, b) => (a.specType === b.specType ? a.version.localeCompare(b.version) : a.specType.localeCompare(b.specType)));
  return {
    source: { repo: catalog.source.repo, commit: catalog.source.commit, release: catalog.source.release?.tag },
    types,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Naming.

/** The class-name suffix of each category. */
export const CATEGORY_SUFFIX: Readonly<Record<string, string>> = {
  bindings: 'Binding',
  configuration: 'ConfigurationStore',
  conversation: 'Conversation',
  crypto: 'CryptoProvider',
  lock: 'LockStore',
  middleware: 'Middleware',
  nameresolution: 'NameResolution',
  pubsub: 'PubSub',
  secretstores: 'SecretStore',
  state: 'StateStore',
};

/**
 * Hand-written constructs that stay the named class of their type; the generator writes no class for
 * these (their typed metadata is generated all the same).
 */
export const PRESET_CLASSES: Readonly<Record<string, string>> = {
  'state.redis': 'RedisStateStore',
  'pubsub.kafka': 'KafkaPubSub',
  'configuration.redis': 'RedisConfigurationStore',
  'secretstores.kubernetes': 'KubernetesSecretStore',
  'secretstores.hashicorp.vault': 'HashicorpVaultSecretStore',
  'secretstores.azure.keyvault': 'AzureKeyVaultSecretStore',
  'secretstores.aws.secretsmanager': 'AwsSecretsManagerSecretStore',
  'secretstores.gcp.secretmanager': 'GcpSecretManagerSecretStore',
  'secretstores.local.env': 'LocalEnvSecretStore',
  'secretstores.local.file': 'LocalFileSecretStore',
};

/**
 * The naming rule: the catalog type without its category, each part split at `.`, `-` and `_` and
 * capitalized, then `V<n>` for a version other than v1, then the category's suffix.
 * `state.postgresql` → `PostgresqlStateStore`, `state.postgresql` v2 → `PostgresqlV2StateStore`,
 * `pubsub.rabbitmq` → `RabbitmqPubSub`, `bindings.aws.s3` → `AwsS3Binding`.
 */
export function className(type: string, version: string): string {
  const [category, ...rest] = type.split('.');
  const suffix = CATEGORY_SUFFIX[category];
  if (!suffix) throw new Error(`no class suffix for category ${category}`);
  const base = rest.join('.').split(/[.\-_]/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return `${base}${version === 'v1' ? '' : version.toUpperCase()}${suffix}`;
}

/** Name of the generated metadata type of a type and version. */
export function metadataTypeName(t: DerivedType): string {
  return `${className(t.type, t.version)}Metadata`;
}

/** Name-resolution components are configured in a Configuration, not as Component resources. */
export function isComponentResource(t: DerivedType): boolean {
  return !t.specType.startsWith('nameresolution.');
}

// ---------------------------------------------------------------------------------------------------------
// Stage 2: rendering.

const HEADER = (what: string) =>
  `// Generated by scripts/generate-components.ts from ${DERIVED_FILE}: do not edit. Run \`npm run generate\`.\n// ${what}\n`;

/** Every spec type string that selects this type (its spec type and aliases). */
function specNames(t: DerivedType): string[] {
  return [t.specType, ...t.aliases];
}

/** A field's sensitivity by the project's rules, for one type (by spec type and every alias). */
export function fieldSensitive(t: DerivedType, f: DerivedField): boolean {
  return specNames(t).some((s) => isSensitiveByRules(s, f.name, f.sensitive === true));
}

function docText(s: string): string {
  return s.replace(/\*\//g, '*\\/');
}

function isPattern(name: string): boolean {
  return /<[^>]+>/.test(name);
}

function propKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function valueType(t: DerivedType, f: DerivedField, allowedHere?: readonly string[]): string {
  if (fieldSensitive(t, f)) return 'SecretKeyRef';
  const allowed = allowedHere ?? f.allowed;
  if (allowed && allowed.length > 0) {
    if (f.type === 'number') return allowed.map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? v : JSON.stringify(v))).join(' | ');
    return allowed.map((v) => JSON.stringify(v)).join(' | ');
  }
  switch (f.type) {
    case 'number': return 'number';
    case 'bool': return 'boolean';
    case 'duration': return 'Duration | GoDurationString';
    case 'bytesize': return 'string | number';
    default: return 'string | SecretKeyRef';
  }
}

function fieldDoc(t: DerivedType, f: DerivedField, indent: string, required: boolean, extra?: string, allowedHere?: readonly string[]): string {
  const parts = [`\`${f.name}\` (${f.type}${fieldSensitive(t, f) ? ', sensitive: only from a secret' : ''}${f.deprecated ? ', deprecated' : ''}).`];
  const allowed = allowedHere ?? f.allowed;
  if (allowed?.length) parts.push(`Allowed: ${allowed.map((v) => `\`${v || '""'}\``).join(', ')}.`);
  if (extra) parts.push(extra);
  const tag = f.default !== undefined && f.default !== '' ? ` @default ${JSON.stringify(f.default)}` : ' @default - daprd\'s default';
  return `${indent}/** ${docText(parts.join(' '))}${required ? '' : tag} */\n`;
}

function fieldLine(t: DerivedType, f: DerivedField, required: boolean, indent: string, extra?: string, allowedHere?: readonly string[]): string {
  if (isPattern(f.name)) {
    const pattern = f.name.replace(/<[^>]+>/g, '${string}');
    return `${indent}/** \`${docText(f.name)}\` (${f.type}). */\n${indent}readonly [field: \`${pattern}\`]: ${valueType(t, f)};\n`;
  }
  return `${fieldDoc(t, f, indent, required, extra, allowedHere)}${indent}readonly ${propKey(f.name)}${required ? '' : '?'}: ${valueType(t, f, allowedHere)};\n`;
}

function typeDoc(t: DerivedType): string {
  const lines = [`\`${t.specType}\` ${t.version} (${t.status}${t.defaultVersion ? '' : ', not the default version'}).`];
  if (t.aliases.length) lines.push(`Also registered as ${t.aliases.map((a) => `\`${a}\``).join(', ')}.`);
  if (t.capabilities?.length) lines.push(`Capabilities: ${t.capabilities.join(', ')}.`);
  if (t.binding) {
    const dirs = [t.binding.input ? 'input' : '', t.binding.output ? 'output' : ''].filter(Boolean).join(' and ');
    lines.push(`Binding: ${dirs || 'no direction'}${t.binding.operations?.length ? `; operations ${t.binding.operations.join(', ')}` : ''}.`);
  }
  if (t.profiles.length) lines.push(`Authentication profiles (the fields of one go together): ${t.profiles.map((p) => p.title).join('; ')}.`);
  if (t.unregistered) lines.push('daprd 1.18 registers no component of this type in its official builds.');
  if (t.sameAs) lines.push(`daprd runs it on the implementation of ${t.sameAs}, so it takes the same fields.`);
  if (t.deprecated) lines.push('daprd marks this version deprecated.');
  return lines.map(docText).join('\n * ');
}

function renderMetadataType(t: DerivedType): string {
  const name = metadataTypeName(t);
  const general = t.fields.filter((f) => f.general);
  const profileOnly = t.fields.filter((f) => !f.general);
  let out = `/**\n * Metadata of ${typeDoc(t)}\n */\n`;
  const body = general.map((f) => fieldLine(t, f, f.required === true, '  ')).join('');
  if (t.profiles.length === 0) {
    // A type without fields takes none; an empty interface would accept any name.
    return `${out}export interface ${name} {\n${body || '  readonly [field: string]: never;\n'}}\n`;
  }
  out += `export type ${name} = {\n${body}} & (\n`;
  const variants = t.profiles.map((p) => {
    const own = profileOnly.filter((f) => p.fields.includes(f.name));
    const requiredGeneral = general.filter((f) => p.required.includes(f.name) && !f.required);
    const others = profileOnly.filter((f) => !p.fields.includes(f.name));
    let v = `  /** Authentication: ${docText(p.title)}. */\n  | {\n`;
    v += requiredGeneral.map((f) => fieldLine(t, f, true, '    ', `Required by "${p.title}".`)).join('');
    v += own.map((f) => fieldLine(t, f, p.required.includes(f.name), '    ', undefined, p.allowed?.[f.name])).join('');
    const foreign = others.filter((f) => !isPattern(f.name)).map((f) => `readonly ${propKey(f.name)}?: never;`);
    if (foreign.length) v += `    // Fields of other authentication profiles.\n    ${foreign.join(' ')}\n`;
    return `${v}  }\n`;
  });
  return `${out}${variants.join('')});\n`;
}

/** The type with the project's corrections of the catalog applied. */
function corrected(t: DerivedType): DerivedType {
  const notRequired = NOT_REQUIRED_FIELDS[t.type] ?? [];
  const fields = t.fields.map((f) => (notRequired.includes(f.name) ? { ...f, required: undefined } : f));
  const separate = SEPARATE_CONNECTION_FIELDS_PROFILE.includes(t.type) && t.fields.some((f) => f.general && f.name === 'host');
  const profiles = separate ? [...t.profiles, { title: 'Separate connection fields (host, user, password, ...)', fields: [], required: [] }] : t.profiles;
  return { ...t, fields, profiles };
}

/** Stage 2: every generated file, by path relative to the repository. */
export function renderAll(data: DerivedCatalog): Map<string, string> {
  const files = new Map<string, string>();
  const types = data.types.map(corrected);
  const source = `${data.source.repo}@${data.source.commit.slice(0, 8)}${data.source.release ? ` (${data.source.release})` : ''}`;

  // Run-time data.
  const runtime: CatalogType[] = types.map((t) => ({
    type: t.type,
    specType: t.specType,
    ...(t.aliases.length ? { aliases: t.aliases } : {}),
    version: t.version,
    ...(t.defaultVersion ? { defaultVersion: true } : {}),
    ...(t.unregistered ? { unregistered: true } : {}),
    ...(isComponentResource(t) ? {} : { notAComponent: true }),
    className: PRESET_CLASSES[t.type] && t.defaultVersion ? PRESET_CLASSES[t.type] : className(t.type, t.version),
    fields: t.fields.map((f) => ({
      name: f.name,
      type: f.type,
      ...(fieldSensitive(t, f) ? { sensitive: true } : {}),
      ...(f.required ? { required: true } : {}),
      ...(f.general ? {} : { profileOnly: true }),
      ...(f.default !== undefined ? { default: f.default } : {}),
      ...(f.allowed ? { allowed: f.allowed } : {}),
    })),
    ...(t.profiles.length ? { profiles: t.profiles } : {}),
  }));
  files.set('lib/components/catalog/generated/catalog.ts',
    `${HEADER(`Every Dapr component type daprd 1.18 knows, from ${source}, with the project's sensitivity rules applied.`)}` +
    `import type { CatalogType } from '../catalog-types';\n\n` +
    `/** Every component type and version, sorted by spec type. */\n` +
    // A string for JSON.parse rather than an object literal: the compiler checks and transpiles a 190 KB
    // literal in about half a second each time, a string in none (the generator's own types checked it).
    `export const COMPONENT_CATALOG: readonly CatalogType[] = JSON.parse(${JSON.stringify(JSON.stringify(runtime))});\n`);

  // Metadata types and the type map.
  let meta = `${HEADER(`Typed metadata of every Dapr component type, from ${source}.`)}` +
    `import type { Duration } from 'cdk8s';\nimport type { SecretKeyRef } from '../../../secrets/secret-key-ref';\nimport type { GoDurationString } from '../go-duration';\n\n`;
  meta += types.map(renderMetadataType).join('\n');
  const bySpec = new Map<string, DerivedType[]>();
  for (const t of types) for (const s of specNames(t)) bySpec.set(s, [...(bySpec.get(s) ?? []), t]);
  const specs = [...bySpec.keys()].sort();
  meta += `\n/** The metadata type of each spec type (aliases included), by version. */\nexport interface ComponentMetadataByType {\n`;
  for (const s of specs) meta += `  ${JSON.stringify(s)}: { ${bySpec.get(s)!.map((t) => `${t.version}: ${metadataTypeName(t)}`).join('; ')} };\n`;
  meta += `}\n\n/** The version each spec type gets when \`version\` is left out. */\nexport interface ComponentDefaultVersion {\n`;
  for (const s of specs) {
    const list = bySpec.get(s)!;
    const def = list.find((t) => t.defaultVersion) ?? list[0];
    meta += `  ${JSON.stringify(s)}: ${JSON.stringify(def.version)};\n`;
  }
  meta += `}\n`;
  files.set('lib/components/catalog/generated/metadata.ts', meta);

  // Named classes.
  const classTypes = types.filter((t) => isComponentResource(t) && !(PRESET_CLASSES[t.type] && t.defaultVersion));
  let cls = `${HEADER(`One named construct per Dapr component type, from ${source}.`)}` +
    `import { Construct } from 'constructs';\nimport { DaprComponent, DaprComponentOptions } from '../../dapr-component';\nimport type * as m from './metadata';\n`;
  for (const t of classTypes) {
    const name = className(t.type, t.version);
    const hasRequired = t.fields.some((f) => f.required) || t.profiles.length > 0 && t.profiles.every((p) => p.required.length > 0);
    cls += `\n/** Props of a \`${t.specType}\` ${t.version} component. */\nexport interface ${name}Props extends DaprComponentOptions {\n` +
      `  /** \`spec.metadata\`${hasRequired ? '' : '. @default - none'} */\n  readonly metadata${hasRequired ? '' : '?'}: m.${metadataTypeName(t)};\n` +
      `  /** Allow a type daprd's official builds do not register. @default false */\n  readonly allowUnknownType?: boolean;\n}\n`;
    cls += `\n/**\n * A Dapr component of ${typeDoc(t)}\n */\nexport class ${name} extends DaprComponent<${JSON.stringify(t.specType)}> {\n` +
      `  public constructor(scope: Construct, id: string, props: ${name}Props${hasRequired ? '' : ' = {}'}) {\n` +
      `    super(scope, id, { ...props, type: ${JSON.stringify(t.specType)}, version: ${JSON.stringify(t.version)}, metadata: props.metadata } as any);\n  }\n}\n`;
  }
  files.set('lib/components/catalog/generated/classes.ts', cls);

  // The catalog's own sensitive flags, for isSensitiveField (curated additions live in sensitive-rules.ts).
  const flagged = new Map<string, Set<string>>();
  for (const t of types) {
    for (const s of new Set([t.type, ...specNames(t)])) {
      for (const f of t.fields) if (f.sensitive) flagged.set(s, (flagged.get(s) ?? new Set()).add(f.name));
    }
  }
  let sens = `${HEADER(`The catalog's sensitive flags, from ${source}.`)}/**\n * Metadata fields each Dapr component type marks sensitive in components-contrib, by \`spec.type\` (aliases\n` +
    ` * included). The project adds its curated list and the name rule (catalog/sensitive-rules.ts). The literal\n * \`as const\` types let \`DaprComponent.addMetadata\` refuse these names at compile time.\n */\nexport const SENSITIVE_FIELD_CATALOG = {\n`;
  for (const s of [...flagged.keys()].sort()) sens += `  ${JSON.stringify(s).replace(/"/g, "'")}: [${[...flagged.get(s)!].sort().map((n) => `'${n}'`).join(', ')}],\n`;
  sens += `} as const;\n\n/** \`SENSITIVE_FIELD_CATALOG\`, indexable by any type name. */\nexport const SENSITIVE_FIELDS: Readonly<Record<string, readonly string[]>> = SENSITIVE_FIELD_CATALOG;\n`;
  files.set('lib/components/sensitive-fields.generated.ts', sens);

  files.set('test/components/catalog/compile-checks.generated.ts', renderCompileChecks(types));
  return files;
}

/** A value of the field's type that is not a secret reference, for the compile checks. */
function plainValue(f: DerivedField): string {
  if (f.allowed?.length) return f.type === 'number' && /^\d+$/.test(f.allowed[0]) ? f.allowed[0] : JSON.stringify(f.allowed[0]);
  switch (f.type) {
    case 'number': return '1';
    case 'bool': return 'true';
    default: return "'x'";
  }
}

/** The profile the minimal metadata uses: one that requires nothing, else the first. */
export function minimalProfile(t: DerivedType): DerivedProfile | undefined {
  return t.profiles.find((p) => p.required.length === 0) ?? t.profiles[0];
}

/** The smallest metadata a type accepts: its required general fields and the minimal profile's required fields. */
export function minimalFields(t: DerivedType): DerivedField[] {
  const names = new Set(t.fields.filter((f) => f.required).map((f) => f.name));
  const profile = minimalProfile(t);
  for (const n of profile?.required ?? []) names.add(n);
  return t.fields.filter((f) => names.has(f.name));
}

function renderMinimal(t: DerivedType, override?: { name: string; value: string }, extra?: string): string {
  const profile = minimalProfile(t);
  const parts = minimalFields(t).filter((f) => f.name !== override?.name)
    .map((f) => `${propKey(f.name)}: ${fieldSensitive(t, f) ? 'ref' : plainValue({ ...f, allowed: profile?.allowed?.[f.name] ?? f.allowed })}`);
  if (override) parts.push(`${propKey(override.name)}: ${override.value}`);
  if (extra) parts.push(extra);
  return `{ ${parts.join(', ')} }`;
}

function renderCompileChecks(types: readonly DerivedType[]): string {
  let out = `${HEADER('Compile-time checks for every component type: each @ts-expect-error line must fail to compile.')}` +
    `import { Chart } from 'cdk8s';\nimport { DaprComponent, SecretKeyRef } from '../../../lib';\n\n` +
    `/** Never called: the file is checked by the compiler (tsc, and ts-jest when the test imports it). */\n` +
    `export function compileChecks(c: Chart, ref: SecretKeyRef): void {\n`;
  let i = 0;
  for (const t of types.filter(isComponentResource)) {
    const version = t.defaultVersion ? '' : `, version: ${JSON.stringify(t.version)}`;
    out += `  // ${t.specType} ${t.version}\n  new DaprComponent(c, 'c${i++}', { type: ${JSON.stringify(t.specType)}${version}, metadata: ${renderMinimal(t)} });\n`;
    for (const f of t.fields.filter((x) => fieldSensitive(t, x) && !isPattern(x.name))) {
      const profile = t.profiles.find((p) => p.fields.includes(f.name));
      const base = f.general || !profile ? renderMinimal(t, { name: f.name, value: "'plain'" }) : renderProfile(t, profile, { name: f.name, value: "'plain'" });
      out += `  // @ts-expect-error a plain string in sensitive ${f.name}\n  new DaprComponent(c, 'c${i++}', { type: ${JSON.stringify(t.specType)}${version}, metadata: ${base} });\n`;
    }
    const misspelled = misspell(t);
    out += `  // @ts-expect-error misspelled field ${misspelled}\n  new DaprComponent(c, 'c${i++}', { type: ${JSON.stringify(t.specType)}${version}, metadata: ${renderMinimal(t, undefined, `${propKey(misspelled)}: 'x'`)} });\n`;
  }
  return `${out}}\n`;
}

/** Minimal metadata of one profile, with one field overridden. */
export function renderProfile(t: DerivedType, p: DerivedProfile, override?: { name: string; value: string }): string {
  const names = new Set([...t.fields.filter((f) => f.required).map((f) => f.name), ...p.required]);
  const parts = t.fields.filter((f) => names.has(f.name) && f.name !== override?.name)
    .map((f) => `${propKey(f.name)}: ${fieldSensitive(t, f) ? 'ref' : plainValue({ ...f, allowed: p.allowed?.[f.name] ?? f.allowed })}`);
  if (!override) return `{ ${parts.join(', ')} }`;
  parts.push(`${propKey(override.name)}: ${override.value}`);
  return `{ ${parts.join(', ')} }`;
}

/** A misspelling of the type's first ordinary field (a doubled letter), or a made-up name for a type with none. */
export function misspell(t: DerivedType): string {
  const f = t.fields.find((x) => !isPattern(x.name) && x.name.length > 3);
  if (!f) return 'naem';
  const name = `${f.name.slice(0, 2)}${f.name[2]}${f.name.slice(2)}`;
  return t.fields.some((x) => x.name.toLowerCase() === name.toLowerCase()) ? `${f.name}x` : name;
}

// ---------------------------------------------------------------------------------------------------------

function main(argv: string[]): void {
  const check = argv.includes('--check');
  const at = argv.indexOf('--catalog');
  const explicit = at >= 0 ? argv[at + 1] : process.env.DAPR_COMPONENTS_CATALOG;
  const catalogPath = resolve(explicit ?? join(REPO, '..', 'shared', 'reference', 'dapr-components.json'));
  const derivedPath = join(REPO, DERIVED_FILE);
  if (!check && existsSync(catalogPath)) {
    const derived = deriveCatalog(JSON.parse(readFileSync(catalogPath, 'utf8')));
    writeFileSync(derivedPath, `{"source":${JSON.stringify(derived.source)},"types":[\n${derived.types.map((t) => JSON.stringify(t)).join(',\n')}\n]}\n`);
    console.log(`derived ${derived.types.length} component types from ${catalogPath} into ${DERIVED_FILE}`);
  } else if (!check) {
    if (explicit) throw new Error(`catalog ${catalogPath} not found`);
    console.log(`no catalog at ${catalogPath}; rendering from the committed ${DERIVED_FILE}`);
  }
  const files = renderAll(JSON.parse(readFileSync(derivedPath, 'utf8')));
  if (writeGenerated(files, check) > 0 && check) process.exitCode = 1;
}

runScript(module, main);
