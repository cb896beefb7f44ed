import { describe, expect, it } from 'vitest';
import { boxAgreement, boxConsensus, type BoxAnswer, type DrawnBox } from './box-aggregation.js';

const box = (x: number, y: number, width: number, height: number, label = 'car'): DrawnBox => ({ x, y, width, height, rotation: 0, label, bounds: { x, y, width, height } });
const answer = (worker: string, ...boxes: DrawnBox[]): BoxAnswer => ({ worker, boxes });

describe('boxConsensus', () => {
  it('one box per object: median coordinates, majority label, support of the annotators who drew it', () => {
    const answers = [
      answer('a', box(10, 10, 20, 20), box(60, 60, 10, 10, 'person')),
      answer('b', box(12, 10, 20, 22), box(61, 60, 10, 10, 'person')),
      answer('c', box(11, 14, 18, 20, 'truck')),
    ];
    const kept = boxConsensus(answers, { labelOrder: ['car', 'truck', 'person'] });
    expect(kept).toHaveLength(2);
    // x: median of 10, 12, 11; y of 10, 10, 14; width of 20, 20, 18; height of 20, 22, 20
    expect(kept[0]).toMatchObject({ x: 11, y: 10, width: 20, height: 20, label: 'car', support: ['a', 'b', 'c'], share: 1 });
    // two of three drew the person: kept (at least half), at the mean of two values
    expect(kept[1]).toMatchObject({ x: 60.5, y: 60, width: 10, height: 10, label: 'person', support: ['a', 'b'] });
    expect(kept[1]!.share).toBeCloseTo(2 / 3);
  });

  it('drops an object fewer than half drew, and does not merge boxes below the IoU threshold', () => {
    const answers = [answer('a', box(0, 0, 10, 10)), answer('b', box(0, 0, 10, 10)), answer('c', box(50, 50, 10, 10)), answer('d', box(8, 0, 10, 10))];
    const kept = boxConsensus(answers);
    // (8,0) overlaps (0,0) by 2x10 of 180: IoU 0.11, its own object with one vote of four; so is (50,50)
    expect(kept.map((k) => [k.x, k.support])).toEqual([[0, ['a', 'b']]]);
    expect(kept[0]!.meanIou).toBe(1);
  });

  it('ties of labels go to the first in config order; no annotators, no boxes', () => {
    const kept = boxConsensus([answer('a', box(0, 0, 10, 10, 'truck')), answer('b', box(0, 0, 10, 10, 'car'))], { labelOrder: ['car', 'truck'] });
    expect(kept.map((k) => k.label)).toEqual(['car']);
    expect(boxConsensus([])).toEqual([]);
  });
});

describe('boxAgreement', () => {
  it('F1 at IoU 0.5 over annotator pairs and the mean IoU of matched boxes', () => {
    // a and b: one box each, IoU of (0,0,10,10) and (0,5,10,10) = 50 / 150 = 1/3: no match
    // a and c: identical box: match, IoU 1; b and c: as a and b
    const image = [answer('a', box(0, 0, 10, 10)), answer('b', box(0, 5, 10, 10)), answer('c', box(0, 0, 10, 10))];
    const agreement = boxAgreement([image]);
    expect(agreement.pairs).toBe(3);
    expect(agreement.f1).toBeCloseTo(2 / 6);
    expect(agreement.meanIou).toBe(1);
  });

  it('needs the same label for a match; empty answers agree; no pairs is null', () => {
    const labels = boxAgreement([[answer('a', box(0, 0, 10, 10, 'car')), answer('b', box(0, 0, 10, 10, 'truck'))]]);
    expect(labels).toMatchObject({ pairs: 1, f1: 0, meanIou: null });
    const shifted = boxAgreement([[answer('a', box(0, 0, 10, 10)), answer('b', box(2, 0, 10, 10))]]);
    // IoU 80 / 120
    expect(shifted.meanIou).toBeCloseTo(2 / 3);
    expect(shifted.f1).toBe(1);
    expect(boxAgreement([[answer('a'), answer('b')]]).f1).toBe(1);
    expect(boxAgreement([[answer('a', box(0, 0, 1, 1))]])).toMatchObject({ pairs: 0, f1: null });
  });
});
