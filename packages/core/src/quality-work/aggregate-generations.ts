import { ADJUDICATED_GENERATION, type Database, type DialectName, type Transaction } from '@biaozhu/storage';
import { advisoryXactLock } from '../advisory-locks.js';
import type { Context } from '../context.js';
import { conflict } from '../errors.js';
import { holdsJobLock, type JobHold } from '../jobs/job-lock.js';

/**
 * An aggregation run writes its aggregates as a new generation of `aggregate_rows`, in transactions of at most this
 * many rows, so that on SQLite (one writer connection, shared by every claim and submit) no write of the run holds
 * the writer for more than a few milliseconds. Readers never see it until it is published.
 */
export const AGGREGATE_BATCH = 1000;

/** One task's combined answer as a run computed it. */
export interface ComputedAggregate {
  taskId: number;
  /** JSON of Label Studio result items. */
  result: string;
  /** JSON object control name -> chosen choices. */
  labels: string;
  confidence: number;
  method: string;
  /** JSON object control name -> what a span, rating or preference aggregate rests on; null for choices only. */
  details?: string | null;
}

/** The job an aggregation run belongs to, and how it is told to stop. */
export interface AggregationRun extends JobHold {
  signal: AbortSignal;
}

/** The run's job was cancelled or taken over by another runner: nothing more of it may be written. */
export function lostJob(job: JobHold) {
  return conflict('job_not_running', `job ${job.id} was cancelled or taken over by another runner; its aggregates are not published`, { jobId: job.id });
}

/**
 * Writes `rows` as a new, unpublished (`staging`) generation of the project's aggregates, in transactions of
 * AGGREGATE_BATCH rows with a turn of the event loop between them. Every transaction first checks that this runner
 * still holds the job: once it has lost it, nothing more is written (lostJob is thrown). Returns the generation.
 */
export async function stageGeneration(
  ctx: Context,
  run: AggregationRun,
  projectId: number,
  rows: Iterable<ComputedAggregate>,
  onBatch: (written: number) => void = () => undefined,
): Promise<number> {
  const { dialect } = ctx.db;
  let generation: number | undefined;
  let written = 0;
  const iterator = rows[Symbol.iterator]();
  let done = false;
  // The first transaction also opens the generation, so a run without rows still publishes an empty one.
  while (!done || generation === undefined) {
    const batch: ComputedAggregate[] = [];
    while (batch.length < AGGREGATE_BATCH) {
      const next = iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      batch.push(next.value);
    }
    if (batch.length === 0 && generation !== undefined) break;
    if (run.signal.aborted) throw new Error(`aggregation interrupted (${String(run.signal.reason)})`);
    const now = ctx.now();
    generation = await ctx.db.write(async (trx) => {
      if (!(await holdsJobLock(trx, dialect, run))) throw lostJob(run);
      const id =
        generation ??
        (
          await trx
            .insertInto('aggregate_generations')
            .values({ project_id: projectId, job_id: run.id, runner: run.workerId, status: 'staging', created_at: now, published_at: null })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      for (let i = 0; i < batch.length; i += 500) {
        await trx
          .insertInto('aggregate_rows')
          .values(
            batch.slice(i, i + 500).map((r) => ({
              task_id: r.taskId,
              generation: id,
              project_id: projectId,
              result: r.result,
              labels: r.labels,
              confidence: r.confidence,
              method: r.method,
              job_id: run.id,
              decided_by: null,
              updated_at: now,
              details: r.details ?? null,
            })),
          )
          .execute();
      }
      return id;
    });
    written += batch.length;
    onBatch(written);
    // Claims and submits queued meanwhile commit before the next batch.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return generation;
}

/**
 * Makes `generation` the project's current aggregates and retires the one it replaces: two small UPDATEs, so the
 * flip is atomic for readers however many rows the generations hold. Call it in the transaction that marks the job
 * done (finishJob), only when that succeeded: then it is guarded by the job's lock like the done mark.
 */
export async function publishGeneration(trx: Transaction<Database>, dialect: DialectName, projectId: number, generation: number, now: number): Promise<void> {
  // Two runs of one project publishing at once on PostgreSQL (read committed) would both retire the old generation
  // and then collide on the one-current index: publishes of a project queue instead.
  await advisoryXactLock(trx, dialect, 'aggregatePublish', projectId);
  await trx.updateTable('aggregate_generations').set({ status: 'retired' }).where('project_id', '=', projectId).where('status', '=', 'current').execute();
  await trx.updateTable('aggregate_generations').set({ status: 'current', published_at: now }).where('id', '=', generation).execute();
}

/**
 * Deletes the project's generations nobody will read: retired ones, and staging ones whose run is over (its job is
 * no longer running under the runner that wrote it: finished, failed, cancelled, or taken over after a lost lock).
 * Rows go in transactions of AGGREGATE_BATCH, then the generation row. A staging generation whose runner still holds
 * its job is left alone: that run may still publish it.
 */
export async function dropStaleGenerations(ctx: Context, projectId: number): Promise<number> {
  const stale = await ctx.db.reader
    .selectFrom('aggregate_generations as g')
    .select('g.id')
    .where('g.project_id', '=', projectId)
    .where((eb) =>
      eb.or([
        eb('g.status', '=', 'retired'),
        eb.and([
          eb('g.status', '=', 'staging'),
          eb.not(
            eb.exists(
              eb
                .selectFrom('jobs as j')
                .select('j.id')
                .whereRef('j.id', '=', 'g.job_id')
                .where('j.status', '=', 'running')
                .whereRef('j.locked_by', '=', 'g.runner'),
            ),
          ),
        ]),
      ]),
    )
    .execute();
  for (const { id } of stale) {
    for (;;) {
      const deleted = await ctx.db.write((trx) =>
        trx
          .deleteFrom('aggregate_rows')
          .where('generation', '=', id)
          .where('task_id', 'in', (eb) => eb.selectFrom('aggregate_rows').select('task_id').where('generation', '=', id).orderBy('task_id').limit(AGGREGATE_BATCH))
          .executeTakeFirst(),
      );
      if (Number(deleted.numDeletedRows) === 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await ctx.db.write((trx) => trx.deleteFrom('aggregate_generations').where('id', '=', id).where('status', '<>', 'current').execute());
  }
  return stale.length;
}

/** Tasks of the project a reviewer has settled (their aggregate is kept by every run). */
export async function adjudicatedTasks(ctx: Context, projectId: number): Promise<Set<number>> {
  const rows = await ctx.db.reader
    .selectFrom('aggregate_rows')
    .select('task_id')
    .where('project_id', '=', projectId)
    .where('generation', '=', ADJUDICATED_GENERATION)
    .execute();
  return new Set(rows.map((r) => r.task_id));
}
