// MinHash over character n-grams with LSH band keys. Everything here is plain 32-bit integer arithmetic on typed
// arrays (Math.imul, no BigInt) so that it runs the same in the main thread and in worker threads.
import { fmix32, mulberry32 } from './hash.js';

/** Parameters shared by every thread hashing for one index: must be identical for band keys to agree. */
export interface MinHashParams {
  ngram: number;
  numPerm: number;
  bands: number;
  rows: number;
  /** Odd multipliers and addends of the permutations h_k(x) = a_k * x + b_k (mod 2^32). */
  a: Uint32Array;
  b: Uint32Array;
}

/** Signatures, shingle sets and band keys of a batch of texts, flat in typed arrays (transferable between threads). */
export interface HashedBatch {
  count: number;
  /** Shingle set of text i is sets[setOffsets[i] .. setOffsets[i + 1]), sorted ascending, unique. */
  setOffsets: Int32Array;
  sets: Uint32Array;
  /** Band key j of text i is bandKeys[i * bands + j]. */
  bandKeys: Uint32Array;
}

/**
 * Picks LSH rows per band: the most rows (fewest spurious candidates) for which a pair at exactly `threshold` still
 * becomes a candidate with probability >= `recall`: 1 - (1 - t^r)^b.
 */
export function chooseBands(threshold: number, numPerm: number, recall = 0.995): { bands: number; rows: number } {
  let best = { bands: numPerm, rows: 1 };
  for (let rows = 1; rows <= numPerm; rows++) {
    const bands = Math.floor(numPerm / rows);
    if (bands < 1) break;
    const p = 1 - Math.pow(1 - Math.pow(threshold, rows), bands);
    if (p >= recall) best = { bands, rows };
  }
  return best;
}

/** Builds seeded MinHash parameters; `bands` defaults to chooseBands(threshold, numPerm). */
export function makeMinHashParams(opts: { ngram: number; numPerm: number; seed: number; threshold: number; bands?: number }): MinHashParams {
  const rand = mulberry32(opts.seed);
  const a = new Uint32Array(opts.numPerm);
  const b = new Uint32Array(opts.numPerm);
  for (let k = 0; k < opts.numPerm; k++) {
    a[k] = rand() | 1;
    b[k] = rand();
  }
  let bands: number;
  let rows: number;
  if (opts.bands !== undefined) {
    bands = opts.bands;
    rows = Math.floor(opts.numPerm / bands);
  } else {
    ({ bands, rows } = chooseBands(opts.threshold, opts.numPerm));
  }
  return { ngram: opts.ngram, numPerm: opts.numPerm, bands, rows, a, b };
}

/** Reusable scratch buffers so hashing a batch allocates only its outputs. */
export class MinHashScratch {
  cps = new Int32Array(256);
  shingles = new Uint32Array(256);
  sig = new Uint32Array(0);

  ensure(n: number): void {
    if (this.cps.length < n) {
      const size = Math.max(n, this.cps.length * 2);
      this.cps = new Int32Array(size);
      this.shingles = new Uint32Array(size);
    }
  }
}

/**
 * Writes the sorted, unique 32-bit hashes of the character n-grams (code points) of `text` into scratch.shingles and
 * returns their count. A text shorter than n gives one shingle of the whole text; an empty text gives none.
 */
export function shingleInto(text: string, n: number, s: MinHashScratch): number {
  s.ensure(text.length + 1);
  const cps = s.cps;
  let len = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cps[len++] = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
        continue;
      }
    }
    cps[len++] = c;
  }
  if (len === 0) return 0;
  const width = Math.min(n, len);
  const count = len - width + 1;
  const sh = s.shingles;
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5 ^ width;
    for (let j = 0; j < width; j++) h = Math.imul(h ^ cps[i + j]!, 0x01000193);
    sh[i] = fmix32(h);
  }
  const view = sh.subarray(0, count);
  view.sort();
  let u = 0;
  for (let i = 0; i < count; i++) if (i === 0 || view[i] !== view[u - 1]) view[u++] = view[i]!;
  return u;
}

