import { describe, expect, it } from 'vitest';
import { boxIou, matchByIou, spanIou, type Box, type Span } from './iou-matching.js';

describe('IoU', () => {
  it('computes span and box IoU by hand', () => {
    expect(spanIou({ start: 0, end: 10 }, { start: 5, end: 15 })).toBeCloseTo(5 / 15, 12);
    expect(spanIou({ start: 0, end: 5 }, { start: 5, end: 9 })).toBe(0);
    expect(spanIou({ start: 3, end: 3 }, { start: 3, end: 3 })).toBe(0);
    // 10x10 boxes offset by 5 in x: intersection 50, union 150
    expect(boxIou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(1 / 3, 12);
    expect(boxIou({ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 20, width: 5, height: 5 })).toBe(0);
  });
});

describe('matchByIou', () => {
  it('pairs spans one to one above the threshold and scores F1', () => {
    const a: Span[] = [
      { start: 0, end: 10, label: 'PER' },
      { start: 20, end: 30, label: 'ORG' },
      { start: 40, end: 50, label: 'LOC' },
    ];
    const b: Span[] = [
      { start: 1, end: 10, label: 'PER' }, // IoU 0.9 with a0
      { start: 20, end: 30, label: 'LOC' }, // same place, other label: not matched
      { start: 44, end: 50, label: 'LOC' }, // IoU 0.6 with a2
      { start: 60, end: 70, label: 'PER' },
    ];
    const m = matchByIou(a, b, spanIou, { threshold: 0.5 });
    expect(m.pairs.map((p) => [p.a, p.b])).toEqual([[0, 0], [2, 2]]);
    expect(m.f1).toBeCloseTo((2 * 2) / 7, 12);
    expect(m.precision).toBeCloseTo(2 / 4, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.meanIou).toBeCloseTo((0.9 + 0.6) / 2, 12);
    expect(matchByIou(a, b, spanIou, { threshold: 0.7 }).pairs).toHaveLength(1);
    expect(matchByIou(a, b, spanIou, { sameLabel: false }).pairs).toHaveLength(3);
  });

  it('gives each box to its best partner only once', () => {
    const a: Box[] = [{ x: 0, y: 0, width: 10, height: 10 }];
    const b: Box[] = [
      { x: 1, y: 0, width: 10, height: 10 },
      { x: 0, y: 0, width: 10, height: 10 },
    ];
    const m = matchByIou(a, b, boxIou);
    expect(m.pairs).toEqual([{ a: 0, b: 1, iou: 1 }]);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
  });

  it('counts two empty annotations as full agreement', () => {
    expect(matchByIou<Span>([], [], spanIou).f1).toBe(1);
    expect(matchByIou<Span>([{ start: 0, end: 1 }], [], spanIou).f1).toBe(0);
  });
});
