import type { AggregationResult } from './aggregation-result.js';
import { ConfusionModel, DS_EPS, checkGold, type DawidSkeneOptions } from './dawid-skene.js';
import { validateLabelData, type LabelData } from './label-data.js';

/**
 * One-coin Dawid-Skene: each worker has a single accuracy `s`; a wrong answer is uniform over the other classes,
 * so the confusion matrix is `s` on the diagonal and `(1 - s) / (K - 1)` elsewhere. The M-step sets `s` to the mean
 * posterior probability of the labels the worker gave (crowd-kit's estimator). `workerSkill` is `s`.
 *
 * Reference: the "one-coin" model of Dawid and Skene (1979) as used by Zhang, Chen, Zhou and Jordan, "Spectral
 * Methods Meet EM" (NeurIPS 2014); crowd-kit `OneCoinDawidSkene`.
 *
 * With one class the answer is trivially that class.
 */
export function oneCoinDawidSkene(data: LabelData, options: DawidSkeneOptions = {}): AggregationResult {
  validateLabelData(data);
  const gold = checkGold(data, options.gold);
  const model = new ConfusionModel(data, gold, options.initialPosteriors);
  const skills = new Float64Array(data.nWorkers);
  const result = model.run('onecoin', options.maxIterations ?? 100, options.tol ?? 1e-5, (m) => oneCoinMStep(m, skills));
  return { ...result, workerSkill: skills };
}

function oneCoinMStep(m: ConfusionModel, skills: Float64Array): void {
  const { K, counts, errors } = m;
  for (let w = 0; w < m.nWorkers; w++) {
    const base = w * K * K;
    let right = 0;
    let total = 0;
    for (let l = 0; l < K; l++) {
      for (let k = 0; k < K; k++) total += counts[base + l * K + k]!;
      right += counts[base + l * K + l]!;
    }
    // mean posterior probability of the labels this worker gave (each label's posterior row sums to 1)
    const s = total > 0 ? right / total : 0;
    skills[w] = s;
    const off = K > 1 ? (1 - s) / (K - 1) : 0;
    for (let l = 0; l < K; l++) {
      for (let k = 0; k < K; k++) errors[base + l * K + k] = clamp(l === k ? s : off);
    }
  }
  m.refreshLogErrors();
}

function clamp(x: number): number {
  return x < DS_EPS ? DS_EPS : x > 1 ? 1 : x;
}
