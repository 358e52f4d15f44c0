/**
 * A small seeded pseudo-random generator (sfc32) so generated districts are reproducible on every
 * runtime without a dependency. Not for cryptography.
 *
 * @module
 */

/** A seeded source of pseudo-random numbers. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  /** An integer in [min, max] (inclusive). */
  between(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T
  /** A new independent generator derived from this one and a label, so adding draws in one part does not shift another. */
  fork(label: string): Prng
}

/** Hashes a seed (number or string) to 32 bits with FNV-1a, so string seeds work and nearby numbers diverge. */
export function hashSeed(seed: number | string): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/**
 * Creates a seeded generator. Same seed ⇒ same sequence.
 * @param seed - any number or string
 */
export function createPrng(seed: number | string): Prng {
  let a = hashSeed(seed)
  let b = 0x9e3779b9
  let c = 0x243f6a88
  let d = 1
  const next = (): number => {
    a |= 0
    b |= 0
    c |= 0
    d |= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  // Warm up so weak seeds do not leak into the first draws.
  for (let i = 0; i < 12; i++) next()
  const prng: Prng = {
    next,
    int: (n) => Math.floor(next() * n),
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    fork: (label) => createPrng(`${seed}/${label}`),
  }
  return prng
}
