import type { IsoDateTime } from './iso-date.js';
import type { ProportionInterval } from './quality-views.js';

/**
 * What `GET /projects/:id/annotator-stats` sends (docs/quality.md, "People's statistics"): per annotator of a
 * project, their output, pace, skips and expiries, review outcome, agreement with the consensus and gold accuracy
 * over a period, and their answers and active hours per hour or day for charts.
 */

/** The width of a time-series bucket; days and hours start at the caller's UTC offset. */
export type StatsBucket = 'hour' | 'day';
export const STATS_BUCKETS: readonly StatsBucket[] = ['hour', 'day'];

/** Agreement of one annotator's answers with the project's consensus (the `aggregates`) on the same tasks. */
export interface ConsensusAgreement {
  /** Answers to an agreement control on a task that has an aggregate for that control. */
  compared: number;
  /** Of those, answers whose choices equal the aggregate's exactly. */
  agreed: number;
  /** agreed / compared, null when nothing was compared. */
  rate: number | null;
}

/** One annotator's figures over the period. Rates are null when their denominator is 0. */
export interface AnnotatorStatsRow {
  /** Hidden (null) from clients, who see the pseudonym only. */
  userId: number | null;
  /** The project's pseudonym (`worker-3`), the same as in the gold-accuracy view and clients' exports. */
  worker: string;
  /** Hidden (null) from clients. */
  email: string | null;
  /** Hidden (null) from clients. */
  name: string | null;
  /** Answers submitted in the period (gold tasks included: the worker cannot tell them apart). */
  answers: number;
  /** Active time measured in the workspace (sum of the answers' lead time), in milliseconds. */
  activeMs: number;
  /** answers / active hours. */
  answersPerActiveHour: number | null;
  /** Hours or days (the bucket) in which they submitted at least one answer. */
  activeBuckets: number;
  /** answers / activeBuckets: answers per calendar hour or day worked. */
  answersPerActiveBucket: number | null;
  /** Median and 90th percentile of active time per answer, in milliseconds (linear interpolation). */
  medianTaskMs: number | null;
  p90TaskMs: number | null;
  /** Leases that ended in the period by a skip, or by running out. */
  skipped: number;
  expired: number;
  /** skipped / (answers + skipped). */
  skipRate: number | null;
  /** expired / (answers + skipped + expired): leases that ran out of all leases that ended. */
  expiryRate: number | null;
  /** Answers of the period a reviewer gave a verdict on, and those rejected at least once (even if fixed later). */
  reviewed: number;
  rejected: number;
  /** rejected / reviewed. */
  rejectionRate: number | null;
  agreement: ConsensusAgreement;
  /** Spans (labels controls) against the consensus spans of the same tasks: micro-averaged F1 over those tasks. */
  spanAgreement: { tasks: number; f1: number | null };
  /** Accuracy on hidden gold tasks answered in the period, with its Wilson 95% interval. */
  gold: ProportionInterval;
}

/** One annotator's line of the time series, one value per bucket of `AnnotatorStats.series.buckets`. */
export interface AnnotatorSeries {
  worker: string;
  answers: number[];
  activeHours: number[];
}

/** `GET /projects/:id/annotator-stats`. */
export interface AnnotatorStats {
  projectId: number;
  from: IsoDateTime | null;
  to: IsoDateTime | null;
  bucket: StatsBucket;
  /** Minutes east of UTC at which hours and days start (480 for China Standard Time). */
  utcOffsetMinutes: number;
  /** The controls whose answers count for agreement: choices about the whole task. */
  agreementControls: string[];
  /** The labels (span) controls whose answers count for span agreement. */
  spanControls: string[];
  /** Sorted by answers, most first. */
  annotators: AnnotatorStatsRow[];
  series: {
    /** Every bucket from the first to the last with an answer, gaps included, as local labels (`2026-03-01`, `2026-03-01 14:00`). */
    buckets: string[];
    /** The same buckets as instants (their start). */
    bucketStarts: IsoDateTime[];
    annotators: AnnotatorSeries[];
  };
}
