import { decodePosteriors, softmaxRow, type AggregationResult } from './aggregation-result.js';
import { digamma } from './digamma.js';
import { countPerTask, validateLabelData, type LabelData } from './label-data.js';
import { createRng } from './rng.js';

export interface MaceOptions {
  /** Random restarts; the one with the highest log marginal likelihood wins (default 10, crowd-kit's). */
  restarts?: number;
  /** Iterations per restart (default 50, crowd-kit's). */
  iterations?: number;
  /** `vb` (default, crowd-kit's) for variational Bayes with the priors below; `em` for plain EM. */
  method?: 'vb' | 'em';
  /** Beta prior on a worker's spamming / knowing probability (default 0.5 and 0.5). */
  alpha?: number;
  beta?: number;
  /** Symmetric Dirichlet prior on each worker's spamming strategy (default 10). */
  strategyPrior?: number;
  /** Seed of the random initialisation (default 0). */
  seed?: number;
}

/**
 * MACE (Multi-Annotator Competence Estimation): each worker either knows the answer (probability `theta_w`) and
 * gives it, or spams, drawing a label from a personal strategy distribution `xi_w`. EM or variational Bayes with
 * random restarts. `workerSkill` is the competence `theta_w`; the confusion matrix is
 * `theta_w * I + (1 - theta_w) * xi_w`.
 *
 * Reference: D. Hovy, T. Berg-Kirkpatrick, A. Vaswani and E. Hovy, "Learning Whom to Trust with MACE", NAACL-HLT
 * 2013; crowd-kit `MACE`.
 *
 * Memory is O(labels + tasks x classes + workers x classes): no task x worker x class array is built.
 */
export function mace(data: LabelData, options: MaceOptions = {}): AggregationResult {
  validateLabelData(data);
  const { nTasks, nWorkers, nClasses: K, task, worker, label } = data;
  const n = task.length;
  const perTask = countPerTask(data);
  const restarts = Math.max(1, options.restarts ?? 10);
  const iterations = options.iterations ?? 50;
  const vb = (options.method ?? 'vb') === 'vb';
  const alpha = options.alpha ?? 0.5;
  const beta = options.beta ?? 0.5;
  const strategyPrior = options.strategyPrior ?? 10;
  const rng = createRng(options.seed ?? 0);

  const spam = new Float64Array(nWorkers);
  const know = new Float64Array(nWorkers);
  const strategy = new Float64Array(nWorkers * K);
  const spamCount = new Float64Array(nWorkers);
  const knowCount = new Float64Array(nWorkers);
  const strategyCount = new Float64Array(nWorkers * K);
  const posteriors = new Float64Array(nTasks * K);

  /** Computes posteriors and expected counts; returns the log marginal likelihood. */
  const eStep = (): number => {
    posteriors.fill(-Math.log(K));
    for (let i = 0; i < n; i++) {
      const w = worker[i]!;
      const l = label[i]!;
      const s = spam[w]! * strategy[w * K + l]!;
      const logOther = Math.log(s);
      const base = task[i]! * K;
      for (let k = 0; k < K; k++) posteriors[base + k]! += logOther;
      posteriors[base + l]! += Math.log(s + know[w]!) - logOther;
    }
    let logLik = 0;
    for (let t = 0; t < nTasks; t++) {
      if (perTask[t] === 0) {
        posteriors.fill(0, t * K, t * K + K);
        continue;
      }
      const base = t * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, posteriors[base + k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(posteriors[base + k]! - max);
      logLik += max + Math.log(sum);
      softmaxRow(posteriors, base, K);
    }
    spamCount.fill(0);
    knowCount.fill(0);
    strategyCount.fill(0);
    for (let i = 0; i < n; i++) {
      const w = worker[i]!;
      const l = label[i]!;
      const p = posteriors[task[i]! * K + l]!;
      const s = spam[w]! * strategy[w * K + l]!;
      const spamIfRight = s / (s + know[w]!);
      const expectedSpam = 1 - p + p * spamIfRight;
      spamCount[w]! += expectedSpam;
      knowCount[w]! += 1 - expectedSpam;
      strategyCount[w * K + l]! += expectedSpam;
    }
    return logLik;
  };

  const mStep = (): void => {
    for (let w = 0; w < nWorkers; w++) {
      const base = w * K;
      let strategyTotal = 0;
      for (let k = 0; k < K; k++) strategyTotal += strategyCount[base + k]!;
      if (vb) {
        const norm = digamma(spamCount[w]! + knowCount[w]! + alpha + beta);
        spam[w] = Math.exp(digamma(spamCount[w]! + alpha) - norm);
        know[w] = Math.exp(digamma(knowCount[w]! + beta) - norm);
        const sNorm = digamma(strategyTotal + K * strategyPrior);
        for (let k = 0; k < K; k++) strategy[base + k] = Math.exp(digamma(strategyCount[base + k]! + strategyPrior) - sNorm);
      } else {
        const total = spamCount[w]! + knowCount[w]!;
        spam[w] = total > 0 ? spamCount[w]! / total : 0.5;
        know[w] = 1 - spam[w]!;
        for (let k = 0; k < K; k++) {
          strategy[base + k] = strategyTotal > 0 ? strategyCount[base + k]! / strategyTotal : 1 / K;
        }
      }
      // keep every probability strictly positive so that logs stay finite
      spam[w] = Math.max(spam[w]!, 1e-12);
      know[w] = Math.max(know[w]!, 1e-12);
      for (let k = 0; k < K; k++) strategy[base + k] = Math.max(strategy[base + k]!, 1e-12);
    }
  };

  const initialise = (): void => {
    for (let w = 0; w < nWorkers; w++) {
      const a = 1 + 1.5 * rng();
      const b = 1 + 1.5 * rng();
      spam[w] = a / (a + b);
      know[w] = b / (a + b);
      let total = 0;
      for (let k = 0; k < K; k++) total += (strategy[w * K + k] = 1 + 1.5 * rng());
      for (let k = 0; k < K; k++) strategy[w * K + k] = strategy[w * K + k]! / total;
    }
  };

  let best = -Infinity;
  const bestSpam = new Float64Array(nWorkers);
  const bestKnow = new Float64Array(nWorkers);
  const bestStrategy = new Float64Array(nWorkers * K);
  for (let r = 0; r < restarts; r++) {
    initialise();
    let logLik = eStep();
    for (let it = 0; it < iterations; it++) {
      mStep();
      logLik = eStep();
    }
    if (logLik > best || r === 0) {
      best = logLik;
      bestSpam.set(spam);
      bestKnow.set(know);
      bestStrategy.set(strategy);
    }
  }
  spam.set(bestSpam);
  know.set(bestKnow);
  strategy.set(bestStrategy);
  eStep();

  const { answers, confidence } = decodePosteriors(posteriors, perTask, K);
  const workerSkill = new Float64Array(nWorkers);
  const confusion = new Float64Array(nWorkers * K * K);
  for (let w = 0; w < nWorkers; w++) {
    const theta = know[w]! / (know[w]! + spam[w]!);
    workerSkill[w] = theta;
    let strategyTotal = 0;
    for (let l = 0; l < K; l++) strategyTotal += strategy[w * K + l]!;
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < K; l++) {
        confusion[(w * K + k) * K + l] = (1 - theta) * (strategy[w * K + l]! / strategyTotal) + (k === l ? theta : 0);
      }
    }
  }
  return {
    method: 'mace',
    nClasses: K,
    answers,
    confidence,
    posteriors,
    workerSkill,
    confusion,
    iterations: restarts * iterations,
    converged: true,
  };
}
