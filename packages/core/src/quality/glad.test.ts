import { describe, expect, it } from 'vitest';
import { glad } from './glad.js';
import { labelsOf } from './test-data.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('glad', () => {
  it('computes the posterior of the initial parameters (alpha = 1, beta = e) by hand', () => {
    const s = sigmoid(Math.E);
    // binary, labels 0,0,1: P(0) ∝ s²(1-s), P(1) ∝ (1-s)²s -> P(0) = s
    const binary = glad(labelsOf([[0, 0, 0], [0, 1, 0], [0, 2, 1]]), { maxIterations: 0 });
    expect(binary.posteriors[0]).toBeCloseTo(s, 12);
    // three classes, labels 0,1: P(0) = P(1) ∝ s(1-s)/2, P(2) ∝ ((1-s)/2)²
    const three = glad(labelsOf([[0, 0, 0], [0, 1, 1]], { nClasses: 3 }), { maxIterations: 0 });
    const a = (s * (1 - s)) / 2;
    const c = ((1 - s) / 2) ** 2;
    expect(three.posteriors[2]).toBeCloseTo(c / (2 * a + c), 12);
    expect(three.answers[0]).toBe(0);
  });

  it('learns that an always-wrong worker is unreliable and follows the good ones', () => {
    const rows: Array<[number, number, number]> = [];
    for (let t = 0; t < 30; t++) {
      const z = t % 2;
      rows.push([t, 0, z], [t, 1, t % 7 === 0 ? 1 - z : z], [t, 2, 1 - z], [t, 3, 1 - z]);
    }
    // workers 2 and 3 always give the wrong binary answer; with a tie on most tasks, abilities decide
    rows.push(...Array.from({ length: 30 }, (_, t): [number, number, number] => [t, 4, t % 2]));
    const r = glad(labelsOf(rows));
    expect(r.workerSkill[0]).toBeGreaterThan(r.workerSkill[2]!);
    expect(r.workerSkill[2]).toBeLessThan(0.5);
    expect(r.answers.every((a, t) => a === t % 2)).toBe(true);
    expect(r.posteriors.every(Number.isFinite)).toBe(true);
  });

  it('returns finite results for one worker and unlabelled tasks', () => {
    const r = glad(labelsOf([[0, 0, 1]], { nTasks: 2, nClasses: 2 }));
    expect(Array.from(r.answers)).toEqual([1, -1]);
    expect(r.confidence.every(Number.isFinite)).toBe(true);
  });
});
