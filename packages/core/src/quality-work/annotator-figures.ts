import type { StatsBucket } from '@biaozhu/contract';
import { QualityInputError } from '../quality/quality-input-error.js';
import { spanAgreement, type LabeledSpan, type SpanMatch } from '../quality/span-aggregation.js';
import { classId, labelsOf } from './answer-labels.js';

/**
 * The pure arithmetic of the people's statistics (annotator-stats.ts reads the rows): quantiles, rates, time
 * buckets in a fixed UTC offset, agreement of one answer with its task's aggregate, and dense time series.
 */

const HOUR_MS = 3_600_000;
const BUCKET_MS: Record<StatsBucket, number> = { hour: HOUR_MS, day: 24 * HOUR_MS };

/** Milliseconds in one bucket. */
export function bucketMs(bucket: StatsBucket): number {
  return BUCKET_MS[bucket];
}

/**
 * The q-quantile (0 <= q <= 1) of values sorted ascending, by linear interpolation between the two nearest ranks
 * (Hyndman and Fan's type 7, the default of R and NumPy): the median of [1, 2, 3, 4] is 2.5. Null for no values.
 */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile needs 0 <= q <= 1, got ${q}`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** n / d, or null when d is 0 (a rate of nothing is unknown, not 0). */
export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

/** The bucket an instant falls in, counted from the epoch in local time at `utcOffsetMinutes`. */
export function bucketIndex(ms: number, bucket: StatsBucket, utcOffsetMinutes: number): number {
  return Math.floor((ms + utcOffsetMinutes * 60_000) / bucketMs(bucket));
}

/** The instant a bucket starts. */
export function bucketStart(index: number, bucket: StatsBucket, utcOffsetMinutes: number): number {
  return index * bucketMs(bucket) - utcOffsetMinutes * 60_000;
}

/** A bucket as people read it in that offset: `2026-03-01` for a day, `2026-03-01 14:00` for an hour. */
export function bucketLabel(index: number, bucket: StatsBucket): string {
  // The index counts local buckets from the epoch, so its start read as UTC is the local wall time.
  const local = new Date(index * bucketMs(bucket)).toISOString();
  return bucket === 'day' ? local.slice(0, 10) : `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/**
 * How one answer compares with its task's aggregate on the agreement controls: a control counts when both the
 * answer and the aggregate have it; it agrees when the chosen choices are the same set. `aggregateLabels` is the
 * aggregate's `labels` column (control name -> chosen choices).
 */
export function answerAgreement(result: unknown, aggregateLabels: Record<string, unknown>, controls: readonly string[]): { compared: number; agreed: number } {
  const mine = labelsOf(result);
  let compared = 0;
  let agreed = 0;
  for (const control of controls) {
    const label = mine.get(control);
    const reference = aggregateLabels[control];
    if (label === undefined || !Array.isArray(reference)) continue;
    compared++;
    if (classId(reference.map(String)) === label) agreed++;
  }
  return { compared, agreed };
}

/** Answers and active time of one worker in one bucket (a row of the grouped query). */
export interface BucketCount {
  worker: string;
  bucket: number;
  answers: number;
  activeMs: number;
}

/** Most buckets one series may hold: a year of days, or about six weeks of hours. */
export const MAX_BUCKETS = 1000;

/**
 * Dense time series: every bucket from the first to the last with an answer (gaps as 0), one line per worker in
 * `workers` order; active time in hours. Throws a RangeError when that is more than MAX_BUCKETS buckets.
 */
export function denseSeries(
  counts: readonly BucketCount[],
  workers: readonly string[],
): { first: number; buckets: number; lines: { worker: string; answers: number[]; activeHours: number[] }[] } {
  if (counts.length === 0) return { first: 0, buckets: 0, lines: workers.map((worker) => ({ worker, answers: [], activeHours: [] })) };
  let first = Infinity;
  let last = -Infinity;
  for (const c of counts) {
    first = Math.min(first, c.bucket);
    last = Math.max(last, c.bucket);
  }
  const buckets = last - first + 1;
  if (buckets > MAX_BUCKETS) throw new RangeError(`${buckets} buckets, more than ${MAX_BUCKETS}`);
  const lines = new Map(workers.map((worker) => [worker, { worker, answers: new Array<number>(buckets).fill(0), activeHours: new Array<number>(buckets).fill(0) }]));
  for (const c of counts) {
    const line = lines.get(c.worker);
    if (!line) continue;
    line.answers[c.bucket - first]! += c.answers;
    line.activeHours[c.bucket - first]! += c.activeMs / HOUR_MS;
  }
  return { first, buckets, lines: [...lines.values()] };
}

/**
 * How one answer's spans match its task's consensus spans (the aggregate's), one to one with the same label, exactly
 * or by token overlap as the aggregation matched them (quality/span-aggregation.ts spanAgreement of the two):
 * `matched` spans of `total` spans of both, so that 2 x matched / total over many tasks is a micro-averaged F1.
 * Null when a span does not fit the text (such a task is left out, as the aggregation leaves it out).
 */
export function spanAnswerMatch(text: string, mine: readonly LabeledSpan[], consensus: readonly LabeledSpan[], match: SpanMatch): { matched: number; total: number } | null {
  const total = mine.length + consensus.length;
  try {
    const { f1 } = spanAgreement([{ text, answers: [{ worker: 'answer', spans: mine }, { worker: 'consensus', spans: consensus }] }], match);
    return { matched: Math.round((f1 * total) / 2), total };
  } catch (error) {
    if (error instanceof QualityInputError) return null;
    throw error;
  }
}

/** Micro-averaged F1 of summed span matches; 1 when the tasks compared hold no span on either side, null for no task. */
export function spanF1(sum: { tasks: number; matched: number; total: number }): number | null {
  if (sum.tasks === 0) return null;
  return sum.total === 0 ? 1 : (2 * sum.matched) / sum.total;
}
