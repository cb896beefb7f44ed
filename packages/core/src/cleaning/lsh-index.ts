import { jaccardSorted } from './minhash.js';

function grow<T extends Int32Array | Uint32Array>(arr: T, need: number): T {
  if (need <= arr.length) return arr;
  const next = new (arr.constructor as new (n: number) => T)(Math.max(need, arr.length * 2));
  next.set(arr);
  return next;
}

/**
 * LSH index of kept texts: band key -> kept ids (chained hash table on typed arrays), plus every kept text's sorted
 * shingle set for exact Jaccard verification. Memory: 12 bytes per band entry (plus 4 in the head table) plus 4 bytes per shingle.
 */
export class LshIndex {
  private heads = new Int32Array(1 << 16).fill(-1);
  private mask = (1 << 16) - 1;
  /** Entries interleaved as [key, id, next] so that one lookup touches one cache line. */
  private entry = new Int32Array(3 << 16);
  private entries = 0;
  private setOffsets = new Int32Array(1 << 12);
  private sets = new Uint32Array(1 << 16);
  private stamp = new Int32Array(1 << 12);
  private query = 0;
  /** Number of kept texts. */
  size = 0;

  constructor(readonly bands: number) {}

  /** Shingle set of kept id `id`. */
  setOf(id: number): Uint32Array {
    return this.sets.subarray(this.setOffsets[id], this.setOffsets[id + 1]);
  }

  /** Kept ids sharing at least one band key with bandKeys[offset .. offset + bands), ascending. */
  candidates(bandKeys: Uint32Array, offset: number): number[] {
    const out: number[] = [];
    const q = ++this.query;
    for (let band = 0; band < this.bands; band++) {
      const key = bandKeys[offset + band]! | 0;
      const entry = this.entry;
      for (let e = this.heads[key & this.mask]!; e !== -1; e = entry[e * 3 + 2]!) {
        if (entry[e * 3] !== key) continue;
        const id = entry[e * 3 + 1]!;
        if (this.stamp[id] !== q) {
          this.stamp[id] = q;
          out.push(id);
        }
      }
    }
    return out.sort((x, y) => x - y);
  }

  /** The first kept id (in input order) whose set has Jaccard >= threshold with `set`, or -1 with the best seen. */
  findDuplicate(set: Uint32Array, bandKeys: Uint32Array, offset: number, threshold: number): { id: number; jaccard: number } {
    for (const id of this.candidates(bandKeys, offset)) {
      const other = this.setOf(id);
      const small = Math.min(set.length, other.length);
      const large = Math.max(set.length, other.length);
      if (small < threshold * large) continue; // Jaccard <= small / large.
      const j = jaccardSorted(set, other);
      if (j >= threshold) return { id, jaccard: j };
    }
    return { id: -1, jaccard: 0 };
  }

  /** Adds a kept text; returns its id. */
  insert(set: Uint32Array, bandKeys: Uint32Array, offset: number): number {
    const id = this.size++;
    this.setOffsets = grow(this.setOffsets, id + 2);
    this.stamp = grow(this.stamp, id + 1);
    const start = this.setOffsets[id]!;
    this.sets = grow(this.sets, start + set.length);
    this.sets.set(set, start);
    this.setOffsets[id + 1] = start + set.length;
    if (this.entries + this.bands > this.heads.length) this.rehash((this.heads.length << 1) >>> 0);
    this.entry = grow(this.entry, (this.entries + this.bands) * 3);
    for (let band = 0; band < this.bands; band++) {
      const key = bandKeys[offset + band]! | 0;
      const e = this.entries++;
      const slot = key & this.mask;
      this.entry[e * 3] = key;
      this.entry[e * 3 + 1] = id;
      this.entry[e * 3 + 2] = this.heads[slot]!;
      this.heads[slot] = e;
    }
    return id;
  }

  private rehash(size: number): void {
    this.heads = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    // Re-link in insertion order so chains stay newest-first, as after plain inserts.
    for (let e = 0; e < this.entries; e++) {
      const slot = this.entry[e * 3]! & this.mask;
      this.entry[e * 3 + 2] = this.heads[slot]!;
      this.heads[slot] = e;
    }
  }
}
