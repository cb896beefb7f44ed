// The baseline: a bare MinHash kernel with nothing around it — character trigrams hashed with FNV-1a + fmix32 and
// `numPerm` multiply-add permutations, written as plainly and tightly as possible. No normalisation, no dedup of
// shingles, no band keys, no index, no threads.

/** Computes MinHash signatures of `texts` into `out` (texts.length * numPerm); returns nothing. */
export function bareMinHash(texts: readonly string[], a: Uint32Array, b: Uint32Array, ngram: number, out: Uint32Array): void {
  const numPerm = a.length;
  let cps = new Int32Array(1024);
  let sh = new Uint32Array(1024);
  for (let t = 0; t < texts.length; t++) {
    const s = texts[t]!;
    if (cps.length < s.length) {
      cps = new Int32Array(s.length * 2);
      sh = new Uint32Array(s.length * 2);
    }
    let len = 0;
    for (const ch of s) cps[len++] = ch.codePointAt(0)!;
    const width = Math.min(ngram, len);
    const count = len === 0 ? 0 : len - width + 1;
    for (let i = 0; i < count; i++) {
      let h = 0x811c9dc5 ^ width;
      for (let j = 0; j < width; j++) h = Math.imul(h ^ cps[i + j]!, 0x01000193);
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      sh[i] = h >>> 0;
    }
    const base = t * numPerm;
    for (let k = 0; k < numPerm; k++) {
      const ak = a[k]!;
      const bk = b[k]!;
      let m = 0xffffffff;
      for (let i = 0; i < count; i++) {
        const v = (Math.imul(ak, sh[i]!) + bk) >>> 0;
        if (v < m) m = v;
      }
      out[base + k] = m;
    }
  }
}
