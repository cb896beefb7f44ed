import { validateLabelData, type LabelData } from './label-data.js';
import { QualityInputError } from './quality-input-error.js';

/**
 * Cohen's kappa between two raters who labelled the same items: `a[i]` and `b[i]` are their class indices for
 * item i. kappa = (p_o - p_e) / (1 - p_e). When both raters used one and the same class throughout (p_e = 1) the
 * result is 1, since they agree on every item.
 *
 * Reference: J. Cohen, "A Coefficient of Agreement for Nominal Scales", Educational and Psychological Measurement
 * 20(1), 1960.
 */
export function cohenKappa(a: ArrayLike<number>, b: ArrayLike<number>, nClasses: number): number {
  if (a.length !== b.length) throw new QualityInputError(`Cohen's kappa: ${a.length} vs ${b.length} ratings`);
  const n = a.length;
  if (n === 0) throw new QualityInputError("Cohen's kappa needs at least one item rated by both raters");
  const margA = new Float64Array(nClasses);
  const margB = new Float64Array(nClasses);
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!(x >= 0 && x < nClasses && y >= 0 && y < nClasses)) {
      throw new QualityInputError(`Cohen's kappa: item ${i} has class ${x}/${y} outside 0..${nClasses - 1}`);
    }
    margA[x]!++;
    margB[y]!++;
    if (x === y) agree++;
  }
  const po = agree / n;
  let pe = 0;
  for (let k = 0; k < nClasses; k++) pe += (margA[k]! / n) * (margB[k]! / n);
  if (pe >= 1) return 1;
  return (po - pe) / (1 - pe);
}

/**
 * Cohen's kappa between two workers of a label set, over the tasks both labelled (the first label of each when a
 * worker labelled a task twice). With `workerA`/`workerB` omitted the data must have exactly two workers.
 */
export function cohenKappaOfWorkers(data: LabelData, workerA = 0, workerB = 1): number {
  validateLabelData(data);
  if (data.nWorkers < 2) throw new QualityInputError("Cohen's kappa needs two raters; the data has " + data.nWorkers);
  const first = new Int32Array(data.nTasks).fill(-1);
  const second = new Int32Array(data.nTasks).fill(-1);
  for (let i = 0; i < data.task.length; i++) {
    const t = data.task[i]!;
    if (data.worker[i] === workerA && first[t] === -1) first[t] = data.label[i]!;
    else if (data.worker[i] === workerB && second[t] === -1) second[t] = data.label[i]!;
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let t = 0; t < data.nTasks; t++) {
    if (first[t]! >= 0 && second[t]! >= 0) {
      a.push(first[t]!);
      b.push(second[t]!);
    }
  }
  return cohenKappa(a, b, data.nClasses);
}
