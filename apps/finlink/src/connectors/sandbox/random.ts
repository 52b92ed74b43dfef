import { createHash } from "node:crypto";

type Part = string | number;

// A separator that cannot appear in ids or usernames keeps ("ab", "c") and ("a", "bc") apart.
function digest(parts: readonly Part[]): Buffer {
  return createHash("sha256").update(parts.join("\u001f")).digest();
}

/**
 * A stable opaque id: the prefix plus 20 hex characters (80 bits) of SHA-256 over the parts.
 * @example stableId("tx", "sandbox_bank", "user_good", "acc_…", 20500, 0) // "tx_5c1e…"
 */
export function stableId(prefix: string, ...parts: Part[]): string {
  return `${prefix}_${digest([prefix, ...parts])
    .toString("hex")
    .slice(0, 20)}`;
}

/** Four 32-bit words of SHA-256: the root seed of everything generated for one entity + user. */
export type Seed = readonly [number, number, number, number];

export function seedFrom(...parts: Part[]): Seed {
  const bytes = digest(parts);
  return [bytes.readUInt32LE(0), bytes.readUInt32LE(4), bytes.readUInt32LE(8), bytes.readUInt32LE(12)];
}

/** A seeded generator; `Math.random` cannot be seeded, and sandbox data must repeat exactly. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** How many events happen in a period that averages `mean` of them. */
  poisson(mean: number): number;
  /** `count` random decimal digits. */
  digits(count: number): string;
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counting generator): a few integer operations per number and
 * good statistical quality, so 50,000 transactions cost next to nothing.
 */
export function createRng(seed: Seed, ...streams: number[]): Rng {
  let [a, b, c, d] = seed;
  for (const [i, stream] of streams.entries()) {
    if (i % 2 === 0) b ^= stream;
    else c ^= stream;
  }
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Seeds that differ in one word (day n and day n + 1) need a few rounds before their outputs diverge.
  for (let i = 0; i < 15; i++) next();

  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    poisson: (mean) => {
      // Knuth's method: exact and fast for the small means used here (at most a few dozen).
      const limit = Math.exp(-mean);
      let count = -1;
      for (let product = 1; product > limit; product *= next()) count++;
      return count;
    },
    digits: (count) => {
      let out = "";
      for (let i = 0; i < count; i++) out += String(int(0, 9));
      return out;
    },
  };
}
