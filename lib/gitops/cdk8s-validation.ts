import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { catalogProblems } from '../components/catalog/check';
import { plainSensitiveMetadata } from '../components/sensitive-fields';
import { describeProblem } from '../core/errors';
import { renderedObjectFindings } from '../scanner/synth-check';
import { duplicateMessages, validateManifest } from '../validation/validate';
import { developmentOnlyProblems } from './production';

/** What the plugin reads of cdk8s-cli's validation context (cdk8s-cli `ValidationContext`). */
export interface ValidationContextLike {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(v: { ruleName: string; recommendation: string; fix: string; violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }> }): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
}

/** Properties of the plugin, from `properties` in cdk8s.yaml. */
export interface DaprSecureValidationProperties {
  /** Also refuse development-only stores and settings (as a production stage does). @default false */
  readonly production?: boolean;
  /**
   * Component types the catalog does not know that are expected (pluggable or newer components), as
   * `allowUnknownType: true` allows them in the program. The name-based sensitive-field guard still applies.
   * @default - none: an unknown `spec.type` is a violation
   */
  readonly allowUnknownTypes?: readonly string[];
}

/** One problem found in one object of one manifest. */
export interface ManifestViolation {
  readonly rule: 'schema' | 'duplicate' | 'plain-sensitive-metadata' | 'component-catalog' | 'credential' | 'plaintext-secret' | 'development-only';
  readonly manifestPath: string;
  readonly resourceName: string;
  readonly message: string;
}

const RULES: Record<ManifestViolation['rule'], { recommendation: string; fix: string }> = {
  'schema': { recommendation: 'Every object must validate against its Kubernetes, Dapr, Sealed Secrets or External Secrets schema', fix: 'Correct the field the message names in the program' },
  'duplicate': { recommendation: 'Two objects with one group, kind, namespace and name overwrite each other on apply', fix: 'Give one of them another name or namespace' },
  'plain-sensitive-metadata': { recommendation: 'A sensitive Dapr metadata field must be a secretKeyRef, never a value', fix: "Use addSecretMetadata(name, secret.keyRef('<key>')) of a DeclaredSecret" },
  'component-catalog': { recommendation: 'A Dapr Component must name a type daprd registers, at a version it has, with the metadata fields of that type and their allowed values', fix: 'Correct the field the message names (its did-you-mean), or list a pluggable type in allowUnknownTypes' },
  'credential': { recommendation: 'No credential may sit in a manifest as a plain value: headers, URLs, connection strings, env values, annotations, private keys', fix: 'Declare the credential as a secret and reference it (secretKeyRef)' },
  'plaintext-secret': { recommendation: 'A Secret with data in a manifest is a credential in plaintext (base64 is no encryption)', fix: 'Deliver it sealed, external or out of band (SecretDelivery)' },
  'development-only': { recommendation: 'Production output must not use development-only stores or settings', fix: 'Use a Kubernetes, sealed, external or managed secret store, info logs and pinned images' },
};

/** Every violation in the manifests at `files` (kustomizations skipped). Pure apart from reading the files. */
export function manifestViolations(files: readonly string[], properties: DaprSecureValidationProperties = {}): ManifestViolation[] {
  const out: ManifestViolation[] = [];
  const all: Array<{ obj: any; file: string }> = [];
  for (const file of files) {
    if (path.basename(file) === 'kustomization.yaml') continue;
    const objects = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o !== null && o !== undefined);
    for (const obj of objects) {
      if (typeof obj?.apiVersion === 'string' && obj.apiVersion.startsWith('kustomize.config.k8s.io/')) continue;
      all.push({ obj, file });
      const name = `${obj?.kind}/${obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj?.metadata?.name}`;
      const add = (rule: ManifestViolation['rule'], message: string) => out.push({ rule, manifestPath: file, resourceName: name, message });
      for (const m of validateManifest(obj)) add('schema', m);
      if (typeof obj?.apiVersion === 'string' && obj.apiVersion.startsWith('dapr.io/') && obj.kind === 'Component') {
        for (const p of plainSensitiveMetadata(obj)) add('plain-sensitive-metadata', `${p.field}: ${p.problem}`);
        const allowUnknownType = typeof obj.spec?.type === 'string' && (properties.allowUnknownTypes ?? []).includes(obj.spec.type);
        for (const p of catalogProblems(obj, { allowUnknownType })) add('component-catalog', describeProblem(p));
      }
      if (obj?.apiVersion === 'v1' && obj.kind === 'Secret' && (obj.data || obj.stringData)) add('plaintext-secret', `${obj.data ? 'data' : 'stringData'} holds a credential in plaintext`);
      else for (const f of renderedObjectFindings(obj)) add('credential', f);
      if (properties.production) for (const m of developmentOnlyProblems(obj)) add('development-only', m);
    }
  }
  // Duplicates only within one folder (one stage): stages are applied separately.
  const byDir = new Map<string, Array<{ obj: any; file: string }>>();
  for (const x of all) byDir.set(path.dirname(x.file), [...(byDir.get(path.dirname(x.file)) ?? []), x]);
  for (const group of byDir.values()) {
    for (const m of duplicateMessages(group.map((x) => x.obj))) out.push({ rule: 'duplicate', manifestPath: group[0].file, resourceName: m.split(':')[0], message: m });
  }
  return out;
}

/**
 * The project's offline manifest checks as a cdk8s CLI validation plugin, so `cdk8s synth` of any program
 * runs them. In cdk8s.yaml:
 *
 *   validations:
 *     - package: ./node_modules/dapr-secure-constructs/bin/cdk8s-validation.js
 *       version: 0.1.0
 *       class: DaprSecureValidation
 *       properties: { production: true, allowUnknownTypes: [state.mycorp] }   # optional
 */
export class DaprSecureValidation {
  public constructor(private readonly properties: DaprSecureValidationProperties = {}) {}

  public async validate(context: ValidationContextLike): Promise<void> {
    const violations = manifestViolations(context.manifests, this.properties);
    for (const rule of Object.keys(RULES) as Array<ManifestViolation['rule']>) {
      const ofRule = violations.filter((v) => v.rule === rule);
      if (ofRule.length === 0) continue;
      const byResource = new Map<string, ManifestViolation[]>();
      for (const v of ofRule) byResource.set(`${v.manifestPath}\u0000${v.resourceName}`, [...(byResource.get(`${v.manifestPath}\u0000${v.resourceName}`) ?? []), v]);
      context.report.addViolation({
        ruleName: `dapr-secure/${rule}`,
        recommendation: RULES[rule].recommendation,
        fix: RULES[rule].fix,
        violatingResources: [...byResource.values()].map((vs) => ({ resourceName: vs[0].resourceName, manifestPath: vs[0].manifestPath, locations: vs.map((v) => v.message) })),
      });
    }
    context.report.submit(violations.length === 0 ? 'success' : 'failure', { manifests: String(context.manifests.length), violations: String(violations.length) });
  }
}
