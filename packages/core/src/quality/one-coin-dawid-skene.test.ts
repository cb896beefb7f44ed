import { describe, expect, it } from 'vitest';
import { oneCoinDawidSkene } from './one-coin-dawid-skene.js';
import { labelsOf } from './test-data.js';

describe('oneCoinDawidSkene', () => {
  const data = labelsOf([
    [0, 0, 0], [0, 1, 0], [0, 2, 1],
    [1, 0, 1], [1, 1, 1], [1, 2, 1],
    [2, 0, 2], [2, 1, 2], [2, 2, 0],
    [3, 0, 0], [3, 1, 1], [3, 2, 0],
  ]);

  it('sets each skill to the mean posterior of the labels the worker gave', () => {
    const r = oneCoinDawidSkene(data);
    const K = 3;
    for (let w = 0; w < 3; w++) {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < data.task.length; i++) {
        if (data.worker[i] !== w) continue;
        sum += r.posteriors[data.task[i]! * K + data.label[i]!]!;
        n++;
      }
      expect(r.workerSkill[w]).toBeCloseTo(sum / n, 9);
    }
  });

  it('uses a symmetric confusion matrix: skill on the diagonal, the rest spread evenly', () => {
    const r = oneCoinDawidSkene(data);
    const K = 3;
    const s = r.workerSkill[1]!;
    const base = 1 * K * K;
    expect(r.confusion![base + 0]).toBeCloseTo(s, 12);
    expect(r.confusion![base + 1]).toBeCloseTo((1 - s) / 2, 12);
    expect(r.confusion![base + 5]).toBeCloseTo((1 - s) / 2, 12);
    expect(Array.from(r.answers.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('with one class answers that class with confidence 1', () => {
    const r = oneCoinDawidSkene(labelsOf([[0, 0, 0], [0, 1, 0]], { nClasses: 1 }));
    expect(Array.from(r.answers)).toEqual([0]);
    expect(r.confidence[0]).toBe(1);
    expect(r.workerSkill.every(Number.isFinite)).toBe(true);
  });
});
