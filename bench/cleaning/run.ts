// Cleaning benchmark: near-duplicate recall/precision on injected truth, MinHash throughput against a bare kernel
// measured in the same run (per core, and the speed-up on 2 threads), and PII precision/recall on a labelled set.
// Usage: npx tsx bench/cleaning/run.ts [--n 1000000] [--seed 1] [--reps 3] [--throughput-n 200000] [--pii-n 100000]
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  CleaningPipeline,
  NormalizeStep,
  MinHashScratch,
  hashBatch,
  jaccardSorted,
  looseKey,
  makeMinHashParams,
  parsePipelineConfig,
  scanPii,
  shingleInto,
} from '@biaozhu/core/cleaning/index';
import type { NormalizeOptions } from '@biaozhu/contract';
import type { DedupNearStep } from '@biaozhu/core/cleaning/index';
import type { CleanRecord } from '@biaozhu/core/cleaning/index';
import { bareMinHash } from './bare-minhash.js';
import { nearDuplicateData, piiData } from './generate.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    reps: { type: 'string', default: '3' },
    'throughput-n': { type: 'string', default: '200000' },
    'pii-n': { type: 'string', default: '100000' },
    threshold: { type: 'string', default: '0.8' },
  },
});
const N = Number(values.n);
const SEED = Number(values.seed);
const REPS = Number(values.reps);
const TN = Math.min(N, Number(values['throughput-n']));
const PN = Math.min(N, Number(values['pii-n']));
const THRESHOLD = Number(values.threshold);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number, d = 3) => x.toFixed(d);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

console.log(`cleaning bench: n=${N} seed=${SEED} reps=${REPS} throughput-n=${TN} pii-n=${PN} cores=${availableParallelism()} node=${process.version}`);

// ---- 1. near-duplicate recall and precision over the whole stream ----
{
  const truth = new Int32Array(N);
  const firstOfCluster = new Map<number, number>();
  let injected = 0;
  async function* source(): AsyncGenerator<CleanRecord> {
    for (const r of nearDuplicateData(N, SEED)) {
      truth[r.id] = r.cluster;
      if (firstOfCluster.has(r.cluster)) injected++;
      else firstOfCluster.set(r.cluster, r.id);
      yield { id: r.id, text: r.text };
    }
  }
  const pipeline = new CleaningPipeline({
    batchSize: 8192,
    steps: [{ step: 'normalize' }, { step: 'dedup-near', threshold: THRESHOLD, threads: 2 }],
  });
  const near = pipeline.steps[1] as DedupNearStep;
  let tp = 0;
  let fp = 0;
  const removed = new Uint8Array(N);
  near.onDuplicate = (index, keptIndex) => {
    removed[index] = 1;
    if (truth[index] === truth[keptIndex]) tp++;
    else fp++;
  };
  const t0 = performance.now();
  let kept = 0;
  for await (const _ of pipeline.run(source())) {
    void _;
    kept++;
  }
  const ms = performance.now() - t0;
  firstOfCluster.clear();
  const recall = injected === 0 ? 1 : tp / injected;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const rep = pipeline.report().steps[1]!;
  console.log('\n[near-duplicates] normalize + dedup-near, threshold', THRESHOLD, `(${String(rep.details?.hashing)}, bands ${String(rep.details?.bands)} x rows ${String(rep.details?.rows)})`);
  console.log(`  records ${N}, injected near-duplicates ${injected}, removed ${N - kept} (true ${tp}, false ${fp})`);
  console.log(`  recall ${fmt(recall, 4)}  precision ${fmt(precision, 4)}  (goal >= 0.99)`);
  console.log(`  end-to-end ${rate(N, ms)} records/s (${Math.round(ms)} ms; hashing ${Math.round(near.hashMs)} ms, index+verify ${Math.round(near.indexMs)} ms)`);

  // Why were injected near-duplicates missed? Exact Jaccard (same normalisation and key) with the first of the cluster.
  const norm = new NormalizeStep(parsePipelineConfig({ steps: [{ step: 'normalize' }] }).steps[0] as NormalizeOptions, 0);
  const scratch = new MinHashScratch();
  const setOf = (t: string) => scratch.shingles.slice(0, shingleInto(looseKey(norm.normalize(t)), 3, scratch));
  const first = new Map<number, string>();
  let below = 0;
  let lshMissed = 0;
  const examples: string[] = [];
  for (const r of nearDuplicateData(N, SEED)) {
    const f = first.get(r.cluster);
    if (f === undefined) {
      first.set(r.cluster, r.text);
      continue;
    }
    if (removed[r.id]) continue;
    const j = jaccardSorted(setOf(f), setOf(r.text));
    if (j < THRESHOLD) below++;
    else lshMissed++;
    if (examples.length < 3) examples.push(`J=${fmt(j)}: ${JSON.stringify(f)} -> ${JSON.stringify(r.text)}`);
  }
  const reachable = injected - below;
  console.log(`  memory after the run: rss ${Math.round(process.memoryUsage().rss / 1048576)} MB (includes the bench's own truth arrays and the originals kept for this check)`);
  console.log(`  missed ${injected - tp}: ${below} have exact Jaccard < ${THRESHOLD} with their original (edits too large for the threshold), ${lshMissed} at or above it (missed by LSH)`);
  console.log(`  recall among injected pairs at or above the threshold: ${fmt(reachable === 0 ? 1 : (reachable - lshMissed) / reachable, 4)}`);
  for (const e of examples) console.log(`  e.g. ${e}`);
}

