export { QualityInputError } from './quality-input-error.js';
export { validateLabelData, countPerTask, countPerWorker, type LabelData } from './label-data.js';
export { LabelEncoder, encodeLabels, sortClassIds, type EncodedLabels } from './label-encoder.js';
export { decodePosteriors, type AggregationMethod, type AggregationResult } from './aggregation-result.js';
export { createRng } from './rng.js';
export { majorityVote, type MajorityVoteOptions, type TieBreak } from './majority-vote.js';
export { wawa, type WawaOptions } from './wawa.js';
export { dawidSkene, type DawidSkeneOptions } from './dawid-skene.js';
export { oneCoinDawidSkene } from './one-coin-dawid-skene.js';
export { goldDawidSkene } from './gold-dawid-skene.js';
export { goldAccuracy } from './accuracy.js';
export { glad, type GladOptions } from './glad.js';
export { mace, type MaceOptions } from './mace.js';
export { percentAgreement } from './percent-agreement.js';
export { cohenKappa, cohenKappaOfWorkers } from './cohen-kappa.js';
export { fleissKappa, fleissKappaFromCounts } from './fleiss-kappa.js';
export { krippendorffAlpha, krippendorffAlphaOfTable, type AlphaMetric, type KrippendorffOptions } from './krippendorff-alpha.js';
export { matchByIou, spanIou, boxIou, type Span, type Box, type IouMatch, type IouMatchOptions } from './iou-matching.js';
export { wilsonInterval, workerGoldAccuracy } from './wilson-interval.js';
export {
  validatedGoldDawidSkene,
  type ValidatedGoldOptions,
  type ValidatedGoldResult,
} from './validated-gold-dawid-skene.js';
export { AGGREGATION_METHODS, GOLD_ANCHORED, runMethod, type MethodRun, type RunMethodOptions } from './run-method.js';
export { tokenizeText, tokenRange, type TextToken } from './text-tokens.js';
export {
  spanConsensus,
  spanAgreement,
  tokenIou,
  type LabeledSpan,
  type SpanAnswer,
  type SpanMatch,
  type SpanConsensusOptions,
  type ConsensusSpan,
  type SpanAgreement,
} from './span-aggregation.js';
export { ratingConsensus, type RatingConsensus } from './rating-consensus.js';
export {
  bradleyTerry,
  preferenceProbability,
  type PairwiseComparison,
  type BradleyTerryOptions,
  type BradleyTerryItem,
  type BradleyTerryResult,
} from './bradley-terry.js';
