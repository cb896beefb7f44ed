import { decodePosteriors, type AggregationResult } from './aggregation-result.js';
import { countPerTask, validateLabelData, type LabelData } from './label-data.js';
import { QualityInputError } from './quality-input-error.js';

/** Floor applied to confusion-matrix entries of observed (worker, label) pairs, as crowd-kit does. */
export const DS_EPS = 1e-10;

/** Largest workers x classes² the confusion-matrix models accept (three such Float64Arrays = 768 MB). */
export const MAX_CONFUSION_ENTRIES = 2 ** 25;

export interface DawidSkeneOptions {
  /** Maximum EM iterations (default 100, like the crowd-kit reference runs). */
  maxIterations?: number;
  /** Stop when the per-label evidence lower bound improves by less than this (default 1e-5, crowd-kit's). */
  tol?: number;
  /**
   * Known answers: `gold[t]` is the true class of task t, or -1 when unknown. Gold tasks' posteriors are fixed to
   * their known answer in every E-step, so they anchor the confusion matrices (see `goldDawidSkene`).
   */
  gold?: Int32Array;
  /** Starting posteriors (nTasks x nClasses) instead of the majority-vote shares, e.g. a previous fit's. */
  initialPosteriors?: Float64Array;
}

/**
 * Dawid-Skene: each worker has a full confusion matrix, classes have priors, and EM alternates between task
 * posteriors (E-step) and confusion matrices and priors (M-step). Initialised from the majority-vote shares, like
 * crowd-kit. `workerSkill` is the prior-weighted diagonal of the worker's confusion matrix (expected accuracy).
 *
 * Reference: A. P. Dawid and A. M. Skene, "Maximum Likelihood Estimation of Observer Error-Rates Using the EM
 * Algorithm", Journal of the Royal Statistical Society C 28(1), 1979; crowd-kit `DawidSkene`.
 *
 * Memory is O(labels + tasks x classes + workers x classes²); one iteration costs O(labels x classes).
 */
export function dawidSkene(data: LabelData, options: DawidSkeneOptions = {}): AggregationResult {
  validateLabelData(data);
  const gold = checkGold(data, options.gold);
  const model = new ConfusionModel(data, gold, options.initialPosteriors);
  return model.run('ds', options.maxIterations ?? 100, options.tol ?? 1e-5, (m) => m.fullConfusionMStep());
}

/** Validates a gold vector against the data (length and class range). */
export function checkGold(data: LabelData, gold: Int32Array | undefined): Int32Array | undefined {
  if (!gold) return undefined;
  if (gold.length !== data.nTasks) {
    throw new QualityInputError(`gold has ${gold.length} entries but there are ${data.nTasks} tasks`);
  }
  for (let t = 0; t < gold.length; t++) {
    const g = gold[t]!;
    if (g < -1 || g >= data.nClasses) throw new QualityInputError(`gold of task ${t} is ${g}, outside -1..${data.nClasses - 1}`);
  }
  return gold;
}

/**
 * Shared EM machinery of the confusion-matrix models (full and one-coin Dawid-Skene). `errors` is laid out
 * `[worker][given][true]` so that the E-step reads the row for one label contiguously.
 */
export class ConfusionModel {
  readonly nTasks: number;
  readonly nWorkers: number;
  readonly K: number;
  readonly posteriors: Float64Array;
  readonly priors: Float64Array;
  readonly errors: Float64Array;
  readonly logErrors: Float64Array;
  /** Expected counts `[worker][given][true]` of the last M-step, before flooring: the ELBO is computed from them. */
  readonly counts: Float64Array;
  /** Entropy of the posteriors of the last E-step. */
  entropy = 0;
  readonly perTask: Int32Array;
  /** 1 when the worker gave that label at least once: crowd-kit keeps confusion entries only for observed pairs. */
  readonly observed: Uint8Array;
  /** Labels grouped by task (CSR): task t's labels are rows taskStart[t]..taskStart[t+1]-1 of `rowBase`. */
  readonly taskStart: Int32Array;
  /** Per label in task order: offset `(worker x K + label) x K` of its row in `errors`, `logErrors` and `counts`. */
  readonly rowBase: Int32Array;
  nLabelledTasks = 0;

