import type { DedupNearOptions } from '@biaozhu/contract';
import { LshIndex } from './lsh-index.js';
import { makeMinHashParams } from './minhash.js';
import type { MinHashParams } from './minhash.js';
import { MinHashPool, defaultThreads } from './minhash-pool.js';
import { StepCounter, excerpt } from './step-counter.js';
import { dedupKey } from './text-key.js';
import type { CleaningStep, Item } from './types.js';

interface ClusterExample {
  kept: { index: number; text: string };
  duplicates: { index: number; text: string; jaccard: number }[];
}

const DUPLICATES_PER_EXAMPLE = 3;
const PENDING_TEXTS = 4096;

/**
 * Near-duplicate removal: MinHash over character n-grams with LSH banding; every candidate is verified by the exact
 * Jaccard similarity of the shingle sets, so the threshold is exact. The first text of each cluster (input order) is
 * kept; a later text is a duplicate when it reaches the threshold with any kept text.
 */
export class DedupNearStep implements CleaningStep {
  readonly name = 'dedup-near';
  private readonly counter: StepCounter;
  readonly params: MinHashParams;
  private pool: MinHashPool | undefined;
  private readonly index: LshIndex;
  /** kept id -> input index, for reports. */
  private keptIndex = new Int32Array(1024);
  private readonly clusterSizes = new Map<number, number>();
  private readonly examples = new Map<number, ClusterExample>();
  private readonly threads: number;
  /** Milliseconds spent hashing (in workers or here) and in the LSH index and verification. */
  hashMs = 0;
  indexMs = 0;
  /** Called for every duplicate with its input index and the input index of the kept text it matched. */
  onDuplicate: ((index: number, keptIndex: number, jaccard: number) => void) | undefined;

  constructor(
    private readonly opts: DedupNearOptions,
    private readonly maxExamples: number,
  ) {
    this.counter = new StepCounter(this.name, maxExamples);
    this.params = makeMinHashParams(opts);
    this.index = new LshIndex(this.params.bands);
    this.threads = opts.threads ?? defaultThreads();
  }

  async init(): Promise<void> {
    if (this.pool) return;
    this.pool = await MinHashPool.create(this.params, this.threads);
    this.hashing = this.pool.usingWorkers ? `${this.pool.threads} threads (calling thread + ${this.pool.threads - 1} workers)` : 'calling thread';
    this.fallbackReason = this.pool.fallbackReason;
  }

  /** Where hashing runs, fixed when the pool starts (the report outlives the pool). */
  hashing = 'not started';
  fallbackReason: string | undefined;

  async process(batch: Item[]): Promise<Item[]> {
    await this.init();
    const pool = this.pool!;
    const c = this.counter;
    const keys = batch.map((it) => dedupKey(it.text, this.opts.key));
    const t0 = performance.now();
    const hashed = await pool.hash(keys);
    const t1 = performance.now();
    this.hashMs += t1 - t0;
    const out: Item[] = [];
    const bands = this.params.bands;
    for (let i = 0; i < batch.length; i++) {
      const item = batch[i]!;
      c.in++;
      const set = hashed.sets.subarray(hashed.setOffsets[i], hashed.setOffsets[i + 1]);
      if (set.length === 0) {
        c.find('empty', { index: item.index, text: item.text });
        c.out++;
        out.push(item);
        continue;
      }
      const dup = this.index.findDuplicate(set, hashed.bandKeys, i * bands, this.opts.threshold);
      if (dup.id === -1) {
        const id = this.index.insert(set, hashed.bandKeys, i * bands);
        if (id >= this.keptIndex.length) {
          const bigger = new Int32Array(this.keptIndex.length * 2);
          bigger.set(this.keptIndex);
          this.keptIndex = bigger;
        }
        this.keptIndex[id] = item.index;
        if (this.examples.size < this.maxExamples) {
          this.pendingText.set(id, item.text);
          if (this.pendingText.size > PENDING_TEXTS) this.pendingText.delete(this.pendingText.keys().next().value!);
        }
        c.out++;
        out.push(item);
      } else {
        this.recordDuplicate(dup.id, item, dup.jaccard);
      }
    }
    this.indexMs += performance.now() - t1;
    return out;
  }

  /** Texts of recently kept items that may still head an example cluster (at most PENDING_TEXTS). */
  private readonly pendingText = new Map<number, string>();

  private recordDuplicate(keptId: number, item: Item, jaccard: number): void {
    const c = this.counter;
    const keptAt = this.keptIndex[keptId]!;
    this.onDuplicate?.(item.index, keptAt, jaccard);
    c.find('duplicate', undefined);
    this.clusterSizes.set(keptId, (this.clusterSizes.get(keptId) ?? 1) + 1);
    let ex = this.examples.get(keptId);
    if (!ex && this.examples.size < this.maxExamples) {
      const keptText = this.pendingText.get(keptId);
      ex = { kept: { index: keptAt, text: keptText === undefined ? '(text no longer held)' : excerpt(keptText) }, duplicates: [] };
      this.examples.set(keptId, ex);
    }
    if (ex && ex.duplicates.length < DUPLICATES_PER_EXAMPLE) {
      ex.duplicates.push({ index: item.index, text: excerpt(item.text), jaccard: Math.round(jaccard * 1000) / 1000 });
    }
    if (this.examples.size >= this.maxExamples && this.pendingText.size > 0) {
      for (const id of this.pendingText.keys()) if (!this.examples.has(id)) this.pendingText.delete(id);
    }
  }

  report() {
    let largest = 0;
    for (const n of this.clusterSizes.values()) largest = Math.max(largest, n);
    return this.counter.report({
      threshold: this.opts.threshold,
      ngram: this.opts.ngram,
      numPerm: this.params.numPerm,
      bands: this.params.bands,
      rows: this.params.rows,
      key: this.opts.key,
      hashing: this.hashing,
      ...(this.fallbackReason ? { fallbackReason: this.fallbackReason } : {}),
      clusters: this.clusterSizes.size,
      largestCluster: largest,
      clusterExamples: [...this.examples.values()],
    });
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}
