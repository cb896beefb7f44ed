/**
 * Small seeded pseudo-random generator (mulberry32, Tommy Ettinger 2017): the same seed always gives the same
 * sequence, so seeded tie-breaks and restarts are reproducible across runs and machines.
 */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
