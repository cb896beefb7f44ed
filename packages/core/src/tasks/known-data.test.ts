import { describe, expect, it } from 'vitest';
import { KnownData } from './known-data.js';

describe('KnownData', () => {
  it('finds every task added under a hash, through growth, and nothing for an absent hash', () => {
    const known = new KnownData(0);
    for (let id = 1; id <= 5000; id++) known.add(id * 7919, id);
    for (const id of [1, 2500, 5000]) expect(known.candidates(id * 7919)).toEqual([id]);
    expect(known.candidates(3)).toEqual([]);
  });

  it('gives every task of a hash as a candidate: equal data, or a collision that the data then tells apart', () => {
    const known = new KnownData(10);
    known.add(5, 1);
    known.add(5, 2);
    known.add(6, 3);
    expect(known.candidates(5).sort()).toEqual([1, 2]);
  });

  it('keeps a few tasks of one hash, not every one (many equal tasks would make one long probe)', () => {
    const known = new KnownData(10);
    for (let id = 1; id <= 1000; id++) known.add(42, id);
    known.add(43, 2000);
    expect(known.candidates(42)).toEqual([1, 2, 3, 4]);
    expect(known.candidates(43)).toEqual([2000]);
  });
});
