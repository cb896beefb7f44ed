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
  const model = new ConfusionModel(data, gold);
  const skills = new Float64Array(data.nWorkers);
  const result = model.run('onecoin', options.maxIterations ?? 100, options.tol ?? 1e-5, (m) => oneCoinMStep(m, skills));
  return { ...result, workerSkill: skills };
}

function oneCoinMStep(m: ConfusionModel, skills: Float64Array): void {
  const { K, posteriors, errors } = m;
  const { task, worker, label } = m.data;
  const totals = new Float64Array(m.nWorkers);
  skills.fill(0);
  for (let i = 0; i < task.length; i++) {
    const w = worker[i]!;
    skills[w]! += posteriors[task[i]! * K + label[i]!]!;
    totals[w]!++;
  }
  for (let w = 0; w < m.nWorkers; w++) {
    const s = totals[w]! > 0 ? skills[w]! / totals[w]! : 0;
    skills[w] = s;
    const off = K > 1 ? (1 - s) / (K - 1) : 0;
    const base = w * K * K;
    for (let l = 0; l < K; l++) {
      for (let k = 0; k < K; k++) errors[base + l * K + k] = clamp(l === k ? s : off);
    }
  }
  m.refreshLogErrors();
}

function clamp(x: number): number {
  return x < DS_EPS ? DS_EPS : x > 1 ? 1 : x;
}