// ---- 2. MinHash throughput: bare kernel vs the pipeline's hashing, same texts, same run ----
{
  const texts: string[] = [];
  for (const r of nearDuplicateData(TN, SEED + 1)) texts.push(r.text);
  const keys = texts.map(looseKey);
  const params = makeMinHashParams({ ngram: 3, numPerm: 128, seed: 1, threshold: THRESHOLD });
  const sigs = new Uint32Array(keys.length * params.numPerm);
  const bare: number[] = [];
  const kernel: number[] = [];
  const step1: number[] = [];
  const step2: number[] = [];
  const records = texts.map((text, id) => ({ id, text }));
  // What two threads can give on this machine right now: the same pure CPU loop on 1 thread, then on 2 at once.
  const cpuLoop = `const { parentPort } = require('node:worker_threads'); let x = 0; for (let i = 0; i < 1e8; i++) x = (x + Math.imul(i, 2654435761)) | 0; parentPort.postMessage(x);`;
  const timeWorkers = async (n: number) => {
    const t = performance.now();
    await Promise.all(
      Array.from({ length: n }, () => new Promise<void>((resolve, reject) => {
        const w = new Worker(cpuLoop, { eval: true });
        w.once('message', () => void w.terminate().then(() => resolve()));
        w.once('error', reject);
      })),
    );
    return performance.now() - t;
  };
  const ceiling: number[] = [];
  const runStep = async (threads: number) => {
    const p = new CleaningPipeline({ batchSize: 8192, steps: [{ step: 'dedup-near', threshold: THRESHOLD, threads }] });
    await p.steps[0]!.init?.(); // worker start-up is not part of throughput
    const t = performance.now();
    for await (const _ of p.run(records)) void _;
    return performance.now() - t;
  };
  // Warm-up of every path, then interleaved repetitions so that machine noise hits all alike.
  bareMinHash(keys.slice(0, 5000), params.a, params.b, 3, sigs);
  hashBatch(keys.slice(0, 5000), params);
  for (let rep = 0; rep < REPS; rep++) {
    let t = performance.now();
    bareMinHash(keys, params.a, params.b, 3, sigs);
    bare.push(performance.now() - t);
    t = performance.now();
    for (let i = 0; i < keys.length; i += 8192) hashBatch(keys.slice(i, i + 8192), params);
    kernel.push(performance.now() - t);
    step1.push(await runStep(1));
    step2.push(await runStep(2));
    ceiling.push((2 * (await timeWorkers(1))) / (await timeWorkers(2)));
  }
  const b = rate(TN, median(bare));
  const k = rate(TN, median(kernel));
  const s1 = rate(TN, median(step1));
  const s2 = rate(TN, median(step2));
  console.log(`\n[minhash throughput] ${TN} texts, 128 permutations, 3-grams, medians of ${REPS}`);
  console.log(`  bare kernel (1 thread)                    ${b} texts/s`);
  console.log(`  pipeline hashing, hashBatch (1 thread)    ${k} texts/s  ratio ${fmt(k / b)} x bare`);
  console.log(`  dedup-near step, threads=1 (whole step)   ${s1} texts/s  ratio ${fmt(s1 / b)} x bare per core (goal >= 0.8)`);
  console.log(`  dedup-near step, threads=2 (whole step)   ${s2} texts/s  ratio ${fmt(s2 / 2 / b)} x bare per core, speed-up ${fmt(s2 / s1, 2)} x over threads=1`);
  console.log(`  machine: a pure CPU loop on 2 threads at once runs ${fmt(median(ceiling), 2)} x one thread (medians; the ceiling for any 2-thread speed-up during this run)`);
}