/**
 * MinHash signature of a shingle set: sig[k] = min over x of (a_k * x + b_k) mod 2^32. Four permutations share each
 * pass over the shingles, which quarters the loads and loop overhead.
 */
export function signatureInto(shingles: Uint32Array, count: number, p: MinHashParams, sig: Uint32Array): void {
  const { a, b, numPerm } = p;
  let k = 0;
  for (; k + 4 <= numPerm; k += 4) {
    const a0 = a[k]!, a1 = a[k + 1]!, a2 = a[k + 2]!, a3 = a[k + 3]!;
    const b0 = b[k]!, b1 = b[k + 1]!, b2 = b[k + 2]!, b3 = b[k + 3]!;
    let m0 = 0xffffffff, m1 = 0xffffffff, m2 = 0xffffffff, m3 = 0xffffffff;
    for (let i = 0; i < count; i++) {
      const x = shingles[i]!;
      const v0 = (Math.imul(a0, x) + b0) >>> 0;
      const v1 = (Math.imul(a1, x) + b1) >>> 0;
      const v2 = (Math.imul(a2, x) + b2) >>> 0;
      const v3 = (Math.imul(a3, x) + b3) >>> 0;
      if (v0 < m0) m0 = v0;
      if (v1 < m1) m1 = v1;
      if (v2 < m2) m2 = v2;
      if (v3 < m3) m3 = v3;
    }
    sig[k] = m0;
    sig[k + 1] = m1;
    sig[k + 2] = m2;
    sig[k + 3] = m3;
  }
  for (; k < numPerm; k++) {
    const ak = a[k]!;
    const bk = b[k]!;
    let m = 0xffffffff;
    for (let i = 0; i < count; i++) {
      const v = (Math.imul(ak, shingles[i]!) + bk) >>> 0;
      if (v < m) m = v;
    }
    sig[k] = m;
  }
}

/** LSH band keys of a signature: one 32-bit hash of each band's rows, salted with the band number. */
export function bandKeysInto(sig: Uint32Array, p: MinHashParams, out: Uint32Array, offset: number): void {
  for (let band = 0; band < p.bands; band++) {
    let h = Math.imul(band + 1, 0x9e3779b1);
    const base = band * p.rows;
    for (let r = 0; r < p.rows; r++) h = Math.imul(h ^ sig[base + r]!, 0x01000193) ^ (h >>> 15);
    out[offset + band] = fmix32(h);
  }
}

/** Hashes a batch of texts: shingle sets and band keys, the work that worker threads share. */
export function hashBatch(texts: readonly string[], p: MinHashParams, scratch = new MinHashScratch()): HashedBatch {
  const count = texts.length;
  const setOffsets = new Int32Array(count + 1);
  let total = 0;
  for (const t of texts) total += t.length;
  let sets = new Uint32Array(Math.max(16, total));
  const bandKeys = new Uint32Array(count * p.bands);
  if (scratch.sig.length < p.numPerm) scratch.sig = new Uint32Array(p.numPerm);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const n = shingleInto(texts[i]!, p.ngram, scratch);
    if (pos + n > sets.length) {
      const bigger = new Uint32Array(Math.max(pos + n, sets.length * 2));
      bigger.set(sets.subarray(0, pos));
      sets = bigger;
    }
    sets.set(scratch.shingles.subarray(0, n), pos);
    pos += n;
    setOffsets[i + 1] = pos;
    if (n > 0) {
      signatureInto(scratch.shingles, n, p, scratch.sig);
      bandKeysInto(scratch.sig, p, bandKeys, i * p.bands);
    }
  }
  return { count, setOffsets, sets: sets.slice(0, pos), bandKeys };
}

/** Exact Jaccard similarity of two sorted, unique arrays. */
export function jaccardSorted(x: Uint32Array, y: Uint32Array): number {
  const lx = x.length;
  const ly = y.length;
  if (lx === 0 && ly === 0) return 1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < lx && j < ly) {
    const a = x[i]!;
    const b = y[j]!;
    if (a === b) {
      inter++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return inter / (lx + ly - inter);
}
