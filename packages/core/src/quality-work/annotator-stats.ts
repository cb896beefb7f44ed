import { STATS_BUCKETS, type AnnotatorStats, type AnnotatorStatsRow, type LabelConfig, type StatsBucket } from '@biaozhu/contract';
import { sql } from '@biaozhu/storage';
import { seesWorkerIdentities, workerPseudonyms } from '../access/worker-pseudonyms.js';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { wilsonInterval } from '../quality/wilson-interval.js';
import { choiceControls } from './answer-labels.js';
import type { LabelsControl } from '@biaozhu/label-types';
import type { SpanMatch } from '../quality/span-aggregation.js';
import { answerAgreement, bucketLabel, bucketMs, bucketStart, denseSeries, MAX_BUCKETS, quantile, ratio, spanAnswerMatch, spanF1, type BucketCount } from './annotator-figures.js';
import { itemsOfControl, objectData } from './control-answers.js';
import { spanAggregator } from './span-aggregate.js';
import { goldCounts } from './gold-accuracy.js';

/** The period and the buckets of the statistics. `from` is inclusive, `to` exclusive (epoch milliseconds). */
export interface AnnotatorStatsOptions {
  from?: number | undefined;
  to?: number | undefined;
  bucket: StatsBucket;
  /** Minutes east of UTC where hours and days start (the manager's time zone; 480 for China), default 0. */
  utcOffsetMinutes?: number | undefined;
}

/**
 * Per-annotator statistics of a project for its managers (issue #11 item 6): answers, pace (per active hour and
 * per hour or day worked), median and p90 active time per answer, skip and expiry rates, rejection rate in review,
 * agreement with the consensus (choices controls: the same choices; labels controls: span F1 against the consensus
 * spans, matched as the aggregation matched them), gold accuracy with its Wilson interval, and a time series of
 * answers and active hours. A client sees pseudonyms only, as in the gold-accuracy view.
 *
 * Each figure is one grouped query over the period (no query per worker). Indexes they walk: annotations by
 * `annotations_user_project_time` (user_id, project_id, created_at), probed once per user of the organisation
 * (`user_id in (select id from users where org_id = ...)` through `users_org`); assignments by
 * `assignments_user_project` (user_id, project_id, status); reviews by `reviews_project` (project_id, id) joined to
 * annotations by primary key; aggregates by `aggregate_rows_project` (project_id, task_id); gold answers as
 * goldCounts reads them. The lead times of the period are read as (user, ms) pairs for the quantiles, which SQLite
 * cannot compute in SQL; agreement reads the results of the answered tasks that have an aggregate.
 */
