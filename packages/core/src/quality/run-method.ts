import type { AggregationMethod, AggregationResult } from './aggregation-result.js';
import { dawidSkene } from './dawid-skene.js';
import { glad } from './glad.js';
import type { LabelData } from './label-data.js';
import { mace } from './mace.js';
import { majorityVote } from './majority-vote.js';
import { oneCoinDawidSkene } from './one-coin-dawid-skene.js';
import { validatedGoldDawidSkene, type ValidatedGoldResult } from './validated-gold-dawid-skene.js';
import { wawa } from './wawa.js';

/** Every truth-inference method by name, simplest first (`auto` prefers the earlier one on a tie). */
export const AGGREGATION_METHODS = ['mv', 'wawa', 'ds', 'onecoin', 'glad', 'mace'] as const satisfies readonly AggregationMethod[];

/** Methods that use known answers while fitting; the others ignore `gold`. */
export const GOLD_ANCHORED: ReadonlySet<AggregationMethod> = new Set(['ds', 'onecoin']);

export interface RunMethodOptions {
  /** Seed of random tie-breaks (MV, Wawa), MACE's start and the gold folds of anchored DS. */
  seed: number;
  /** Known answers per task (-1 unknown): anchor DS (cross-validated) and one-coin DS (clamped). */
  gold?: Int32Array;
}

export interface MethodRun {
  result: AggregationResult;
  /** For DS with gold: whether anchoring was kept and the held-out evidence for it. */
  anchoring?: Pick<ValidatedGoldResult, 'anchored' | 'heldOut'>;
}

/**
 * Runs one method by name, as the CLI and the product's aggregation job both do. With gold, DS runs through
 * `validatedGoldDawidSkene` (anchoring kept only when it clearly answers held-out gold better) and one-coin DS clamps
 * it; gold tasks come back with their known answer.
 */
export function runMethod(method: AggregationMethod, data: LabelData, options: RunMethodOptions): MethodRun {
  const { seed, gold } = options;
  switch (method) {
    case 'mv':
      return { result: majorityVote(data, { seed }) };
    case 'wawa':
      return { result: wawa(data, { seed }) };
    case 'ds': {
      if (!gold) return { result: dawidSkene(data) };
      const v = validatedGoldDawidSkene(data, gold, { seed });
      return { result: v.result, anchoring: { anchored: v.anchored, heldOut: v.heldOut } };
    }
    case 'onecoin':
      return { result: oneCoinDawidSkene(data, gold ? { gold } : {}) };
    case 'glad':
      return { result: glad(data) };
    case 'mace':
      return { result: mace(data, { seed }) };
  }
}
