/** Final avalanche of MurmurHash3: spreads every input bit over the 32-bit result. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a string's UTF-16 code units (MurmurHash3-style mixing), seeded. */
export function hashString32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= s.length;
  return fmix32(h);
}

/**
 * 53-bit hash of a string (two independent 32-bit hashes), exact as a JS number so it can key a Set without BigInt.
 * Collision chance among one million texts is about 5e-5.
 */
export function hashString53(s: string): number {
  const hi = hashString32(s, 0x9747b28c) & 0x1fffff;
  const lo = hashString32(s, 0x5bd1e995);
  return hi * 0x100000000 + lo;
}

/** Small seeded PRNG (mulberry32) for reproducible hash parameters. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