  constructor(
    readonly data: LabelData,
    readonly gold: Int32Array | undefined,
    initialPosteriors?: Float64Array,
  ) {
    this.nTasks = data.nTasks;
    this.nWorkers = data.nWorkers;
    this.K = data.nClasses;
    if (this.nWorkers * this.K * this.K > MAX_CONFUSION_ENTRIES) {
      throw new QualityInputError(
        `${this.nWorkers} workers x ${this.K}² classes is too many confusion-matrix entries for Dawid-Skene ` +
          `(limit ${MAX_CONFUSION_ENTRIES}); use majority vote, Wawa, GLAD or MACE, whose memory does not grow with classes²`,
      );
    }
    if (initialPosteriors) {
      if (initialPosteriors.length !== data.nTasks * data.nClasses) {
        throw new QualityInputError(`initialPosteriors must have nTasks x nClasses = ${data.nTasks * data.nClasses} entries`);
      }
      this.posteriors = Float64Array.from(initialPosteriors);
    } else {
      this.posteriors = voteShares(data);
    }
    this.priors = new Float64Array(this.K);
    this.errors = new Float64Array(this.nWorkers * this.K * this.K);
    this.logErrors = new Float64Array(this.nWorkers * this.K * this.K);
    this.counts = new Float64Array(this.nWorkers * this.K * this.K);
    this.perTask = countPerTask(data);
    for (let t = 0; t < this.nTasks; t++) if (this.perTask[t]! > 0) this.nLabelledTasks++;
    this.observed = new Uint8Array(this.nWorkers * this.K);
    for (let i = 0; i < data.task.length; i++) this.observed[data.worker[i]! * this.K + data.label[i]!] = 1;
    // counting sort of label rows by task, so one E-step pass can also collect the M-step counts
    this.taskStart = new Int32Array(this.nTasks + 1);
    for (let t = 0; t < this.nTasks; t++) this.taskStart[t + 1] = this.taskStart[t]! + this.perTask[t]!;
    const next = this.taskStart.slice(0, this.nTasks);
    this.rowBase = new Int32Array(data.task.length);
    for (let i = 0; i < data.task.length; i++) {
      this.rowBase[next[data.task[i]!]!++] = (data.worker[i]! * this.K + data.label[i]!) * this.K;
    }
    this.clampGold();
  }

  run(
    method: 'ds' | 'onecoin',
    maxIterations: number,
    tol: number,
    /** Sets `errors` and `logErrors` from `counts` (which the E-step has just filled). */
    mStep: (m: ConfusionModel) => void,
  ): AggregationResult {
    this.updatePriors();
    this.accumulateCounts();
    mStep(this);
    let loss = -Infinity;
    let iterations = 0;
    let converged = false;
    const n = this.data.task.length;
    for (let it = 0; it < maxIterations; it++) {
      iterations++;
      this.eStepAndCounts();
      mStep(this);
      const newLoss = this.evidenceLowerBound() / n;
      if (newLoss - loss < tol) {
        converged = true;
        break;
      }
      loss = newLoss;
    }
    return this.result(method, iterations, converged);
  }

  clampGold(): void {
    const { gold, K, posteriors } = this;
    if (!gold) return;
    for (let t = 0; t < this.nTasks; t++) {
      const g = gold[t]!;
      if (g < 0 || this.perTask[t] === 0) continue;
      posteriors.fill(0, t * K, t * K + K);
      posteriors[t * K + g] = 1;
    }
  }

  /** Priors are the mean posterior over labelled tasks. */
  updatePriors(): void {
    const { K, posteriors, priors } = this;
    priors.fill(0);
    for (let t = 0; t < this.nTasks; t++) {
      if (this.perTask[t] === 0) continue;
      for (let k = 0; k < K; k++) priors[k]! += posteriors[t * K + k]!;
    }
    for (let k = 0; k < K; k++) priors[k] = priors[k]! / this.nLabelledTasks;
  }

  /** Expected counts of (given, true) per worker from the current posteriors, into `counts`. */
  accumulateCounts(): void {
    const { K, counts, posteriors, taskStart, rowBase } = this;
    counts.fill(0);
    for (let t = 0; t < this.nTasks; t++) {
      const pBase = t * K;
      for (let j = taskStart[t]!; j < taskStart[t + 1]!; j++) {
        const b = rowBase[j]!;
        for (let k = 0; k < K; k++) counts[b + k]! += posteriors[pBase + k]!;
      }
    }
  }

  /** Full confusion matrices: expected counts of (given, true) per worker, floored and normalised over given. */
  fullConfusionMStep(): void {
    const { K, errors, counts, observed } = this;
    errors.set(counts);
    const colSum = new Float64Array(K);
    for (let w = 0; w < this.nWorkers; w++) {
      colSum.fill(0);
      const wBase = w * K * K;
      for (let l = 0; l < K; l++) {
        if (observed[w * K + l] === 0) continue;
        for (let k = 0; k < K; k++) {
          const idx = wBase + l * K + k;
          if (errors[idx]! < DS_EPS) errors[idx] = DS_EPS;
          colSum[k]! += errors[idx]!;
        }
      }
      for (let l = 0; l < K; l++) {
        if (observed[w * K + l] === 0) continue;
        for (let k = 0; k < K; k++) errors[wBase + l * K + k] = errors[wBase + l * K + k]! / colSum[k]!;
      }
    }
    this.refreshLogErrors();
  }

  refreshLogErrors(): void {
    const { errors, logErrors } = this;
    for (let i = 0; i < errors.length; i++) logErrors[i] = errors[i]! > 0 ? Math.log(errors[i]!) : -Infinity;
  }

