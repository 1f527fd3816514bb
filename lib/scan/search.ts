// Internal search machinery shared by findLeaks, scanFiles and
// findUnwrappedSecrets. Not part of the public API.

import { encodingsOf } from './encodings';

/**
 * Canary values by name. Only names are ever reported.
 */
export type Canaries = Readonly<Record<string, string>>;

/**
 * Shortest canary value accepted. Shorter values would make the aligned
 * base64 forms short enough to match by chance.
 */
export const MIN_CANARY_LENGTH = 16;

/** One exact string to look for. */
export interface Needle {
  readonly canary: string;
  readonly encoding: string;
  readonly text: string;
}

/** One occurrence of a needle, as a half-open range of the searched text. */
export interface Match {
  readonly canary: string;
  readonly encoding: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Turns the text of one encoded form into the strings to search for, with a
 * suffix for the encoding name (`''` for the form itself).
 */
export type Representation = (text: string) => Array<{ readonly suffix: string; readonly text: string }>;

const AS_IS: Representation = (text) => [{ suffix: '', text }];

/**
 * Validates the canaries and returns every needle for them.
 */
export function compileNeedles(canaries: Canaries, represent: Representation = AS_IS): Needle[] {
  const needles: Needle[] = [];
  for (const [name, value] of Object.entries(canaries)) {
    if (typeof value !== 'string') {
      throw new TypeError(`Canary "${name}" must be a string`);
    }
    if (value.length < MIN_CANARY_LENGTH) {
      throw new Error(`Canary "${name}" is too short to search for reliably (minimum ${MIN_CANARY_LENGTH} characters); use makeCanary()`);
    }
    if (name.length === 0 || name.includes(value)) {
      throw new Error('Every canary needs a non-empty name that does not contain its value');
    }
    const seen = new Set<string>();
    for (const form of encodingsOf(value)) {
      for (const rep of represent(form.text)) {
        if (rep.text.length > 0 && !seen.has(rep.text)) {
          seen.add(rep.text);
          needles.push({ canary: name, encoding: form.encoding + rep.suffix, text: rep.text });
        }
      }
    }
  }
  return needles;
}

/**
 * Finds every occurrence of every needle in `text`.
 *
 * Besides exact occurrences this also finds needles split by a line break:
 * `wrapped` when the line break (plus the indentation after it, and an
 * optional `\` before it) was inserted between two characters, as in
 * line-wrapped base64 or an escaped line break in a YAML double-quoted
 * scalar; `folded` when a space of the needle was replaced by a line break
 * and indentation, as YAML does when it folds a long scalar.
 *
 * An occurrence that lies inside a longer occurrence of the same canary (for
 * example `base64@0` inside `base64`) is left out.
 */
export function searchText(text: string, needles: readonly Needle[]): Match[] {
  const matches: Match[] = [];
  for (const needle of needles) {
    for (const start of occurrences(text, needle.text)) {
      matches.push({ canary: needle.canary, encoding: needle.encoding, start, end: start + needle.text.length });
    }
  }

  if (/[\r\n]/.test(text)) {
    const views: Array<{ suffix: string; view: View; needles: readonly Needle[] }> = [
      { suffix: '+wrapped', view: makeView(text, /\\?\r?\n[ \t]*/g, ''), needles },
      { suffix: '+folded', view: makeView(text, /\r?\n[ \t]*/g, ' '), needles: needles.filter((n) => n.text.includes(' ')) },
    ];
    for (const { suffix, view, needles: viewNeedles } of views) {
      for (const needle of viewNeedles) {
        for (const viewStart of occurrences(view.text, needle.text)) {
          const start = view.map[viewStart];
          const end = view.map[viewStart + needle.text.length - 1] + 1;
          if (text.slice(start, end) !== needle.text) {
            matches.push({ canary: needle.canary, encoding: needle.encoding + suffix, start, end });
          }
        }
      }
    }
  }

  if (matches.length === 0) return matches;
  const order = new Map<string, number>();
  needles.forEach((n, i) => order.set(n.canary + '\u0000' + n.encoding, i));
  const rank = (m: Match) => order.get(m.canary + '\u0000' + m.encoding.replace(/\+(wrapped|folded)$/, '')) ?? 0;
  return dropContained(matches).sort((a, b) => a.start - b.start || rank(a) - rank(b) || cmp(a.encoding, b.encoding));
}

/** Start offsets of every (possibly overlapping) occurrence of `needle`. */
function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) {
    found.push(i);
  }
  return found;
}

/** A rewritten copy of a text with the offset in the original of every character. */
interface View {
  readonly text: string;
  readonly map: Int32Array;
}

function makeView(text: string, pattern: RegExp, replacement: string): View {
  const parts: string[] = [];
  // A view is never longer than the text: every break is replaced by at most
  // as many characters as it had.
  const map = new Int32Array(text.length);
  let length = 0;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    parts.push(text.slice(last, at), replacement);
    for (let i = last; i < at; i++) {
      map[length++] = i;
    }
    for (let i = 0; i < replacement.length; i++) {
      map[length++] = at;
    }
    last = at + m[0].length;
  }
  parts.push(text.slice(last));
  for (let i = last; i < text.length; i++) {
    map[length++] = i;
  }
  return { text: parts.join(''), map: map.subarray(0, length) };
}

/** Removes matches that lie inside a strictly longer match of the same canary. */
function dropContained(matches: Match[]): Match[] {
  const byCanary = new Map<string, Match[]>();
  for (const m of matches) {
    const list = byCanary.get(m.canary) ?? [];
    list.push(m);
    byCanary.set(m.canary, list);
  }
  const kept: Match[] = [];
  for (const list of byCanary.values()) {
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    let maxEndBefore = -1; // over matches starting strictly before the current group
    let groupStart = -1;
    let groupEnd = -1; // largest end in the current group (its first match)
    for (const m of list) {
      if (m.start !== groupStart) {
        maxEndBefore = Math.max(maxEndBefore, groupEnd);
        groupStart = m.start;
        groupEnd = m.end;
      }
      if (maxEndBefore < m.end && groupEnd <= m.end) {
        kept.push(m);
      }
    }
  }
  return kept;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
