import type { BoxAgreementReport, PreferenceReport, RatingSpreadReport, SpanAgreementReport } from '@biaozhu/contract';
import type { LabelConfig, LabelControl } from '@biaozhu/label-types';
import type { SpanMatch } from '../quality/span-aggregation.js';
import type { StoredItem, TaskAnswers } from './control-answers.js';
import { boxAggregator } from './box-aggregate.js';
import { pairwiseAggregator, rankingAggregator } from './preference-aggregate.js';
import { ratingAggregator } from './rating-aggregate.js';
import { spanAggregator } from './span-aggregate.js';

/** What a run may choose for the controls that are not choices. */
export interface ControlAggregationOptions {
  /** How spans of a `labels` control are matched across annotators (default exact). */
  spanMatch: SpanMatch;
}

/** One control's combined answer on one task. */
export interface ControlAggregate {
  /** Label Studio result items of the combined answer (none for an empty one: no span kept, a tie). */
  items: unknown[];
  /** A short form for the `labels` column: kept spans as `label:start-end`, the rating, the side, the order. */
  labels: string[];
  /** In [0, 1]: how much the task's annotators agreed on this control. */
  confidence: number;
  /** What the answer rests on (support, spread, probability), for the `details` column. */
  details: Record<string, unknown>;
}

/** A control's figures for the quality page, in the section of its kind. */
export type ControlQualityReport =
  | { section: 'spans'; report: SpanAgreementReport }
  | { section: 'boxes'; report: BoxAgreementReport }
  | { section: 'ratings'; report: RatingSpreadReport }
  | { section: 'preferences'; report: PreferenceReport };

/** What a run learnt about a control beyond its tasks' answers (reported with the job). */
export interface ControlRunSummary {
  control: string;
  type: string;
  method: string;
  tasks: number;
  /** Tasks left out because their answers could not be combined (a span outside the text, no text). */
  skipped: number;
  /** For preferences: the tie share and the position bias of the fit. */
  fit?: { ties: number; theta: number; leftWinShare: number; converged: boolean };
}

/**
 * How one kind of control (spans, ratings, preferences) is aggregated: how its answer is read out of a stored result,
 * how a project's answers become one answer per task, and what the quality page shows of it.
 */
export interface ControlAggregator<C extends LabelControl, A> {
  /** The method name stored with the aggregates. */
  method(options: ControlAggregationOptions): string;
  /** The control's answer in its items of one result; undefined when this answer gives none. */
  read(control: C, items: readonly StoredItem[]): A | undefined;
  aggregate(
    control: C,
    config: LabelConfig,
    tasks: readonly TaskAnswers<A>[],
    options: ControlAggregationOptions,
  ): { perTask: Map<number, ControlAggregate>; summary: ControlRunSummary };
  report(control: C, config: LabelConfig, tasks: readonly TaskAnswers<A>[]): ControlQualityReport;
}

type Aggregators = { readonly [T in LabelControl['type']]?: ControlAggregator<Extract<LabelControl, { type: T }>, unknown> };

/**
 * The aggregator of each control type that has one besides choices (aggregated by the truth-inference methods);
 * a new one is a module here and a line in this map. Text areas, numbers, taxonomies and relations have none yet.
 */
const AGGREGATORS: Aggregators = {
  labels: spanAggregator,
  rectangles: boxAggregator,
  rating: ratingAggregator,
  pairwise: pairwiseAggregator,
  ranking: rankingAggregator,
};

/** A control with the aggregator of its type. */
export interface AggregatedControl {
  control: LabelControl;
  aggregator: ControlAggregator<LabelControl, unknown>;
}

/** The controls of a config that one of AGGREGATORS combines, in config order. */
export function aggregatedControls(config: LabelConfig): AggregatedControl[] {
  return config.controls.flatMap((control) => {
    // Keyed by type, so a control only ever reaches its own type's aggregator.
    const aggregator = AGGREGATORS[control.type];
    return aggregator ? [{ control, aggregator }] : [];
  });
}

export const DEFAULT_AGGREGATION_OPTIONS: ControlAggregationOptions = { spanMatch: { mode: 'exact' } };
