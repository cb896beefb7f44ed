import { decodePosteriors, softmaxRow, type AggregationResult } from './aggregation-result.js';
import { countPerTask, validateLabelData, type LabelData } from './label-data.js';

export interface GladOptions {
  /** Maximum EM iterations (default 100, crowd-kit's). */
  maxIterations?: number;
  /** Stop when the objective changes by less than this fraction (default 1e-5, crowd-kit's). */
  tol?: number;
  /** Conjugate-gradient iterations per M-step (default 25, crowd-kit's `m_step_max_iter`). */
  mStepMaxIterations?: number;
  /** M-step stops when every gradient component is below this (default 1e-2, crowd-kit's `m_step_tol`). */
  mStepTol?: number;
  /** Class priors (default uniform); kept fixed, as in the paper and crowd-kit. */
  priors?: Float64Array;
}

/**
 * GLAD (Generative model of Labels, Abilities, and Difficulties): worker w with ability `alpha_w` answers task t of
 * inverse difficulty `beta_t = exp(b_t)` correctly with probability `sigmoid(alpha_w * beta_t)`; wrong answers are
 * uniform over the other classes. EM with a conjugate-gradient M-step on (alpha, b) under N(1, 1) priors.
 * `workerSkill` is `sigmoid(alpha_w)`, the accuracy on a task of average difficulty (beta = 1).
 *
 * Reference: J. Whitehill, P. Ruvolo, T. Wu, J. Bergsma and J. Movellan, "Whose Vote Should Count More: Optimal
 * Integration of Labels from Labelers of Unknown Expertise", NeurIPS 2009; crowd-kit `GLAD`.
 *
 * Memory is O(labels + tasks x classes + workers): no task x worker x class array is built.
 */
