import type { AggregationResult } from './aggregation-result.js';
import type { LabelData } from './label-data.js';
import { agreementWithAnswers, majorityVote, type TieBreak } from './majority-vote.js';

export interface WawaOptions {
  /** Tie-break of both the initial and the weighted vote (default `random`). */
  tieBreak?: TieBreak;
  seed?: number;
}

/**
 * Wawa ("worker agreement with aggregate"): a majority vote, then each worker's skill is the share of their labels
 * that agree with it, then a second vote weighted by those skills. The posterior is the weighted vote share and
 * `workerSkill` is the agreement with the first vote (the weights used).
 *
 * Reference: Appen/Figure Eight's "worker agreement with aggregate" metric, as implemented by crowd-kit `Wawa`
 * (Ustalov et al., "Learning from Crowds with Crowd-Kit", JOSS 2024).
 */
export function wawa(data: LabelData, options: WawaOptions = {}): AggregationResult {
  const first = majorityVote(data, options);
  const skills = agreementWithAnswers(data, first.answers, data.nWorkers);
  const weighted = majorityVote(data, { ...options, workerWeights: skills });
  return { ...weighted, method: 'wawa', workerSkill: skills };
}
