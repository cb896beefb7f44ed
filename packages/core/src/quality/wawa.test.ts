import { describe, expect, it } from 'vitest';
import { labelsOf } from './test-data.js';
import { wawa } from './wawa.js';

describe('wawa', () => {
  it('weights each worker by agreement with the majority vote', () => {
    // workers A=0, B=1, C=2; majority answers: t0 0, t1 1, t2 0, t3 0
    const data = labelsOf([
      [0, 0, 0], [0, 1, 0], [0, 2, 1],
      [1, 0, 1], [1, 1, 1], [1, 2, 0],
      [2, 0, 0], [2, 1, 1], [2, 2, 0],
      [3, 0, 1], [3, 1, 0], [3, 2, 0],
    ]);
    const r = wawa(data, { tieBreak: 'lowest' });
    // skills: A 3/4, B 3/4, C 2/4
    expect(Array.from(r.workerSkill)).toEqual([0.75, 0.75, 0.5]);
    // task 3: class 1 gets A's 0.75; class 0 gets B + C = 1.25; share 1.25 / 2
    expect(r.answers[3]).toBe(0);
    expect(r.confidence[3]).toBeCloseTo(0.625, 12);
    // task 0: class 0 = 1.5, class 1 = 0.5
    expect(r.confidence[0]).toBeCloseTo(0.75, 12);
  });

  it('lets a reliable minority outvote unreliable workers', () => {
    // workers 0 and 1 agree with each other on 4 tasks; workers 2 and 3 always contradict them; worker 4 sides with 0/1.
    const rows: Array<[number, number, number]> = [];
    for (let t = 0; t < 4; t++) {
      rows.push([t, 0, 0], [t, 1, 0], [t, 4, 0], [t, 2, 1], [t, 3, 1]);
    }
    // task 4: worker 0 alone says 0, workers 2 and 3 say 1
    rows.push([4, 0, 0], [4, 2, 1], [4, 3, 1]);
    const r = wawa(labelsOf(rows), { tieBreak: 'lowest' });
    expect(r.answers[4]).toBe(0);
  });
});
