import { validateLabelData, type LabelData } from './label-data.js';
import { QualityInputError } from './quality-input-error.js';
import { unitStats } from './unit-stats.js';

/**
 * Percent agreement: for each task with at least two labels, the share of pairs of its labels that agree; then the
 * mean over those tasks (the observed agreement P-bar of Fleiss 1971). Throws `QualityInputError` when no task has
 * two labels.
 */
export function percentAgreement(data: LabelData): number {
  validateLabelData(data);
  const { m, sumSquares } = unitStats(data);
  let sum = 0;
  let units = 0;
  for (let t = 0; t < data.nTasks; t++) {
    const n = m[t]!;
    if (n < 2) continue;
    sum += (sumSquares[t]! - n) / (n * (n - 1));
    units++;
  }
  if (units === 0) throw new QualityInputError('percent agreement needs at least one task with two or more labels');
  return sum / units;
}
