import { decodePosteriors, type AggregationResult } from './aggregation-result.js';
import { countPerTask, validateLabelData, type LabelData } from './label-data.js';
import { createRng } from './rng.js';

/** How a tie between equally voted classes is broken. */
export type TieBreak = 'random' | 'lowest';

export interface MajorityVoteOptions {
  /** `random` (default): uniformly among the tied classes, reproducible for a given `seed`. `lowest`: the lowest class
   * index, which is what crowd-kit does. */
  tieBreak?: TieBreak;
  /** Seed of the random tie-break (default 0). */
  seed?: number;
  /** Optional weight per worker (Wawa passes skills); default 1 for everyone. */
  workerWeights?: Float64Array;
}

/**
 * Majority vote: each task's answer is the class with most (optionally weighted) votes. The posterior is the vote
 * share; worker skill is the share of a worker's labels that agree with the majority answer.
 *
 * Reference: the baseline of Snow, O'Connor, Jurafsky and Ng, "Cheap and Fast — But is it Good?" (EMNLP 2008);
 * crowd-kit `MajorityVote`.
 */
export function majorityVote(data: LabelData, options: MajorityVoteOptions = {}): AggregationResult {
  validateLabelData(data);
  const { nTasks, nWorkers, nClasses, task, worker, label } = data;
  const weights = options.workerWeights;
  const posteriors = new Float64Array(nTasks * nClasses);
  for (let i = 0; i < task.length; i++) {
    posteriors[task[i]! * nClasses + label[i]!]! += weights ? weights[worker[i]!]! : 1;
  }
  const perTask = countPerTask(data);
  for (let t = 0; t < nTasks; t++) {
    const base = t * nClasses;
    let sum = 0;
    for (let k = 0; k < nClasses; k++) sum += posteriors[base + k]!;
    if (sum > 0) for (let k = 0; k < nClasses; k++) posteriors[base + k] = posteriors[base + k]! / sum;
    else if (perTask[t]! > 0) for (let k = 0; k < nClasses; k++) posteriors[base + k] = 1 / nClasses;
  }
  const { answers, confidence } = decodePosteriors(posteriors, perTask, nClasses);
  if ((options.tieBreak ?? 'random') === 'random') breakTiesRandomly(posteriors, answers, nClasses, options.seed ?? 0);
  return {
    method: 'mv',
    nClasses,
    answers,
    confidence,
    posteriors,
    workerSkill: agreementWithAnswers(data, answers, nWorkers),
    iterations: 0,
    converged: true,
  };
}

function breakTiesRandomly(posteriors: Float64Array, answers: Int32Array, nClasses: number, seed: number): void {
  const rng = createRng(seed);
  const tied: number[] = [];
  for (let t = 0; t < answers.length; t++) {
    const a = answers[t]!;
    if (a < 0) continue;
    const base = t * nClasses;
    const best = posteriors[base + a]!;
    tied.length = 0;
    for (let k = 0; k < nClasses; k++) if (Math.abs(posteriors[base + k]! - best) <= 1e-12) tied.push(k);
    if (tied.length > 1) answers[t] = tied[Math.floor(rng() * tied.length)]!;
  }
}

/** Share of each worker's labels equal to `answers` of the task (0 for a worker with no labels). */
export function agreementWithAnswers(data: LabelData, answers: Int32Array, nWorkers: number): Float64Array {
  const hits = new Float64Array(nWorkers);
  const totals = new Float64Array(nWorkers);
  for (let i = 0; i < data.task.length; i++) {
    const w = data.worker[i]!;
    totals[w]!++;
    if (answers[data.task[i]!] === data.label[i]) hits[w]!++;
  }
  for (let w = 0; w < nWorkers; w++) hits[w] = totals[w]! > 0 ? hits[w]! / totals[w]! : 0;
  return hits;
}
