import { closest, distance } from 'fastest-levenshtein';
import type { CatalogType } from './catalog-types';
import { COMPONENT_CATALOG } from './generated/catalog';

const BY_SPEC = new Map<string, CatalogType[]>();
for (const t of COMPONENT_CATALOG) {
  for (const name of [t.specType, ...(t.aliases ?? [])]) {
    const key = name.toLowerCase();
    BY_SPEC.set(key, [...(BY_SPEC.get(key) ?? []), t]);
  }
}

/** Every version the catalog lists for a spec type or alias (case-insensitive, as daprd matches), default first. */
export function catalogVersions(specType: string): CatalogType[] {
  const list = BY_SPEC.get(specType.toLowerCase()) ?? [];
  return [...list].sort((a, b) => Number(b.defaultVersion ?? false) - Number(a.defaultVersion ?? false));
}

/** The catalog entry of a spec type at a version, if it has one. */
export function catalogEntry(specType: string, version: string): CatalogType | undefined {
  return catalogVersions(specType).find((t) => t.version === version);
}

/** Every spec type and alias daprd registers, sorted. */
export function knownSpecTypes(): string[] {
  return [...new Set(COMPONENT_CATALOG.flatMap((t) => [t.specType, ...(t.aliases ?? [])]))].sort();
}

/**
 * The nearest name of `candidates` to `input` (case-insensitive), or undefined when none is close enough
 * to be a likely typo (more than a third of the name differs).
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = candidates.map((c) => c.toLowerCase());
  const best = closest(input.toLowerCase(), lower);
  const d = distance(input.toLowerCase(), best);
  return d <= Math.max(2, Math.ceil(best.length / 3)) ? candidates[lower.indexOf(best)] : undefined;
}

/** The spec type a mistyped `spec.type` most likely meant, from the spec types, aliases and catalog names. */
export function suggestSpecType(input: string): string | undefined {
  const exact = COMPONENT_CATALOG.find((t) => t.type.toLowerCase() === input.toLowerCase() && t.type !== t.specType);
  if (exact) return exact.specType;
  const names = new Map<string, string>();
  for (const t of COMPONENT_CATALOG) {
    for (const n of [t.specType, t.type, ...(t.aliases ?? [])]) names.set(n, t.specType === n || (t.aliases ?? []).includes(n) ? n : t.specType);
  }
  const guess = didYouMean(input, [...names.keys()]);
  return guess === undefined ? undefined : names.get(guess);
}
