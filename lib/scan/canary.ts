import { createHash, randomBytes } from 'crypto';

/**
 * Fixed start of every canary value.
 *
 * It names the value as a test canary, so it cannot be mistaken for (or match
 * the pattern of) any real credential, and it contains characters that every
 * encoding in `encodingsOf` changes: `/ + " & = %`, a space, a non-ASCII
 * letter, `\`, `?`, `~` and `>`. Because it sits at byte offset 0 of the
 * value, its base64 encoding at every alignment contains `+` or `/`, so the
 * base64 and base64url forms of a canary always differ.
 */
export const CANARY_PREFIX = 'dsc-canary:/+"&=% é\\?~>';

/**
 * Pattern a canary label must match.
 */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/**
 * Returns a fresh canary credential value for a test.
 *
 * A canary is planted where a secret would go (a password, a token, a
 * connection string) and the outputs are then searched for it with
 * `findLeaks`, `scanFiles` or `findUnwrappedSecrets`. The value is
 * `CANARY_PREFIX`, the label and 128 random bits from `crypto.randomBytes`,
 * so it cannot occur anywhere by chance:
 *
 * ```
 * dsc-canary:/+"&=% é\?~>redis-password:3f0c...e1
 * ```
 *
 * Never log or print the value; refer to a canary by its name.
 *
 * @param label a short name that makes the value recognisable
 *   (letters, digits, `_`, `.`, `-`; at most 63 characters)
 */
export function makeCanary(label: string): string {
  if (!LABEL.test(label)) {
    throw new Error(`Invalid canary label ${JSON.stringify(label)}: expected ${LABEL}`);
  }
  return `${CANARY_PREFIX}${label}:${randomBits()}`;
}

let seeded: { seed: string; drawn: number } | undefined;

/**
 * Makes the values `makeCanary` returns reproducible: from now on their random part is drawn from `seed`
 * (the n-th value after seeding is the same for the same seed), so a failure seen once can be repeated.
 * `undefined` goes back to `crypto.randomBytes`. A test runner seeds per test and prints the seed on failure.
 */
export function seedCanaries(seed: string | undefined): void {
  seeded = seed === undefined ? undefined : { seed, drawn: 0 };
}

function randomBits(): string {
  if (seeded === undefined) return randomBytes(16).toString('hex');
  return createHash('sha256').update(`${seeded.seed}\0${seeded.drawn++}`).digest('hex').slice(0, 32);
}
