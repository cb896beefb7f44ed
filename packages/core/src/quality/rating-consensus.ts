import { QualityInputError } from './quality-input-error.js';

/** The combined rating of one item and how far the annotators were apart. */
export interface RatingConsensus {
  /** The median rating (the mean of the two middle ones for an even count). */
  median: number;
  /** Lowest and highest rating given. */
  min: number;
  max: number;
  /** Interquartile range (Tukey's hinges: medians of the lower and upper halves), 0 for one rating. */
  iqr: number;
  /** How many ratings were combined. */
  n: number;
}

/**
 * Combines several annotators' ratings of one item (a 1-5 star score, a Likert answer) by their median, with the
 * spread beside it. The median, not the mean, because ratings are ordinal: one annotator's 1 among four 5s should
 * not make the item a 4. The spread tells a reviewer which items the annotators disagreed on.
 */
export function ratingConsensus(ratings: readonly number[]): RatingConsensus {
  if (ratings.length === 0) throw new QualityInputError('no ratings to combine');
  for (const r of ratings) if (!Number.isFinite(r)) throw new QualityInputError(`rating ${r} is not a finite number`);
  const sorted = [...ratings].sort((a, b) => a - b);
  const n = sorted.length;
  const half = Math.floor(n / 2);
  const lower = sorted.slice(0, half);
  const upper = sorted.slice(n % 2 === 0 ? half : half + 1);
  return {
    median: medianOfSorted(sorted),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    iqr: n > 1 ? medianOfSorted(upper) - medianOfSorted(lower) : 0,
    n,
  };
}

function medianOfSorted(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
