/** Names of the truth-inference methods. */
export type AggregationMethod = 'mv' | 'wawa' | 'ds' | 'onecoin' | 'glad' | 'mace';

/**
 * What every truth-inference method returns. Arrays are indexed by the integer ids of `LabelData`.
 * A task without labels has answer -1, confidence 0 and an all-zero posterior row. No value is ever NaN.
 */
export interface AggregationResult {
  readonly method: AggregationMethod;
  readonly nClasses: number;
  /** Per task: the inferred class index, or -1 when the task has no labels. */
  readonly answers: Int32Array;
  /** Per task: posterior probability of the answer (0 for unlabelled tasks). */
  readonly confidence: Float64Array;
  /** nTasks x nClasses, row-major: posterior probability of each class. */
  readonly posteriors: Float64Array;
  /** Per worker: one number in [0, 1], higher is better; what it means is documented on each method. */
  readonly workerSkill: Float64Array;
  /** nWorkers x nClasses x nClasses, `[w][true][given]` = P(worker w answers `given` | truth is `true`), if modelled. */
  readonly confusion?: Float64Array;
  /** Class priors, if modelled. */
  readonly priors?: Float64Array;
  /** EM iterations run (0 for one-pass methods). */
  readonly iterations: number;
  /** False when an iterative method stopped at its iteration limit. */
  readonly converged: boolean;
}

/**
 * Picks each labelled task's answer as the arg-max of its posterior row (lowest class on exact ties) and fills
 * `answers` and `confidence`. Unlabelled tasks (count 0) get -1 and 0.
 */
export function decodePosteriors(
  posteriors: Float64Array,
  perTask: Int32Array,
  nClasses: number,
): { answers: Int32Array; confidence: Float64Array } {
  const nTasks = perTask.length;
  const answers = new Int32Array(nTasks);
  const confidence = new Float64Array(nTasks);
  for (let t = 0; t < nTasks; t++) {
    if (perTask[t] === 0) {
      answers[t] = -1;
      continue;
    }
    const base = t * nClasses;
    let best = 0;
    let bestP = posteriors[base]!;
    for (let k = 1; k < nClasses; k++) {
      const p = posteriors[base + k]!;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    answers[t] = best;
    confidence[t] = bestP;
  }
  return { answers, confidence };
}

/** Normalises one row of `values` in place from log-space to probabilities (stable softmax). */
export function softmaxRow(values: Float64Array, base: number, n: number): void {
  let max = -Infinity;
  for (let k = 0; k < n; k++) if (values[base + k]! > max) max = values[base + k]!;
  if (max === -Infinity) {
    for (let k = 0; k < n; k++) values[base + k] = 1 / n;
    return;
  }
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const e = Math.exp(values[base + k]! - max);
    values[base + k] = e;
    sum += e;
  }
  for (let k = 0; k < n; k++) values[base + k] = values[base + k]! / sum;
}
