import { validateLabelData, type LabelData } from './label-data.js';
import { QualityInputError } from './quality-input-error.js';
import { unitStats } from './unit-stats.js';

/**
 * Fleiss' kappa from a subjects x categories table of counts (`counts[i][j]` raters put subject i in category j).
 * Subjects may have different numbers of ratings: each subject's agreement uses its own count, and subjects with
 * fewer than two ratings are skipped. Returns 1 when every rating is in one category (no chance disagreement).
 *
 * Reference: J. L. Fleiss, "Measuring Nominal Scale Agreement Among Many Raters", Psychological Bulletin 76(5), 1971.
 */
export function fleissKappaFromCounts(counts: ArrayLike<ArrayLike<number>>): number {
  const nCat = counts[0]?.length ?? 0;
  const totals = new Float64Array(nCat);
  let pBar = 0;
  let subjects = 0;
  let ratings = 0;
  for (let i = 0; i < counts.length; i++) {
    const row = counts[i]!;
    let n = 0;
    let sq = 0;
    for (let j = 0; j < nCat; j++) {
      const c = row[j] ?? 0;
      n += c;
      sq += c * c;
    }
    if (n < 2) continue;
    for (let j = 0; j < nCat; j++) totals[j]! += row[j] ?? 0;
    ratings += n;
    pBar += (sq - n) / (n * (n - 1));
    subjects++;
  }
  if (subjects === 0) throw new QualityInputError("Fleiss' kappa needs at least one subject with two or more ratings");
  pBar /= subjects;
  let pe = 0;
  for (let j = 0; j < nCat; j++) pe += (totals[j]! / ratings) ** 2;
  if (pe >= 1) return 1;
  return (pBar - pe) / (1 - pe);
}

/** Fleiss' kappa of a label set: tasks are subjects, labels are ratings (see `fleissKappaFromCounts`). */
export function fleissKappa(data: LabelData): number {
  validateLabelData(data);
  const { m, sumSquares, classTotals } = unitStats(data);
  let pBar = 0;
  let subjects = 0;
  let ratings = 0;
  for (let t = 0; t < data.nTasks; t++) {
    const n = m[t]!;
    if (n < 2) continue;
    pBar += (sumSquares[t]! - n) / (n * (n - 1));
    ratings += n;
    subjects++;
  }
  if (subjects === 0) throw new QualityInputError("Fleiss' kappa needs at least one subject with two or more ratings");
  pBar /= subjects;
  let pe = 0;
  for (const total of classTotals) pe += (total / ratings) ** 2;
  if (pe >= 1) return 1;
  return (pBar - pe) / (1 - pe);
}
