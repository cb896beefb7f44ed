import { describe, expect, it } from 'vitest';
import { bradleyTerry, preferenceProbability, type PairwiseComparison } from './bradley-terry.js';
import { QualityInputError } from './quality-input-error.js';
import { createRng } from './rng.js';

const repeat = (n: number, c: PairwiseComparison): PairwiseComparison[] => Array.from({ length: n }, () => c);

describe('bradleyTerry', () => {
  it('matches the closed-form maximum likelihood of two items shown in both orders', () => {
    // A on the left: A wins 8, B wins 2; B on the left: B wins 6, A wins 4. The model is saturated, so
    // logit P(left wins) = log theta +/- (sA - sB) solve exactly: sA - sB = (log 4 - log 1.5) / 2, log theta = (log 4 + log 1.5) / 2.
    const data = [
      ...repeat(8, { left: 'A', right: 'B', outcome: 'left' }),
      ...repeat(2, { left: 'A', right: 'B', outcome: 'right' }),
      ...repeat(6, { left: 'B', right: 'A', outcome: 'left' }),
      ...repeat(4, { left: 'B', right: 'A', outcome: 'right' }),
    ];
    const fit = bradleyTerry(data, { prior: 1e-9 });
    expect(fit.converged).toBe(true);
    const diff = (Math.log(4) - Math.log(1.5)) / 2;
    expect(fit.items.map((i) => i.item)).toEqual(['A', 'B']);
    expect(fit.items[0]!.strength).toBeCloseTo(diff / 2, 5);
    expect(fit.items[1]!.strength).toBeCloseTo(-diff / 2, 5);
    expect(Math.log(fit.positionBias.theta)).toBeCloseTo((Math.log(4) + Math.log(1.5)) / 2, 5);
    expect(fit.positionBias.leftWinShare).toBe(14 / 20);
    expect(fit.items[0]).toMatchObject({ wins: 12, losses: 8, ties: 0 });
    expect(fit.ties).toEqual({ nu: 0, share: 0 });
  });

  it('recovers strengths, position bias and the tie rate from simulated annotators', () => {
    const truth: Record<string, number> = { gpt: 1, qwen: 0.4, glm: -0.4, baichuan: -1 };
    const theta = 1.6;
    const nu = 0.5;
    const names = Object.keys(truth);
    const rng = createRng(7);
    const data: PairwiseComparison[] = [];
    for (let k = 0; k < 20_000; k++) {
      const i = Math.floor(rng() * 4);
      let j = Math.floor(rng() * 3);
      if (j >= i) j += 1;
      const l = names[i]!;
      const r = names[j]!;
      const pl = theta * Math.exp(truth[l]!);
      const pr = Math.exp(truth[r]!);
      const pt = nu * Math.sqrt(pl * pr);
      const u = rng() * (pl + pr + pt);
      data.push({ left: l, right: r, outcome: u < pl ? 'left' : u < pl + pr ? 'right' : 'tie' });
    }
    const fit = bradleyTerry(data);
    expect(fit.converged).toBe(true);
    expect(fit.items.map((i) => i.item)).toEqual(['gpt', 'qwen', 'glm', 'baichuan']);
    for (const it of fit.items) expect(Math.abs(it.strength - truth[it.item]!)).toBeLessThan(0.06);
    expect(Math.abs(fit.positionBias.theta - theta)).toBeLessThan(0.1);
    expect(Math.abs(fit.ties.nu - nu)).toBeLessThan(0.05);
    expect(preferenceProbability(fit, 'gpt', 'baichuan')).toBeGreaterThan(0.85);
  });

  it('fits many items (one pair per task)', () => {
    // 600 pairwise tasks with 5 judgements each: the items are each task's two answers, so the fit is 1,202 parameters
    const rng = createRng(11);
    const data: PairwiseComparison[] = [];
    const better: boolean[] = [];
    for (let t = 0; t < 600; t++) {
      const leftBetter = rng() < 0.5;
      better.push(leftBetter);
      for (let k = 0; k < 5; k++) {
        const pLeft = leftBetter ? 0.85 : 0.35; // a strong preference, and a pull to the left of +0.1 either way
        data.push({ left: `t${t}:l`, right: `t${t}:r`, outcome: rng() < pLeft ? 'left' : 'right' });
      }
    }
    const fit = bradleyTerry(data);
    expect(fit.converged).toBe(true);
    expect(fit.positionBias.theta).toBeGreaterThan(1);
    const right = better.filter((leftBetter, t) => preferenceProbability(fit, `t${t}:l`, `t${t}:r`) > 0.5 === leftBetter).length;
    // taking the pull to the left out beats a plain vote of the five judgements (Bayes-optimal here is about 0.89)
    const votes = better.filter((leftBetter, t) => data.slice(5 * t, 5 * t + 5).filter((c) => c.outcome === 'left').length >= 3 === leftBetter).length;
    expect(right).toBeGreaterThan(votes);
    expect(right / better.length).toBeGreaterThan(0.85);
  });

  it('takes a pure preference for the left side out of the strengths', () => {
    const data = [
      ...repeat(70, { left: 'A', right: 'B', outcome: 'left' }),
      ...repeat(30, { left: 'A', right: 'B', outcome: 'right' }),
      ...repeat(70, { left: 'B', right: 'A', outcome: 'left' }),
      ...repeat(30, { left: 'B', right: 'A', outcome: 'right' }),
    ];
    const fit = bradleyTerry(data);
    expect(Math.abs(fit.items[0]!.strength)).toBeLessThan(1e-6);
    expect(fit.positionBias.theta).toBeCloseTo(70 / 30, 1);
  });

  it('stays finite when one item won every comparison', () => {
    const fit = bradleyTerry([...repeat(5, { left: 'A', right: 'B', outcome: 'left' }), ...repeat(5, { left: 'B', right: 'A', outcome: 'right' })]);
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.items[0]!.strength)).toBe(true);
    expect(fit.items[0]!.item).toBe('A');
  });

  it('refuses empty input, self-comparisons and unknown outcomes', () => {
    expect(() => bradleyTerry([])).toThrow(QualityInputError);
    expect(() => bradleyTerry([{ left: 'A', right: 'A', outcome: 'left' }])).toThrow(/with itself/);
    expect(() => bradleyTerry([{ left: 'A', right: 'B', outcome: 'both' as never }])).toThrow(/left, right or tie/);
  });
});
