import { describe, expect, it } from 'vitest';
import { LEVEL_II_RESOLVED } from './level-ii-resolved.fixture.js';
import { codeLetter, drawSample, lotVerdict, samplingPlan } from './sampling-plan.js';

const AQLS = ['0.65', '1.0', '1.5', '2.5', '4.0', '6.5'];

/** Expected plans from the standard's "Level II resolved plans" table: `n Ac/Re [letter]`. */
const expected = LEVEL_II_RESOLVED.map((line) => {
  const [range = '', letter = '', ...cells] = line.split(' | ');
  const [low = '', high = ''] = range.split('–');
  return {
    low: Number(low),
    high: high === '∞' ? undefined : Number(high),
    letter,
    plans: cells.map((cell) => {
      const m = /^(\d+) (\d+)\/(\d+)(?: \[([A-R])\])?$/.exec(cell);
      if (!m) throw new Error(`bad fixture cell ${cell}`);
      return { n: Number(m[1]), ac: Number(m[2]), re: Number(m[3]), planLetter: m[4] ?? letter };
    }),
  };
});

describe('ISO 2859-1 normal single sampling, level II', () => {
  it('covers every lot-size row of the table', () => {
    expect(expected).toHaveLength(15);
  });

  for (const row of expected) {
    for (const [i, aql] of AQLS.entries()) {
      const want = row.plans[i]!;
      for (const lotSize of [row.low, row.high ?? 1_000_000]) {
        it(`lot ${lotSize} (${row.letter}) at AQL ${aql}: n=${want.n} Ac=${want.ac} Re=${want.re}`, () => {
          const plan = samplingPlan(lotSize, aql);
          expect(plan.codeLetter).toBe(row.letter);
          expect({ n: plan.sampleSize, ac: plan.ac, re: plan.re, planLetter: plan.planLetter }).toEqual(want);
          expect(plan.fullInspection).toBe(want.n >= lotSize);
          expect(plan.inspect).toBe(Math.min(want.n, lotSize));
        });
      }
    }
  }

  it('finds code letters at other levels and refuses what the table does not hold', () => {
    expect(codeLetter(100, 'I')).toBe('D');
    expect(codeLetter(100, 'III')).toBe('G');
    expect(codeLetter(600_000, 'S-1')).toBe('D');
    expect(() => samplingPlan(100, '3.3')).toThrow(/AQL/);
    expect(() => samplingPlan(1, '1.0')).toThrow(/lot size/);
    expect(() => samplingPlan(5, '10')).toThrow(/no plan/);
  });
});

describe('sample draw and verdict', () => {
  it('draws the same sample from the same seed, distinct items, any input order', () => {
    const ids = Array.from({ length: 100 }, (_, i) => i * 3 + 1);
    const a = drawSample(ids, 20, 42);
    expect(drawSample([...ids].reverse(), 20, 42)).toEqual(a);
    expect(new Set(a).size).toBe(20);
    expect(drawSample(ids, 20, 43)).not.toEqual(a);
    expect(drawSample(ids, 500, 1).sort((x, y) => x - y)).toEqual(ids);
  });

  it('accepts at Ac, rejects at Re, and waits otherwise', () => {
    expect(lotVerdict(1, 20, 20, 1, 2)).toBe('accepted');
    expect(lotVerdict(2, 5, 20, 1, 2)).toBe('rejected');
    expect(lotVerdict(1, 19, 20, 1, 2)).toBe('inspecting');
  });
});
