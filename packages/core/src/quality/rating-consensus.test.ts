import { describe, expect, it } from 'vitest';
import { QualityInputError } from './quality-input-error.js';
import { ratingConsensus } from './rating-consensus.js';

describe('ratingConsensus', () => {
  it('takes the median, so one outlier does not move an ordinal rating', () => {
    expect(ratingConsensus([5, 5, 1, 5, 5])).toEqual({ median: 5, min: 1, max: 5, iqr: 2, n: 5 });
  });

  it('averages the two middle ratings of an even count and reports the spread', () => {
    expect(ratingConsensus([4, 2, 3, 1])).toEqual({ median: 2.5, min: 1, max: 4, iqr: 2, n: 4 });
    expect(ratingConsensus([3])).toEqual({ median: 3, min: 3, max: 3, iqr: 0, n: 1 });
  });

  it('refuses an empty list and non-numbers', () => {
    expect(() => ratingConsensus([])).toThrow(QualityInputError);
    expect(() => ratingConsensus([1, Number.NaN])).toThrow(/not a finite number/);
  });
});