export function glad(data: LabelData, options: GladOptions = {}): AggregationResult {
  validateLabelData(data);
  const { nTasks, nWorkers, nClasses: K, task, worker, label } = data;
  const n = task.length;
  const perTask = countPerTask(data);
  const logPriors = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const p = options.priors ? options.priors[k] ?? 0 : 1 / K;
    logPriors[k] = p > 0 ? Math.log(p) : -Infinity;
  }
  const logKm1 = K > 1 ? Math.log(K - 1) : 0;
  // x = [alpha_0..alpha_{W-1}, b_0..b_{T-1}]
  const x = new Float64Array(nWorkers + nTasks).fill(1);
  const posteriors = new Float64Array(nTasks * K);
  const pGiven = new Float64Array(n); // posterior of the label each row gave, fixed during an M-step
  const beta = new Float64Array(nTasks);

  const eStep = (): void => {
    for (let t = 0; t < nTasks; t++) for (let k = 0; k < K; k++) posteriors[t * K + k] = logPriors[k]!;
    for (let t = 0; t < nTasks; t++) beta[t] = Math.exp(x[nWorkers + t]!);
    for (let i = 0; i < n; i++) {
      const t = task[i]!;
      const z = x[worker[i]!]! * beta[t]!;
      const e = Math.exp(-Math.abs(z));
      const l1p = Math.log1p(e);
      const logSig = z >= 0 ? -l1p : z - l1p;
      const logWrong = (z >= 0 ? -z - l1p : -l1p) - logKm1;
      const base = t * K;
      for (let k = 0; k < K; k++) posteriors[base + k]! += logWrong;
      posteriors[base + label[i]!]! += logSig - logWrong;
    }
    for (let t = 0; t < nTasks; t++) {
      if (perTask[t] === 0) posteriors.fill(0, t * K, t * K + K);
      else softmaxRow(posteriors, t * K, K);
    }
    for (let i = 0; i < n; i++) pGiven[i] = posteriors[task[i]! * K + label[i]!]!;
  };

  const logNormConst = 0.5 * Math.log(2 * Math.PI);
  /** Q and its gradient at `point` (gradient written into `grad`); maximised. */
  const objective = (point: Float64Array, grad: Float64Array): number => {
    // local copies: V8 reads captured variables from the closure context on every use
    const tasks = task;
    const workers = worker;
    const given = pGiven;
    const betas = beta;
    const W = nWorkers;
    const lk = logKm1;
    let q = 0;
    for (let t = 0; t < nTasks; t++) betas[t] = Math.exp(point[W + t]!);
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const w = workers[i]!;
      const tb = tasks[i]!;
      const a = point[w]!;
      const bt = betas[tb]!;
      const z = a * bt;
      const az = z >= 0 ? z : -z;
      const e = Math.exp(-az);
      const l1p = Math.log1p(e);
      const p = given[i]!;
      // log sigmoid(z) and log(1 - sigmoid(z)), both from e = exp(-|z|)
      const logSig = z >= 0 ? -l1p : z - l1p;
      const logOneMinus = z >= 0 ? -z - l1p : -l1p;
      q += p * logSig + (1 - p) * (logOneMinus - lk);
      const inv = 1 / (1 + e);
      const r = p - (z >= 0 ? inv : e * inv);
      grad[w]! += r * bt;
      grad[W + tb]! += r * a * bt;
    }
    for (let j = 0; j < point.length; j++) {
      const d = point[j]! - 1;
      q -= 0.5 * d * d + logNormConst;
      grad[j]! -= d;
    }
    return q;
  };

  const maxIterations = options.maxIterations ?? 100;
  const tol = options.tol ?? 1e-5;
  eStep();
  const scratch = new Float64Array(x.length);
  let q = objective(x, scratch) / n;
  let iterations = 0;
  let converged = false;
  for (let it = 0; it < maxIterations; it++) {
    iterations++;
    conjugateGradientAscent(objective, x, options.mStepMaxIterations ?? 25, options.mStepTol ?? 1e-2);
    eStep();
    const next = objective(x, scratch) / n;
    const change = Math.abs((next - q) / (q === 0 ? 1 : q));
    q = next;
    if (change < tol) {
      converged = true;
      break;
    }
  }
  const { answers, confidence } = decodePosteriors(posteriors, perTask, K);
  const workerSkill = new Float64Array(nWorkers);
  for (let w = 0; w < nWorkers; w++) workerSkill[w] = sigmoid(x[w]!);
  return { method: 'glad', nClasses: K, answers, confidence, posteriors, workerSkill, iterations, converged };
}

/**
 * Polak-Ribière (PR+) nonlinear conjugate gradient ascent with a backtracking Armijo line search, in place on `x`.
 * Stops after `maxIter` iterations or when every gradient component is below `gtol` (like scipy's CG `gtol`).
 */
function conjugateGradientAscent(
  f: (x: Float64Array, grad: Float64Array) => number,
  x: Float64Array,
  maxIter: number,
  gtol: number,
): void {
  const m = x.length;
  const g = new Float64Array(m);
  const gNew = new Float64Array(m);
  const d = new Float64Array(m);
  const trial = new Float64Array(m);
  let fx = f(x, g);
  d.set(g);
  let step = 1 / Math.max(1e-12, Math.sqrt(dot(g, g)));
  for (let it = 0; it < maxIter; it++) {
    if (maxAbs(g) < gtol) return;
    let slope = dot(g, d);
    if (slope <= 0) {
      d.set(g);
      slope = dot(g, g);
    }
    let accepted = false;
    let fTrial = fx;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < m; j++) trial[j] = x[j]! + step * d[j]!;
      fTrial = f(trial, gNew);
      if (Number.isFinite(fTrial) && fTrial >= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) return;
    let num = 0;
    let den = 0;
    for (let j = 0; j < m; j++) {
      num += gNew[j]! * (gNew[j]! - g[j]!);
      den += g[j]! * g[j]!;
    }
    const beta = den > 0 ? Math.max(0, num / den) : 0;
    x.set(trial);
    fx = fTrial;
    g.set(gNew);
    for (let j = 0; j < m; j++) d[j] = g[j]! + beta * d[j]!;
    step *= 2;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j]!));
  return m;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