  /**
   * One pass over the tasks: each task's posterior (E-step, with gold clamped), then at once its labels' expected
   * counts for the next M-step, the class priors and the posterior entropy. Fusing the two passes keeps each task's
   * posterior row in registers and reads each label's precomputed row offset twice while it is in cache.
   */
  eStepAndCounts(): void {
    const { K, posteriors, logErrors, priors, perTask, counts, taskStart, rowBase, gold } = this;
    const logPriors = new Float64Array(K);
    for (let k = 0; k < K; k++) logPriors[k] = priors[k]! > 0 ? Math.log(priors[k]!) : -Infinity;
    const row = new Float64Array(K);
    const priorSums = new Float64Array(K);
    counts.fill(0);
    let entropy = 0;
    for (let t = 0; t < this.nTasks; t++) {
      const pBase = t * K;
      if (perTask[t] === 0) {
        posteriors.fill(0, pBase, pBase + K);
        continue;
      }
      const start = taskStart[t]!;
      const end = taskStart[t + 1]!;
      const g = gold ? gold[t]! : -1;
      if (g >= 0) {
        row.fill(0);
        row[g] = 1;
      } else {
        for (let k = 0; k < K; k++) row[k] = logPriors[k]!;
        for (let j = start; j < end; j++) {
          const b = rowBase[j]!;
          for (let k = 0; k < K; k++) row[k]! += logErrors[b + k]!;
        }
        // softmax; entropy = log Z - sum_k p_k x_k with x shifted by the row maximum
        let max = -Infinity;
        for (let k = 0; k < K; k++) if (row[k]! > max) max = row[k]!;
        let z = 0;
        let px = 0;
        for (let k = 0; k < K; k++) {
          const x = row[k]! - max;
          const e = Math.exp(x);
          row[k] = e;
          z += e;
          if (e > 0) px += e * x;
        }
        for (let k = 0; k < K; k++) row[k] = row[k]! / z;
        entropy += Math.log(z) - px / z;
      }
      for (let k = 0; k < K; k++) {
        posteriors[pBase + k] = row[k]!;
        priorSums[k]! += row[k]!;
      }
      for (let j = start; j < end; j++) {
        const b = rowBase[j]!;
        for (let k = 0; k < K; k++) counts[b + k]! += row[k]!;
      }
    }
    for (let k = 0; k < K; k++) priors[k] = priorSums[k]! / this.nLabelledTasks;
    this.entropy = entropy;
  }

  /**
   * crowd-kit's stopping objective: expected complete-data log-likelihood plus posterior entropy, with the log-prior
   * counted once per label row (as crowd-kit does). Used only to decide when to stop, so stopping matches it.
   * Computed from the M-step's expected counts, so it costs O(workers x classes²), not a pass over the labels.
   */
  evidenceLowerBound(): number {
    const { K, counts, logErrors, priors } = this;
    const classTotals = new Float64Array(K);
    let total = 0;
    for (let j = 0; j < counts.length; j++) {
      const c = counts[j]!;
      if (c > 0) {
        total += c * logErrors[j]!;
        classTotals[j % K]! += c;
      }
    }
    for (let k = 0; k < K; k++) if (priors[k]! > 0) total += classTotals[k]! * Math.log(priors[k]!);
    return total + this.entropy;
  }

  result(method: 'ds' | 'onecoin', iterations: number, converged: boolean): AggregationResult {
    const { K, errors, priors } = this;
    const { answers, confidence } = decodePosteriors(this.posteriors, this.perTask, K);
    const confusion = new Float64Array(this.nWorkers * K * K);
    const workerSkill = new Float64Array(this.nWorkers);
    for (let w = 0; w < this.nWorkers; w++) {
      const base = w * K * K;
      let skill = 0;
      for (let l = 0; l < K; l++) {
        for (let k = 0; k < K; k++) confusion[base + k * K + l] = errors[base + l * K + k]!;
      }
      for (let k = 0; k < K; k++) skill += priors[k]! * errors[base + k * K + k]!;
      workerSkill[w] = skill;
    }
    return {
      method,
      nClasses: K,
      answers,
      confidence,
      posteriors: this.posteriors,
      workerSkill,
      confusion,
      priors: Float64Array.from(priors),
      iterations,
      converged,
    };
  }
}

/** Majority-vote shares per task (the initial posteriors crowd-kit uses), 0 rows for unlabelled tasks. */
function voteShares(data: LabelData): Float64Array {
  const K = data.nClasses;
  const shares = new Float64Array(data.nTasks * K);
  const totals = new Float64Array(data.nTasks);
  for (let i = 0; i < data.task.length; i++) {
    shares[data.task[i]! * K + data.label[i]!]!++;
    totals[data.task[i]!]!++;
  }
  for (let t = 0; t < data.nTasks; t++) {
    const total = totals[t]!;
    if (total > 0) for (let k = 0; k < K; k++) shares[t * K + k] = shares[t * K + k]! / total;
  }
  return shares;
}