export async function annotatorStats(ctx: Context, actor: Actor, projectId: number, options: AnnotatorStatsOptions): Promise<AnnotatorStats> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const { from, to, bucket } = options;
  const offset = options.utcOffsetMinutes ?? 0;
  if (!STATS_BUCKETS.includes(bucket)) throw invalid('invalid_bucket', `bucket: one of ${STATS_BUCKETS.join(', ')}, got "${String(bucket)}"`, { field: 'bucket' });
  if (!Number.isInteger(offset) || offset < -720 || offset > 840) {
    throw invalid('invalid_utc_offset', `utcOffset: whole minutes from -720 to 840, got ${offset}`, { field: 'utcOffset' });
  }
  if (from !== undefined && to !== undefined && !(from < to)) {
    throw invalid('invalid_period', 'from: the period must start before it ends (to)', { field: 'from' });
  }
  const db = ctx.db.reader;
  const orgUsers = db.selectFrom('users').select('id').where('org_id', '=', project.org_id);
  const answersOfPeriod = () => {
    let q = db.selectFrom('annotations as a').where('a.user_id', 'in', orgUsers).where('a.project_id', '=', projectId);
    if (from !== undefined) q = q.where('a.created_at', '>=', from);
    if (to !== undefined) q = q.where('a.created_at', '<', to);
    return q;
  };
  // annotator-figures.ts bucketIndex in SQL: integer division on both dialects (created_at is an integer there);
  // literals, since the figures are ours.
  const bucketOf = sql<number>`(a.created_at + ${sql.lit(offset * 60_000)}) / ${sql.lit(bucketMs(bucket))}`;
  const config = JSON.parse(project.label_config) as LabelConfig;
  const controls = choiceControls(config).map((c) => c.name);
  const spanControls = config.controls.filter((c): c is LabelsControl => c.type === 'labels');

  let leases = db
    .selectFrom('assignments')
    .select(['user_id', 'status', sql<number>`count(*)`.as('n')])
    .where('user_id', 'in', orgUsers)
    .where('project_id', '=', projectId)
    .where('status', 'in', ['skipped', 'expired']);
  if (from !== undefined) leases = leases.where('finished_at', '>=', from);
  if (to !== undefined) leases = leases.where('finished_at', '<', to);

  const [perBucket, leadTimes, leaseRows, reviewRows, agreementRows, gold, names] = await Promise.all([
    answersOfPeriod()
      .select(['a.user_id', bucketOf.as('bucket'), sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(a.lead_time_ms), 0)`.as('ms')])
      .groupBy(['a.user_id', bucketOf])
      .execute(),
    answersOfPeriod().select(['a.user_id', 'a.lead_time_ms']).where('a.lead_time_ms', 'is not', null).orderBy('a.user_id').orderBy('a.lead_time_ms').execute(),
    leases.groupBy(['user_id', 'status']).execute(),
    answersOfPeriod()
      .innerJoin('reviews as r', 'r.annotation_id', 'a.id')
      .select([
        'a.user_id',
        sql<number>`count(distinct r.annotation_id)`.as('reviewed'),
        sql<number>`count(distinct case when r.action = 'reject' then r.annotation_id end)`.as('rejected'),
      ])
      .where('r.project_id', '=', projectId)
      .groupBy('a.user_id')
      .execute(),
    controls.length === 0 && spanControls.length === 0
      ? Promise.resolve([])
      : answersOfPeriod()
          .innerJoin('tasks as t', 't.id', 'a.task_id')
          .innerJoin('aggregates as ag', 'ag.task_id', 'a.task_id')
          // the task's text only when spans are compared (token overlap needs it)
          .select(['a.user_id', 'a.result', 'ag.labels', 'ag.result as consensus', 'ag.details', spanControls.length > 0 ? 't.data' : sql<string>`'{}'`.as('data')])
          .where('t.is_gold', '=', 0)
          .where('ag.project_id', '=', projectId)
          .execute(),
    goldCounts(db, projectId, { ...(from !== undefined ? { since: from - 1 } : {}), ...(to !== undefined ? { until: to } : {}) }),
    workerPseudonyms(db, projectId),
  ]);

  const ids = new Set<number>();
  const counts: BucketCount[] = [];
  for (const r of perBucket) {
    if (r.user_id === null) continue;
    ids.add(r.user_id);
    counts.push({ worker: String(r.user_id), bucket: Number(r.bucket), answers: Number(r.n), activeMs: Number(r.ms) });
  }
  const skippedOf = new Map<number, { skipped: number; expired: number }>();
  for (const r of leaseRows) {
    ids.add(r.user_id);
    const c = skippedOf.get(r.user_id) ?? { skipped: 0, expired: 0 };
    if (r.status === 'skipped') c.skipped += Number(r.n);
    else c.expired += Number(r.n);
    skippedOf.set(r.user_id, c);
  }
  const times = new Map<number, number[]>();
  for (const r of leadTimes) {
    if (r.user_id === null || r.lead_time_ms === null) continue;
    const list = times.get(r.user_id) ?? [];
    list.push(Number(r.lead_time_ms));
    times.set(r.user_id, list);
  }
  const reviewsOf = new Map(reviewRows.flatMap((r) => (r.user_id === null ? [] : [[r.user_id, { reviewed: Number(r.reviewed), rejected: Number(r.rejected) }] as const])));
  const agreementOf = new Map<number, { compared: number; agreed: number }>();
  const spansOf = new Map<number, { tasks: number; matched: number; total: number }>();
  for (const r of agreementRows) {
    if (r.user_id === null) continue;
    const result = JSON.parse(r.result) as unknown;
    const one = answerAgreement(result, JSON.parse(r.labels) as Record<string, unknown>, controls);
    const c = agreementOf.get(r.user_id) ?? { compared: 0, agreed: 0 };
    c.compared += one.compared;
    c.agreed += one.agreed;
    agreementOf.set(r.user_id, c);
    if (spanControls.length === 0) continue;
    const details = (r.details === null ? {} : JSON.parse(r.details)) as Record<string, { match?: SpanMatch } | undefined>;
    const consensus = JSON.parse(r.consensus) as unknown;
    const data = JSON.parse(r.data) as Record<string, unknown>;
    for (const control of spanControls) {
      const text = objectData(config, data, control.toName);
      // a task whose consensus did not come from a span aggregation (no details of the control) has no span answer to compare
      const match = details[control.name]?.match;
      if (typeof text !== 'string' || match === undefined) continue;
      const mine = spanAggregator.read(control, itemsOfControl(result, control.name)) ?? [];
      const theirs = spanAggregator.read(control, itemsOfControl(consensus, control.name)) ?? [];
      const m = spanAnswerMatch(text, mine, theirs, match);
      if (!m) continue;
      const sum = spansOf.get(r.user_id) ?? { tasks: 0, matched: 0, total: 0 };
      sum.tasks++;
      sum.matched += m.matched;
      sum.total += m.total;
      spansOf.set(r.user_id, sum);
    }
  }

  const users = ids.size ? await db.selectFrom('users').select(['id', 'email', 'name']).where('id', 'in', [...ids]).execute() : [];
  const userOf = new Map(users.map((u) => [u.id, u]));
  const identified = seesWorkerIdentities(actor);
  const bucketsOf = new Map<number, BucketCount[]>();
  for (const c of counts) {
    const userId = Number(c.worker);
    bucketsOf.set(userId, [...(bucketsOf.get(userId) ?? []), c]);
  }
  const sorted = [...ids].map((userId) => {
    const mine = bucketsOf.get(userId) ?? [];
    const answers = mine.reduce((n, c) => n + c.answers, 0);
    const activeMs = mine.reduce((n, c) => n + c.activeMs, 0);
    const { skipped, expired } = skippedOf.get(userId) ?? { skipped: 0, expired: 0 };
    const leadMs = times.get(userId) ?? [];
    const review = reviewsOf.get(userId) ?? { reviewed: 0, rejected: 0 };
    const agreement = agreementOf.get(userId) ?? { compared: 0, agreed: 0 };
    const spans = spansOf.get(userId) ?? { tasks: 0, matched: 0, total: 0 };
    const g = gold.get(userId) ?? { right: 0, total: 0 };
    const user = userOf.get(userId);
    return {
      userId: identified ? userId : null,
      worker: names.of(userId),
      email: identified ? (user?.email ?? null) : null,
      name: identified ? (user?.name ?? null) : null,
      answers,
      activeMs,
      answersPerActiveHour: ratio(answers, activeMs / 3_600_000),
      activeBuckets: mine.length,
      answersPerActiveBucket: ratio(answers, mine.length),
      medianTaskMs: quantile(leadMs, 0.5),
      p90TaskMs: quantile(leadMs, 0.9),
      skipped,
      expired,
      skipRate: ratio(skipped, answers + skipped),
      expiryRate: ratio(expired, answers + skipped + expired),
      reviewed: review.reviewed,
      rejected: review.rejected,
      rejectionRate: ratio(review.rejected, review.reviewed),
      agreement: { ...agreement, rate: ratio(agreement.agreed, agreement.compared) },
      spanAgreement: { tasks: spans.tasks, f1: spanF1(spans) },
      gold: wilsonInterval(g.right, g.total),
      key: String(userId),
    };
  })
    .sort((a, b) => b.answers - a.answers || a.worker.localeCompare(b.worker, 'en', { numeric: true }));
  const rows: AnnotatorStatsRow[] = sorted.map(({ key: _key, ...row }) => row);

  let series;
  try {
    series = denseSeries(counts, sorted.map((r) => r.key));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw invalid('too_many_buckets', `bucket: the period holds more than ${MAX_BUCKETS} ${bucket}s with answers in between; choose day, or a shorter period (from, to)`, {
      field: 'bucket',
      max: MAX_BUCKETS,
    });
  }
  const indexes = Array.from({ length: series.buckets }, (_, i) => series.first + i);
  return {
    projectId,
    from: from === undefined ? null : new Date(from).toISOString(),
    to: to === undefined ? null : new Date(to).toISOString(),
    bucket,
    utcOffsetMinutes: offset,
    agreementControls: controls,
    spanControls: spanControls.map((c) => c.name),
    annotators: rows,
    series: {
      buckets: indexes.map((i) => bucketLabel(i, bucket)),
      bucketStarts: indexes.map((i) => new Date(bucketStart(i, bucket, offset)).toISOString()),
      annotators: series.lines.map((line, i) => ({ worker: rows[i]!.worker, answers: line.answers, activeHours: line.activeHours })),
    },
  };
}
