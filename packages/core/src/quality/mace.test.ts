import { describe, expect, it } from 'vitest';
import { mace } from './mace.js';
import { createRng } from './rng.js';
import { labelsOf } from './test-data.js';

describe('mace', () => {
  // workers 0-2 answer the truth 90% of the time; worker 3 always says 0 (a spammer), worker 4 answers at random
  const rng = createRng(3);
  const rows: Array<[number, number, number]> = [];
  const truth: number[] = [];
  for (let t = 0; t < 200; t++) {
    const z = Math.floor(rng() * 3);
    truth.push(z);
    for (let w = 0; w < 3; w++) rows.push([t, w, rng() < 0.9 ? z : (z + 1 + Math.floor(rng() * 2)) % 3]);
    rows.push([t, 3, 0], [t, 4, Math.floor(rng() * 3)]);
  }
  const data = labelsOf(rows);

  it('finds the spammers and answers with the competent workers', () => {
    const r = mace(data);
    expect(r.workerSkill[0]).toBeGreaterThan(0.8);
    expect(r.workerSkill[3]).toBeLessThan(0.2);
    expect(r.workerSkill[4]).toBeLessThan(0.3);
    // the spammer's strategy puts its mass on class 0 whatever the truth
    expect(r.confusion![(3 * 3 + 2) * 3 + 0]).toBeGreaterThan(0.8);
    const correct = r.answers.reduce((s, a, t) => s + (a === truth[t] ? 1 : 0), 0);
    expect(correct / 200).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed and works with plain EM', () => {
    const a = mace(data, { seed: 5, restarts: 2 });
    const b = mace(data, { seed: 5, restarts: 2 });
    expect(Array.from(a.posteriors)).toEqual(Array.from(b.posteriors));
    const em = mace(data, { method: 'em', restarts: 2 });
    expect(em.posteriors.every(Number.isFinite)).toBe(true);
    expect(em.workerSkill[3]).toBeLessThan(0.2);
  });

  it('returns finite results for one class', () => {
    const r = mace(labelsOf([[0, 0, 0], [1, 1, 0]], { nClasses: 1 }), { restarts: 1, iterations: 3 });
    expect(Array.from(r.answers)).toEqual([0, 0]);
    expect(r.confidence.every((c) => c === 1)).toBe(true);
  });
});
