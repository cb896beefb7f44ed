import { describe, expect, it } from 'vitest';
import { dawidSkene, DS_EPS } from './dawid-skene.js';
import { goldDawidSkene } from './gold-dawid-skene.js';
import { majorityVote } from './majority-vote.js';
import { labelsOf } from './test-data.js';
import { createRng } from './rng.js';
import type { LabelData } from './label-data.js';

/** A seeded set where workers 0-4 are 90% right and workers 5-9 answer the other class 70% of the time. */
function adversarialSet(): { data: LabelData; truth: Int32Array } {
  const rng = createRng(7);
  const rows: Array<[number, number, number]> = [];
  const truth = new Int32Array(300);
  for (let t = 0; t < 300; t++) {
    const z = rng() < 0.5 ? 0 : 1;
    truth[t] = z;
    for (let w = 0; w < 10; w++) {
      if (rng() < 0.5) continue;
      const right = w < 5 ? rng() < 0.9 : rng() < 0.3;
      rows.push([t, w, right ? z : 1 - z]);
    }
    rows.push([t, 0, rng() < 0.9 ? z : 1 - z]);
  }
  return { data: labelsOf(rows, { nTasks: 300, nWorkers: 10, nClasses: 2 }), truth };
}

describe('dawidSkene', () => {
  it('computes one EM iteration by hand', () => {
    // t0: w0=0, w1=0; t1: w0=1, w1=0.
    const data = labelsOf([
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 1],
      [1, 1, 0],
    ]);
    const r = dawidSkene(data, { maxIterations: 1 });
    // init: t0 [1, 0], t1 [.5, .5]; priors [.75, .25]; w0: P(0|0)=1/1.5, P(1|0)=.5/1.5, P(0|1)=eps/(.5+eps), P(1|1)~1
    // w1 only ever says 0: P(0|k) = 1. E-step: t0 class 0: .75 * 2/3 = .5, class 1: .25 * eps/.5 -> ~1e-10
    // t1: class 0: .75 * 1/3 = .25, class 1: .25 * 1 = .25 -> tie, lowest class.
    expect(r.answers[0]).toBe(0);
    expect(r.posteriors[1]).toBeCloseTo((0.25 * DS_EPS) / 0.5 / 0.5, 15);
    expect(r.posteriors[2]).toBeCloseTo(0.5, 9);
    expect(r.answers[1]).toBe(0);
    // final M-step from these posteriors: w0 P(given 0 | true 0) = 1 / 1.5
    expect(r.confusion![0]).toBeCloseTo(1 / 1.5, 9);
    expect(r.priors![0]).toBeCloseTo(0.75, 9);
  });

  it('confusion matrices are the normalised expected counts of the final posteriors', () => {
    const { data } = adversarialSet();
    const r = dawidSkene(data);
    const K = 2;
    const counts = new Float64Array(data.nWorkers * K * K);
    for (let i = 0; i < data.task.length; i++) {
      for (let k = 0; k < K; k++) counts[(data.worker[i]! * K + k) * K + data.label[i]!]! += r.posteriors[data.task[i]! * K + k]!;
    }
    for (let w = 0; w < data.nWorkers; w++) {
      for (let k = 0; k < K; k++) {
        const row = counts.subarray((w * K + k) * K, (w * K + k) * K + K);
        const total = Math.max(row[0]!, DS_EPS) + Math.max(row[1]!, DS_EPS);
        for (let l = 0; l < K; l++) expect(r.confusion![(w * K + k) * K + l]).toBeCloseTo(Math.max(row[l]!, DS_EPS) / total, 9);
      }
    }
  });

  it('learns that some workers are adversarial and beats majority vote', () => {
    const { data, truth } = adversarialSet();
    const r = dawidSkene(data);
    const mv = majorityVote(data, { tieBreak: 'lowest' });
    const acc = (a: Int32Array): number => a.reduce((s, x, t) => s + (x === truth[t] ? 1 : 0), 0) / truth.length;
    expect(acc(r.answers)).toBeGreaterThan(acc(mv.answers) + 0.05);
    expect(r.workerSkill[0]).toBeGreaterThan(0.8);
    expect(r.workerSkill[7]).toBeLessThan(0.4);
    expect(r.converged).toBe(true);
  });

  it('handles one class, one worker and unlabelled tasks without NaN', () => {
    const oneClass = dawidSkene(labelsOf([[0, 0, 0], [1, 1, 0]], { nClasses: 1 }));
    expect(Array.from(oneClass.answers)).toEqual([0, 0]);
    expect(Array.from(oneClass.confidence)).toEqual([1, 1]);
    const oneWorker = dawidSkene(labelsOf([[0, 0, 0], [1, 0, 1], [2, 0, 2]], { nTasks: 4 }));
    expect(Array.from(oneWorker.answers)).toEqual([0, 1, 2, -1]);
    for (const r of [oneClass, oneWorker]) {
      for (const arr of [r.posteriors, r.confidence, r.workerSkill, r.confusion!]) expect(arr.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('dawidSkene limits', () => {
  it('refuses confusion matrices too large for memory with a clear error', () => {
    const data = labelsOf([[0, 0, 0], [0, 1, 4999]], { nClasses: 5000, nWorkers: 2 });
    expect(() => dawidSkene(data)).toThrow(/too many confusion-matrix entries.*use majority vote/);
  });
});

describe('goldDawidSkene', () => {
  it('keeps gold answers and uses them to resolve a symmetric disagreement', () => {
    // two workers who always disagree: nothing but gold can tell which one is right
    const rows: Array<[number, number, number]> = [];
    for (let t = 0; t < 10; t++) rows.push([t, 0, 0], [t, 1, 1]);
    const data = labelsOf(rows);
    const gold = new Int32Array(10).fill(-1);
    gold[0] = 1;
    gold[1] = 1;
    const r = goldDawidSkene(data, gold);
    expect(Array.from(r.answers)).toEqual(new Array<number>(10).fill(1));
    expect(r.confidence[0]).toBe(1);
    expect(r.confidence[5]).toBeGreaterThan(0.99);
    gold[0] = 0;
    gold[1] = 0;
    expect(Array.from(goldDawidSkene(data, gold).answers)).toEqual(new Array<number>(10).fill(0));
  });

  it('rejects a gold vector of the wrong size or class', () => {
    const data = labelsOf([[0, 0, 0], [1, 0, 1]]);
    expect(() => goldDawidSkene(data, Int32Array.of(0))).toThrow(/gold has 1 entries/);
    expect(() => goldDawidSkene(data, Int32Array.of(0, 2))).toThrow(/outside -1..1/);
  });
});
