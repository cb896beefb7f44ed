import { describe, it, expect } from 'vitest';
import { DedupNearStep } from './dedup-near.js';
import { parsePipelineConfig } from './config.js';
import type { DedupNearOptions } from '@biaozhu/contract';
import { chooseBands, hashBatch, jaccardSorted, makeMinHashParams, MinHashScratch, shingleInto, signatureInto } from './minhash.js';
import { MinHashPool } from './minhash-pool.js';
import { cleanRecords } from './pipeline.js';
import { mulberry32 } from './hash.js';

const HANZI = '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持音';

function sentence(rand: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += HANZI[rand() % HANZI.length];
  return s;
}

describe('minhash kernel', () => {
  it('shingles by code point, sorted and unique', () => {
    const s = new MinHashScratch();
    expect(shingleInto('', 3, s)).toBe(0);
    expect(shingleInto('ab', 3, s)).toBe(1);
    expect(shingleInto('aaaaa', 3, s)).toBe(1);
    expect(shingleInto('𠀀𠀁𠀂𠀃', 3, s)).toBe(2);
    const n = shingleInto('abcdef', 3, s);
    const v = Array.from(s.shingles.subarray(0, n));
    expect(v).toEqual([...v].sort((a, b) => a - b));
    expect(n).toBe(4);
  });

  it('estimates Jaccard from signatures close to the exact value', () => {
    const rand = mulberry32(7);
    const p = makeMinHashParams({ ngram: 3, numPerm: 256, seed: 3, threshold: 0.8 });
    const base = sentence(rand, 200);
    const other = base.slice(0, 140) + sentence(rand, 60);
    const s = new MinHashScratch();
    const sets = [base, other].map((t) => {
      const n = shingleInto(t, 3, s);
      return s.shingles.slice(0, n);
    });
    const sigs = sets.map((set) => {
      const sig = new Uint32Array(256);
      signatureInto(set, set.length, p, sig);
      return sig;
    });
    let same = 0;
    for (let k = 0; k < 256; k++) if (sigs[0]![k] === sigs[1]![k]) same++;
    const exact = jaccardSorted(sets[0]!, sets[1]!);
    expect(exact).toBeGreaterThan(0.4);
    expect(Math.abs(same / 256 - exact)).toBeLessThan(0.1);
  });

  it('chooses bands so that a pair at the threshold is almost surely a candidate', () => {
    const { bands, rows } = chooseBands(0.8, 128);
    expect(bands * rows).toBeLessThanOrEqual(128);
    expect(1 - Math.pow(1 - Math.pow(0.8, rows), bands)).toBeGreaterThanOrEqual(0.995);
    expect(chooseBands(0.5, 128).rows).toBeLessThan(rows);
  });
});

describe('dedup-near', () => {
  const rand = mulberry32(42);
  const bases = Array.from({ length: 300 }, () => sentence(rand, 60));
  const records: { id: string; text: string }[] = [];
  bases.forEach((b, i) => {
    records.push({ id: `b${i}`, text: b });
    if (i % 3 === 0) records.push({ id: `d${i}`, text: `${b.slice(0, 30)}，${b.slice(30)}` });
    if (i % 5 === 0) records.push({ id: `e${i}`, text: `${b.slice(0, 58)}好` });
  });

  for (const threads of [1, 2]) {
    it(`removes near-duplicates and keeps the first of each cluster (threads=${threads})`, async () => {
      const { records: out, report } = await cleanRecords({ batchSize: 97, steps: [{ step: 'dedup-near', threshold: 0.8, threads }] }, records);
      expect(out.map((r) => r.id)).toEqual(bases.map((_, i) => `b${i}`));
      const details = report.steps[0]!.details!;
      expect(details.hashing).toBe(threads === 1 ? 'calling thread' : '2 threads (calling thread + 1 workers)');
      expect(details.clusters).toBe(bases.filter((_, i) => i % 3 === 0 || i % 5 === 0).length);
      expect((details.clusterExamples as unknown[]).length).toBeGreaterThan(0);
    });
  }

  it('respects the threshold exactly (verified by exact Jaccard)', async () => {
    const a = 'abcdefghijklmnopqrstuvwxyz0123';
    const b = 'abcdefghijklmnopqrstuvwxyz0XYZ';
    const s = new MinHashScratch();
    const na = shingleInto(a, 3, s);
    const sa = s.shingles.slice(0, na);
    const nb = shingleInto(b, 3, s);
    const j = jaccardSorted(sa, s.shingles.slice(0, nb));
    const below = await cleanRecords({ steps: [{ step: 'dedup-near', threshold: Math.min(1, j + 0.01), threads: 1, key: 'text' }] }, [{ text: a }, { text: b }]);
    expect(below.records).toHaveLength(2);
    const at = await cleanRecords({ steps: [{ step: 'dedup-near', threshold: j, threads: 1, key: 'text' }] }, [{ text: a }, { text: b }]);
    expect(at.records).toHaveLength(1);
  });

  it('passes empty texts through', async () => {
    const { records: out, report } = await cleanRecords({ steps: [{ step: 'dedup-near', threads: 1 }] }, [{ text: '' }, { text: '!!' }, { text: '' }]);
    expect(out).toHaveLength(3);
    expect(report.steps[0]!.findings.empty?.count).toBe(3);
  });

  it('hashes the same on workers as in the calling thread', async () => {
    const p = makeMinHashParams({ ngram: 3, numPerm: 64, seed: 9, threshold: 0.7 });
    const texts = bases.slice(0, 200);
    const pool = await MinHashPool.create(p, 3);
    try {
      expect(pool.fallbackReason).toBeUndefined();
      expect(pool.usingWorkers).toBe(true);
      const w = await pool.hash(texts);
      const local = hashBatch(texts, p);
      expect(Array.from(w.bandKeys)).toEqual(Array.from(local.bandKeys));
      expect(Array.from(w.setOffsets)).toEqual(Array.from(local.setOffsets));
    } finally {
      await pool.close();
    }
  });

  it('falls back to hashing in the calling thread when workers cannot start, and says why', async () => {
    const p = makeMinHashParams({ ngram: 3, numPerm: 32, seed: 9, threshold: 0.8 });
    const pool = await MinHashPool.create(p, 2, new URL('./no-such-worker.ts', import.meta.url));
    try {
      expect(pool.usingWorkers).toBe(false);
      expect(pool.fallbackReason).toMatch(/worker threads unavailable/);
      const texts = bases.slice(0, 100);
      expect(Array.from((await pool.hash(texts)).bandKeys)).toEqual(Array.from(hashBatch(texts, p).bandKeys));
    } finally {
      await pool.close();
    }
  });

  it('reports its parameters', () => {
    const opts = parsePipelineConfig({ steps: [{ step: 'dedup-near', bands: 16, numPerm: 64 }] }).steps[0] as DedupNearOptions;
    const s = new DedupNearStep(opts, 1);
    expect(s.params).toMatchObject({ bands: 16, rows: 4 });
  });
});
