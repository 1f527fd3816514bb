import { Canaries, compileNeedles, searchText } from './search';

export type { Canaries } from './search';
export { MIN_CANARY_LENGTH } from './search';

/**
 * A canary found in a text.
 *
 * Holds the canary's name, never its value.
 */
export interface Leak {
  /** Name of the canary (its key in the canaries record). */
  readonly canary: string;

  /**
   * Encoding in which it was found: a name from `encodingsOf`, with
   * `+wrapped` or `+folded` appended when the occurrence was split by a line
   * break (see {@link findLeaks}).
   */
  readonly encoding: string;

  /** Offset of the occurrence (UTF-16 code units for a string). */
  readonly index: number;
}

/**
 * Searches `text` for every canary in every encoding from `encodingsOf`.
 *
 * Also finds occurrences split by a line break, which YAML emitters and
 * base64 line wrapping introduce:
 *
 * - `<encoding>+folded` - a space of the encoded canary was replaced by a
 *   line break and indentation (a folded YAML scalar);
 * - `<encoding>+wrapped` - a line break and indentation, optionally preceded
 *   by `\`, was inserted inside the encoded canary (line-wrapped base64, an
 *   escaped line break in a YAML double-quoted scalar).
 *
 * An occurrence inside a longer occurrence of the same canary is reported
 * once, under the longer encoding (`base64`, not also `base64@0`). Results
 * are ordered by index.
 *
 * @param text the text to search
 * @param canaries canary values by name; every value must be at least
 *   `MIN_CANARY_LENGTH` characters long and no name may contain its value
 * @returns the leaks found; empty when the text is clean
 */
export function findLeaks(text: string, canaries: Canaries): Leak[] {
  return searchText(text, compileNeedles(canaries)).map((m) => ({
    canary: m.canary,
    encoding: m.encoding,
    index: m.start,
  }));
}
