import type { AggregationResult } from './aggregation-result.js';
import { dawidSkene, type DawidSkeneOptions } from './dawid-skene.js';
import { goldDawidSkene } from './gold-dawid-skene.js';
import { countPerTask, type LabelData } from './label-data.js';
import { createRng } from './rng.js';

export interface ValidatedGoldOptions extends Omit<DawidSkeneOptions, 'gold'> {
  /** Cross-validation folds over the gold tasks (default 5; at most the number of labelled gold tasks). */
  folds?: number;
  /** Seed of the fold assignment (default 0). */
  seed?: number;
}

export interface ValidatedGoldResult {
  result: AggregationResult;
  /** True when anchoring was clearly more accurate on held-out gold and its answers are returned. */
  anchored: boolean;
  /**
   * Held-out gold answers right with anchoring, right without, held out in total, and discordant (right with exactly
   * one of the two).
   */
  heldOut: { anchored: number; plain: number; total: number; discordant: number };
}

/**
 * Gold-anchored Dawid-Skene that first checks, by k-fold cross-validation over the gold tasks, that anchoring
 * answers held-out gold clearly better than unsupervised Dawid-Skene. Only the discordant held-out tasks (right with
 * one fit, wrong with the other) tell the two apart; anchoring is kept when it wins them by more than one standard
 * deviation of a fair coin, `anchoredOnly - plainOnly > sqrt(anchoredOnly + plainOnly)` (McNemar's statistic above 1).
 * Then the anchored fit on all gold is returned; otherwise the unsupervised answers are kept for the other tasks, and
 * gold tasks still get their known answer with confidence 1.
 *
 * Why the margin: clamped gold moves EM to a different optimum, and on real data the near-tied tasks that flip with
 * it (often whole groups labelled by the same workers) make plain clamping worse than unsupervised Dawid-Skene on
 * some data sets and draws (zheng_d_product, trec2010; docs/quality.md). A bare majority of the discordant tasks
 * chose anchoring on noise too often; the margin halves those losses over 21 draws and keeps most of the gains.
 *
 * Reference: Dawid and Skene (1979) for the model; k-fold cross-validation (Stone, "Cross-Validatory Choice and
 * Assessment of Statistical Predictions", JRSS B 36, 1974) for the choice; McNemar (Psychometrika 12, 1947) for
 * comparing two classifiers on the same items.
 */
export function validatedGoldDawidSkene(
  data: LabelData,
  gold: Int32Array,
  options: ValidatedGoldOptions = {},
): ValidatedGoldResult {
  const { folds: foldOption, seed, ...dsOptions } = options;
  const plain = dawidSkene(data, dsOptions);
  const perTask = countPerTask(data);
  const goldTasks: number[] = [];
  for (let t = 0; t < gold.length; t++) if (gold[t]! >= 0 && perTask[t]! > 0) goldTasks.push(t);
  const folds = Math.min(foldOption ?? 5, goldTasks.length);
  const heldOut = { anchored: 0, plain: 0, total: 0, discordant: 0 };
  if (folds >= 2) {
    const rng = createRng(seed ?? 0);
    for (let i = goldTasks.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [goldTasks[i], goldTasks[j]] = [goldTasks[j]!, goldTasks[i]!];
    }
    for (let f = 0; f < folds; f++) {
      const train = Int32Array.from(gold);
      const test: number[] = [];
      goldTasks.forEach((t, i) => {
        if (i % folds === f) {
          train[t] = -1;
          test.push(t);
        }
      });
      const fit = goldDawidSkene(data, train, dsOptions);
      for (const t of test) {
        heldOut.total++;
        const anchoredRight = fit.answers[t] === gold[t];
        const plainRight = plain.answers[t] === gold[t];
        if (anchoredRight) heldOut.anchored++;
        if (plainRight) heldOut.plain++;
        if (anchoredRight !== plainRight) heldOut.discordant++;
      }
    }
  }
  // anchored - plain counts the discordant tasks anchoring won minus those it lost
  if (heldOut.anchored - heldOut.plain > Math.sqrt(heldOut.discordant)) {
    return { result: goldDawidSkene(data, gold, dsOptions), anchored: true, heldOut };
  }
  const K = data.nClasses;
  const posteriors = Float64Array.from(plain.posteriors);
  const answers = Int32Array.from(plain.answers);
  const confidence = Float64Array.from(plain.confidence);
  for (const t of goldTasks) {
    posteriors.fill(0, t * K, t * K + K);
    posteriors[t * K + gold[t]!] = 1;
    answers[t] = gold[t]!;
    confidence[t] = 1;
  }
  return { result: { ...plain, posteriors, answers, confidence }, anchored: false, heldOut };
}
