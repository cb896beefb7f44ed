import { describe, expect, it } from 'vitest';
import { majorityVote } from './majority-vote.js';
import { QualityInputError } from './quality-input-error.js';
import { labelsOf } from './test-data.js';

// task 0: 0,0,1 -> 0 (2/3); task 1: 1,1 -> 1; task 2: 0,1 tie; task 3: no labels
const data = labelsOf(
  [
    [0, 0, 0],
    [0, 1, 0],
    [0, 2, 1],
    [1, 0, 1],
    [1, 1, 1],
    [2, 0, 0],
    [2, 2, 1],
  ],
  { nTasks: 4, nClasses: 2 },
);

describe('majorityVote', () => {
  it('answers with the most voted class and its vote share', () => {
    const r = majorityVote(data, { tieBreak: 'lowest' });
    expect(Array.from(r.answers)).toEqual([0, 1, 0, -1]);
    expect(r.confidence[0]).toBeCloseTo(2 / 3, 12);
    expect(r.confidence[1]).toBe(1);
    expect(r.confidence[2]).toBe(0.5);
    expect(r.confidence[3]).toBe(0);
    expect(Array.from(r.posteriors.subarray(0, 2))).toEqual([2 / 3, 1 / 3]);
    expect(Array.from(r.posteriors.subarray(6, 8))).toEqual([0, 0]);
  });

  it('gives each worker the share of their labels that agree with the answer', () => {
    const r = majorityVote(data, { tieBreak: 'lowest' });
    // worker 0: t0 0 ok, t1 1 ok, t2 0 ok -> 1; worker 1: 2/2; worker 2: t0 1 no, t2 1 no -> 0
    expect(Array.from(r.workerSkill)).toEqual([1, 1, 0]);
  });

  it('breaks ties at random, the same way for the same seed, and both ways across seeds', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const a = majorityVote(data, { seed });
      const b = majorityVote(data, { seed });
      expect(a.answers[2]).toBe(b.answers[2]);
      expect(a.answers[0]).toBe(0);
      seen.add(a.answers[2]!);
    }
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('weights votes by worker weight', () => {
    const r = majorityVote(data, { tieBreak: 'lowest', workerWeights: Float64Array.from([1, 1, 5]) });
    // task 0: class 0 weight 2, class 1 weight 5
    expect(r.answers[0]).toBe(1);
    expect(r.confidence[0]).toBeCloseTo(5 / 7, 12);
  });

  it('throws QualityInputError on empty or inconsistent input', () => {
    expect(() => majorityVote(labelsOf([], { nTasks: 0, nWorkers: 0, nClasses: 0 }))).toThrow(QualityInputError);
    expect(() =>
      majorityVote({ nTasks: 1, nWorkers: 1, nClasses: 2, task: Int32Array.of(0), worker: Int32Array.of(0), label: Int32Array.of(2) }),
    ).toThrow(/label index 2/);
    expect(() =>
      majorityVote({ nTasks: 1, nWorkers: 1, nClasses: 2, task: Int32Array.of(0, 0), worker: Int32Array.of(0), label: Int32Array.of(0) }),
    ).toThrow(/differ in length/);
  });
});