// ---- 3. PII precision and recall on a labelled set with look-alikes ----
{
  const perKind = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (kind: string, key: 'tp' | 'fp' | 'fn') => {
    let e = perKind.get(kind);
    if (!e) perKind.set(kind, (e = { tp: 0, fp: 0, fn: 0 }));
    e[key]++;
  };
  let cases = 0;
  let lookAlikeCases = 0;
  const misses: string[] = [];
  const t0 = performance.now();
  for (const c of piiData(PN, SEED + 2)) {
    cases++;
    if (/订单|order|流水|校验位|编号|运单|无效|日期|时间|version/.test(c.text)) lookAlikeCases++;
    const found = scanPii(c.text, undefined, new Date('2026-01-01T00:00:00Z')).detections.filter((d) => d.confidence >= 0.5);
    const want = c.labels.map((l) => `${l.kind}\u0000${l.value}`);
    const got = found.map((d) => `${d.kind}\u0000${d.value}`);
    const pool = [...want];
    for (const g of got) {
      const i = pool.indexOf(g);
      const kind = g.split('\u0000')[0]!;
      if (i >= 0) {
        pool.splice(i, 1);
        bump(kind, 'tp');
      } else {
        bump(kind, 'fp');
        if (misses.length < 5) misses.push(`FP ${g.replace('\u0000', ' ')} in: ${c.text}`);
      }
    }
    for (const w of pool) {
      bump(w.split('\u0000')[0]!, 'fn');
      if (misses.length < 10) misses.push(`FN ${w.replace('\u0000', ' ')} in: ${c.text}`);
    }
  }
  const ms = performance.now() - t0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  console.log(`\n[pii] ${cases} labelled texts (${lookAlikeCases} with look-alikes), ${rate(cases, ms)} texts/s`);
  for (const [kind, e] of [...perKind].sort()) {
    tp += e.tp;
    fp += e.fp;
    fn += e.fn;
    console.log(`  ${kind.padEnd(10)} precision ${fmt(e.tp / Math.max(1, e.tp + e.fp), 4)}  recall ${fmt(e.tp / Math.max(1, e.tp + e.fn), 4)}  (tp ${e.tp}, fp ${e.fp}, fn ${e.fn})`);
  }
  console.log(`  overall    precision ${fmt(tp / Math.max(1, tp + fp), 4)}  recall ${fmt(tp / Math.max(1, tp + fn), 4)}  (goal >= 0.99)`);
  for (const m of misses) console.log(`  e.g. ${m}`);
}
