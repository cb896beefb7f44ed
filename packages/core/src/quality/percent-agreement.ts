import { validateLabelData, type LabelData } from './label-data.js';
import { QualityInputError } from './quality-input-error.js';
import { unitCounts } from './unit-counts.js';

/**
 * Percent agreement: for each task with at least two labels, the share of pairs of its labels that agree; then the
 * mean over those tasks (the observed agreement P-bar of Fleiss 1971). Throws `QualityInputError` when no task has
 * two labels.
 */
export function percentAgreement(data: LabelData): number {
  validateLabelData(data);
  const K = data.nClasses;
  const counts = unitCounts(data);
  let sum = 0;
  let units = 0;
  for (let t = 0; t < data.nTasks; t++) {
    let n = 0;
    let same = 0;
    for (let k = 0; k < K; k++) {
      const c = counts[t * K + k]!;
      n += c;
      same += c * (c - 1);
    }
    if (n < 2) continue;
    sum += same / (n * (n - 1));
    units++;
  }
  if (units === 0) throw new QualityInputError('percent agreement needs at least one task with two or more labels');
  return sum / units;
}
