import { createHash } from 'crypto';

let state: { seed: string; drawn: number } = { seed: 'unseeded', drawn: 0 };

/** Starts the sequence `randomBytesSeeded` draws from (test/support/seed-canaries.ts does, per test). */
export function seedRandom(seed: string): void {
  state = { seed, drawn: 0 };
}

/** `length` bytes, the same sequence for the same seed. For test values, never for key material. */
export function randomBytesSeeded(length: number): Buffer {
  const out: Buffer[] = [];
  for (let total = 0; total < length; total += 32) {
    out.push(createHash('sha256').update(`${state.seed}\0${state.drawn++}`).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}
