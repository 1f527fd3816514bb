/**
 * Runs the upstream kubernetes-models validators for SealedSecret, ExternalSecret, SecretStore and
 * ClusterSecretStore (ESM-only packages) in a child Node process through upstream-validate.mjs.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

/** The script that loads the upstream packages. */
export const UPSTREAM_SCRIPT = path.join(__dirname, 'upstream-validate.mjs');

/** The `<apiVersion>/<kind>` pairs the script has upstream validators for. */
export const UPSTREAM_KINDS: readonly string[] = [
  'bitnami.com/v1alpha1/SealedSecret',
  'external-secrets.io/v1/ExternalSecret',
  'external-secrets.io/v1/SecretStore',
  'external-secrets.io/v1/ClusterSecretStore',
];

/** One error as ajv reports it. */
export interface UpstreamError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message: string;
}

/** The upstream verdict on one object. */
export interface UpstreamResult {
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  /** `<apiVersion>/<kind>` of the upstream model used, or null when there is none for the object. */
  readonly validator: string | null;
  /** null when there is no validator. */
  readonly valid: boolean | null;
  readonly errors: UpstreamError[];
}

/** Validates `objects` with the upstream validators; one result per object, in order. */
export function validateUpstream(objects: readonly unknown[]): UpstreamResult[] {
  const run = spawnSync(process.execPath, [UPSTREAM_SCRIPT], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    cwd: path.dirname(UPSTREAM_SCRIPT),
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`upstream-validate.mjs exited with ${run.status}: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as UpstreamResult[];
  if (results.length !== objects.length) throw new Error(`upstream-validate.mjs returned ${results.length} results for ${objects.length} objects`);
  return results;
}

/** `Kind/name: path keyword` for each error of each invalid result, for readable assertions. */
export function upstreamFailures(results: readonly UpstreamResult[]): string[] {
  return results.filter((r) => r.valid === false).flatMap((r) => r.errors.map((e) => `${r.kind}/${r.name}: ${e.instancePath || '/'} ${e.message}`));
}
