/**
 * One searchable form of a value, as produced by {@link encodingsOf}.
 */
export interface EncodedForm {
  /**
   * Name of the encoding, e.g. `raw`, `json`, `base64@1` or `hex(json)`.
   *
   * Names never contain (any part of) the value.
   */
  readonly encoding: string;

  /**
   * The value in that encoding: the exact text to look for.
   */
  readonly text: string;
}

/**
 * Byte offsets (modulo 3) at which a value can start inside a larger buffer
 * that is base64-encoded as a whole.
 */
const ALIGNMENTS = [0, 1, 2] as const;

/**
 * The text-level forms a string value takes when it is embedded in a text
 * document. Every byte-level encoding below is applied to each of them.
 */
const TEXT_FORMS: ReadonlyArray<{ readonly name: string; readonly encode: (value: string) => string }> = [
  { name: 'raw', encode: (v) => v },
  { name: 'json', encode: jsonEscape },
  { name: 'json-html-safe', encode: (v) => htmlSafe(jsonEscape(v)) },
  { name: 'json-ascii', encode: (v) => asciiOnly(jsonEscape(v)) },
  { name: 'json-double', encode: (v) => jsonEscape(jsonEscape(v)) },
  { name: 'url', encode: encodeURIComponent },
  { name: 'form-urlencoded', encode: formUrlEncode },
];

/**
 * Returns every form in which `value` should be searched for in a manifest,
 * snapshot, log or any other output.
 *
 * Text-level forms (the value as it appears inside a text document):
 *
 * - `raw` - the value itself. Also what a YAML plain, single-quoted (as long as
 *   the value contains no `'`) or block scalar contains.
 * - `json` - JSON string escaping (`JSON.stringify` without the quotes). For
 *   `"`, `\`, `/`, `+`, `&`, `=`, `%`, space and non-ASCII letters this is also
 *   exactly how a YAML double-quoted scalar escapes the value (only `"` and `\`
 *   are escaped; the `yaml` package keeps non-ASCII characters as they are).
 * - `json-html-safe` - JSON with `<`, `>`, `&`, U+2028 and U+2029 written as
 *   `\u00XX` escapes, as Go's `encoding/json` (kubectl, helm) does by default.
 * - `json-ascii` - JSON with every non-ASCII character as a `\uXXXX` escape,
 *   as Python's `json.dumps` does by default.
 * - `json-double` - JSON-escaped twice: a JSON document embedded in a JSON
 *   string, e.g. the `kubectl.kubernetes.io/last-applied-configuration`
 *   annotation when the object is printed as JSON.
 * - `url` - `encodeURIComponent`.
 * - `form-urlencoded` - `application/x-www-form-urlencoded` (`+` for a space),
 *   as produced by `URLSearchParams`.
 *
 * Byte-level forms, applied to the UTF-8 bytes of each text-level form `F`
 * (named without the `(F)` suffix for `raw`):
 *
 * - `base64(F)` / `base64url(F)` - the whole value encoded on its own.
 * - `base64@N(F)` / `base64url@N(F)` for N = 0, 1, 2 - the value encoded as
 *   part of a larger buffer, starting at a byte offset congruent to N modulo 3
 *   (e.g. `base64("user:" + value)`). Only the characters that depend on the
 *   value alone are kept; the ones that also depend on the surrounding bytes
 *   are dropped from both ends.
 * - `hex(F)` - lowercase hexadecimal.
 *
 * Finally `base64(base64)` and `base64@M(base64@N)` cover a value that is
 * base64-encoded inside a buffer that is itself base64-encoded, e.g. the
 * `auth` field of a `.dockerconfigjson` stored in a Kubernetes Secret.
 *
 * Forms whose text is identical to an earlier form are left out, as are empty
 * forms, so the result holds no duplicates. The result never depends on
 * anything but `value`.
 *
 * @param value the plaintext to look for
 */
export function encodingsOf(value: string): EncodedForm[] {
  const forms: EncodedForm[] = [];
  const seen = new Set<string>();
  const add = (encoding: string, text: string | undefined) => {
    if (text === undefined || text.length === 0 || seen.has(text)) {
      return;
    }
    seen.add(text);
    forms.push({ encoding, text });
  };

  const textForms: Array<{ name: string; text: string }> = [];
  for (const form of TEXT_FORMS) {
    const text = tryEncode(form.encode, value);
    if (text !== undefined) {
      textForms.push({ name: form.name, text });
      add(form.name, text);
    }
  }

  for (const { name, text } of textForms) {
    const bytes = Buffer.from(text, 'utf8');
    const suffix = name === 'raw' ? '' : `(${name})`;
    add(`base64${suffix}`, bytes.toString('base64'));
    add(`base64url${suffix}`, bytes.toString('base64url'));
    for (const offset of ALIGNMENTS) {
      add(`base64@${offset}${suffix}`, alignedBase64(bytes, offset, 'base64'));
    }
    for (const offset of ALIGNMENTS) {
      add(`base64url@${offset}${suffix}`, alignedBase64(bytes, offset, 'base64url'));
    }
    add(`hex${suffix}`, bytes.toString('hex'));
  }

  // base64 inside base64.
  const raw = Buffer.from(value, 'utf8');
  add('base64(base64)', Buffer.from(raw.toString('base64'), 'utf8').toString('base64'));
  for (const inner of ALIGNMENTS) {
    const innerText = Buffer.from(alignedBase64(raw, inner, 'base64'), 'utf8');
    for (const outer of ALIGNMENTS) {
      add(`base64@${outer}(base64@${inner})`, alignedBase64(innerText, outer, 'base64'));
    }
  }

  return forms;
}

/**
 * The characters of `base64(pad + bytes + suffix)` that are determined by
 * `bytes` alone, for a pad of `offset` bytes and any suffix.
 *
 * Output character `k` encodes bits `[6k, 6k + 6)` of the input. The value
 * occupies bits `[8 * offset, 8 * (offset + n))`, so the characters that
 * depend on nothing else are those with `6k >= 8 * offset` and
 * `6k + 6 <= 8 * (offset + n)`.
 */
function alignedBase64(bytes: Buffer, offset: number, alphabet: 'base64' | 'base64url'): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(alphabet);
  const start = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return end > start ? encoded.slice(start, end) : '';
}

function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function htmlSafe(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, unicodeEscape);
}

function asciiOnly(json: string): string {
  return json.replace(/[^\x20-\x7e]/g, unicodeEscape);
}

function unicodeEscape(char: string): string {
  return '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0');
}

function formUrlEncode(value: string): string {
  // `=value`
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** Some encoders (encodeURIComponent) throw on lone surrogates. */
function tryEncode(encode: (value: string) => string, value: string): string | undefined {
  try {
    return encode(value);
  } catch {
    return undefined;
  }
}
