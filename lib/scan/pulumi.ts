import { Canaries, compileNeedles, Needle, Representation, searchText } from './search';

/**
 * Key of the signature property that marks a special value in Pulumi's
 * serialized property format (`specialSigKey` in `@pulumi/pulumi/runtime/rpc`).
 */
export const PULUMI_SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';

/**
 * Signature value that marks a secret (`specialSecretSig` in
 * `@pulumi/pulumi/runtime/rpc`). A secret is serialized as
 * `{ [PULUMI_SECRET_SIG_KEY]: PULUMI_SECRET_SIG_VALUE, value: <plaintext> }`.
 */
export const PULUMI_SECRET_SIG_VALUE = '1b47061264138c4ac30d75fd1eb44270';

/**
 * A Pulumi secret wrapper as it appears in the mock runtime's resource inputs.
 */
export interface PulumiSecretWrapper {
  readonly [PULUMI_SECRET_SIG_KEY]: typeof PULUMI_SECRET_SIG_VALUE;
  readonly value?: unknown;
}

/**
 * Whether `value` is a Pulumi secret wrapper.
 */
export function isPulumiSecret(value: unknown): value is PulumiSecretWrapper {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>)[PULUMI_SECRET_SIG_KEY] === PULUMI_SECRET_SIG_VALUE
  );
}

/**
 * A canary found outside any Pulumi secret wrapper.
 *
 * Holds the canary's name, never its value.
 */
export interface UnwrappedSecret {
  /** Name of the canary. */
  readonly canary: string;

  /**
   * JSON path of the string that contains it, e.g.
   * `spec.template.metadata.annotations["dapr.io/app-id"]` or `items[0].data`;
   * `""` for the root. A key that itself contains a canary is written as
   * `[<redacted>]`.
   */
  readonly path: string;

  /** Encoding in which it was found (see `findLeaks`). */
  readonly encoding: string;

  /**
   * `value` when the canary is in the string (or number) at `path`, `key`
   * when it is in the last property name of `path`.
   */
  readonly location: 'value' | 'key';
}

const AS_LATIN1_BYTES: Representation = (text) => [{ suffix: '', text: Buffer.from(text, 'utf8').toString('latin1') }];

/**
 * Finds canaries that are not protected by a Pulumi secret wrapper.
 *
 * Walks a JSON-like value, such as the `inputs` that Pulumi's mock runtime
 * passes to `newResource` or the state it returns. Everything inside the
 * `value` of a secret wrapper (see {@link isPulumiSecret}) is allowed to
 * contain canaries. Every other string, number and property name is searched
 * for every canary in every encoding from `encodingsOf`, so a base64 copy of
 * a secret sitting next to its wrapper is reported. Byte arrays are searched
 * as bytes. Circular references are not followed.
 *
 * @param value the structure to check
 * @param canaries canary values by name
 * @returns one entry per canary, path, encoding and location; empty when
 *   every canary is wrapped
 */
export function findUnwrappedSecrets(value: unknown, canaries: Canaries): UnwrappedSecret[] {
  const textNeedles = compileNeedles(canaries);
  const byteNeedles = compileNeedles(canaries, AS_LATIN1_BYTES);
  const found = new Map<string, UnwrappedSecret>();
  const ancestors = new Set<object>();

  const report = (text: string, needles: readonly Needle[], at: string, location: UnwrappedSecret['location']) => {
    for (const m of searchText(text, needles)) {
      const finding: UnwrappedSecret = { canary: m.canary, path: at, encoding: m.encoding, location };
      found.set(JSON.stringify([m.canary, at, m.encoding, location]), finding);
    }
  };

  const visit = (node: unknown, at: string): void => {
    switch (typeof node) {
      case 'string':
        report(node, textNeedles, at, 'value');
        return;
      case 'number':
      case 'bigint':
        report(String(node), textNeedles, at, 'value');
        return;
      case 'object':
        break;
      default:
        return; // undefined, boolean, symbol, function
    }
    if (node === null || ancestors.has(node)) {
      return;
    }
    if (node instanceof Uint8Array) {
      report(Buffer.from(node.buffer, node.byteOffset, node.byteLength).toString('latin1'), byteNeedles, at, 'value');
      return;
    }
    ancestors.add(node);
    try {
      if (Array.isArray(node)) {
        node.forEach((item, i) => visit(item, `${at}[${i}]`));
        return;
      }
      const secret = isPulumiSecret(node);
      for (const [key, child] of Object.entries(node)) {
        const keyLeaks = searchText(key, textNeedles);
        const childPath = appendKey(at, key, keyLeaks.length > 0);
        for (const m of keyLeaks) {
          const finding: UnwrappedSecret = { canary: m.canary, path: childPath, encoding: m.encoding, location: 'key' };
          found.set(JSON.stringify([m.canary, childPath, m.encoding, 'key']), finding);
        }
        if (secret && key === 'value') {
          continue; // protected
        }
        visit(child, childPath);
      }
    } finally {
      ancestors.delete(node);
    }
  };

  visit(value, '');
  return [...found.values()];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function appendKey(at: string, key: string, redact: boolean): string {
  if (redact) {
    return `${at}[<redacted>]`;
  }
  if (IDENTIFIER.test(key)) {
    return at === '' ? key : `${at}.${key}`;
  }
  return `${at}[${JSON.stringify(key)}]`;
}
