import { describe, expect, it } from 'vitest';
import { labelsOf } from './test-data.js';
import { wilsonInterval, workerGoldAccuracy } from './wilson-interval.js';

describe('wilsonInterval', () => {
  it('matches the hand-computed 95% interval of 8 out of 10 (0.4902, 0.9433)', () => {
    const r = wilsonInterval(8, 10);
    expect(r.proportion).toBe(0.8);
    expect(r.low).toBeCloseTo(0.4902, 4);
    expect(r.high).toBeCloseTo(0.9433, 4);
  });

  it('keeps 3 of 3 well below certainty and handles no trials', () => {
    expect(wilsonInterval(3, 3).low).toBeCloseTo(0.4385, 4);
    expect(wilsonInterval(3, 3).high).toBe(1);
    expect(wilsonInterval(0, 0)).toMatchObject({ low: 0, high: 1, proportion: 0 });
    expect(() => wilsonInterval(4, 3)).toThrow(/successes <= trials/);
  });

  it('scores each worker on gold tasks only', () => {
    const data = labelsOf([[0, 0, 1], [1, 0, 0], [2, 0, 1], [0, 1, 0]]);
    const acc = workerGoldAccuracy(data, Int32Array.of(1, 1, -1));
    expect(acc.map((a) => [a.successes, a.trials])).toEqual([[1, 2], [0, 1]]);
  });
});
