import { describe, expect, it } from 'vitest';
import { cohenKappa, cohenKappaOfWorkers } from './cohen-kappa.js';
import { fleissKappa, fleissKappaFromCounts } from './fleiss-kappa.js';
import { krippendorffAlpha, krippendorffAlphaOfTable } from './krippendorff-alpha.js';
import { percentAgreement } from './percent-agreement.js';
import { QualityInputError } from './quality-input-error.js';
import { labelsOf } from './test-data.js';

const N = null;

describe("Krippendorff's alpha", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units, missing data
  const table = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
  ];

  it('matches the published nominal (0.743) and interval (0.849) values with missing data', () => {
    expect(krippendorffAlphaOfTable(table, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlphaOfTable(table, 'interval')).toBeCloseTo(0.849, 3);
  });

  it('matches the published binary two-observer value (0.095)', () => {
    const binary = [
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ];
    expect(krippendorffAlphaOfTable(binary)).toBeCloseTo(0.095, 3);
  });

  it('is 1 for perfect agreement and needs a pairable unit', () => {
    expect(krippendorffAlphaOfTable([[1, 2, 3], [1, 2, 3]])).toBe(1);
    expect(krippendorffAlphaOfTable([[1, 1], [1, 1]])).toBe(1);
    expect(() => krippendorffAlpha(labelsOf([[0, 0, 0], [1, 1, 1]]))).toThrow(QualityInputError);
    expect(() => krippendorffAlpha(labelsOf([[0, 0, 0], [0, 1, 1]]), { metric: 'interval' })).toThrow(/numeric value/);
  });
});

describe("Fleiss' kappa", () => {
  it("matches Fleiss' worked example as given on Wikipedia (0.210)", () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappaFromCounts(counts)).toBeCloseTo(0.21, 3);
  });

  it('computes the same from label rows', () => {
    // task 0: 0,0,1; task 1: 1,1,1. P = [1/3, 1]; mean 2/3. p = [2/6, 4/6]; Pe = 5/9. kappa = (2/3-5/9)/(4/9) = 1/4
    const data = labelsOf([[0, 0, 0], [0, 1, 0], [0, 2, 1], [1, 0, 1], [1, 1, 1], [1, 2, 1]]);
    expect(fleissKappa(data)).toBeCloseTo(0.25, 12);
  });
});

describe("Cohen's kappa", () => {
  it('matches the textbook 2x2 example (20, 5, 10, 15 -> 0.4)', () => {
    const a: number[] = [];
    const b: number[] = [];
    const push = (x: number, y: number, n: number): void => {
      for (let i = 0; i < n; i++) {
        a.push(x);
        b.push(y);
      }
    };
    push(0, 0, 20);
    push(0, 1, 5);
    push(1, 0, 10);
    push(1, 1, 15);
    expect(cohenKappa(a, b, 2)).toBeCloseTo(0.4, 12);
  });

  it('pairs two workers over the tasks both labelled', () => {
    // task 2 only worker 0: ignored. Pairs: (0,0), (1,1), (0,1), (1,1): po = 3/4, pe = 1/2*1/4 + 1/2*3/4 = 1/2
    const data = labelsOf([[0, 0, 0], [0, 1, 0], [1, 0, 1], [1, 1, 1], [2, 0, 0], [3, 0, 0], [3, 1, 1], [4, 0, 1], [4, 1, 1]]);
    expect(cohenKappaOfWorkers(data)).toBeCloseTo(0.5, 12);
    expect(() => cohenKappa([], [], 2)).toThrow(QualityInputError);
  });
});

describe('percent agreement', () => {
  it('averages the share of agreeing pairs over tasks with two or more labels', () => {
    // task 0: 0,0,1 -> 1 of 3 pairs; task 1: 1,1 -> 1; task 2 has one label and is skipped
    const data = labelsOf([[0, 0, 0], [0, 1, 0], [0, 2, 1], [1, 0, 1], [1, 1, 1], [2, 0, 0]]);
    expect(percentAgreement(data)).toBeCloseTo(2 / 3, 12);
    expect(() => percentAgreement(labelsOf([[0, 0, 0]]))).toThrow(/two or more labels/);
  });
});

describe('agreement on free-text labels', () => {
  it('handles tens of thousands of distinct classes without a task x class table', () => {
    // 30,000 tasks, two labels each, every task its own class: a dense table would need 900M cells
    const rows: Array<[number, number, number]> = [];
    for (let t = 0; t < 30_000; t++) rows.push([t, 0, t], [t, 1, t]);
    rows.push([0, 2, 1]);
    const data = labelsOf(rows);
    expect(data.nClasses).toBe(30_000);
    // one disagreeing label on task 0: nominal alpha from the closed form equals the table form on a small copy
    expect(krippendorffAlpha(data)).toBeGreaterThan(0.99);
    expect(krippendorffAlpha(data)).toBeLessThan(1);
    expect(percentAgreement(data)).toBeCloseTo((1 / 3 + 29_999) / 30_000, 12);
    expect(fleissKappa(data)).toBeGreaterThan(0.99);
  });
});

