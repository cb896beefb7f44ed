import { sameTaskData, type Database, type Transaction } from '@biaozhu/storage';
import type { Context } from '../context.js';
import { addCounts, countsFromRow, countsToRow, emptyCounts, type ImportCounts } from './import-counts.js';
import { checkSomethingRead, recordFailure, recordImportDone, type ImportRun, type ReadingTally } from './import-history.js';
import { fromStagedRow, PUBLISH_BATCH, toStagedRow, type PreparedRecord } from './import-records.js';
import type { ImportHook, ImportHooks } from './import-tasks.js';
import { matchByData, type KnownData } from './known-data.js';
import { storeBatch } from './store-batch.js';
import { yieldToOthers } from './yield-to-others.js';

/** Staged rows deleted per transaction when an import failed or was interrupted. */
const DELETE_BATCH = 5000;

/**
 * A SQLite import in short transactions, so the one write connection is never held for more than one batch and
 * claims, submits and heartbeats of the process go on between them:
 * 1. stage: each batch of records is inserted into `import_staged_tasks`, which nothing but the import reads;
 * 2. commit: one small transaction marks the import `publishing` with its planned counts and runs `beforeCommit`.
 *    Before this point a failure (a bad line, `beforeCommit` throwing, the process dying) leaves nothing visible:
 *    the import is marked failed and its staged rows are deleted;
 * 3. publish: each batch of staged records becomes tasks in its own transaction (storeBatch, with the counters
 *    moved in the same transaction, so a published task can be claimed at once), and is deleted from the staging
 *    table; `published_seq` records how far it got;
 * 4. finish: the import is marked done with its final counts, with `beforeDone` in the same transaction.
 * After the commit the import cannot fail on its input any more; if its process dies while publishing, the next
 * recovery pass (import-recovery.ts) publishes the rest.
 */
export async function runStagedImport(
  ctx: Context,
  run: ImportRun,
  batches: AsyncIterable<PreparedRecord[]>,
  reading: ReadingTally,
  hooks: ImportHooks,
  known: KnownData | null,
): Promise<ImportCounts> {
  try {
    const planned = await stageRecords(ctx, run, batches, known);
    checkSomethingRead(reading);
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const committed = await trx
        .updateTable('imports')
        .set({
          phase: 'publishing',
          rows_read: reading.rowsRead + reading.rowsSkipped,
          rows_skipped: reading.rowsSkipped,
          skipped: JSON.stringify(reading.skipped),
          ...countsToRow({ ...planned, refused: [] }),
        })
        .where('id', '=', run.importId)
        .where('status', '=', 'running')
        .where('phase', '=', 'staging')
        .executeTakeFirst();
      if (Number(committed.numUpdatedRows) !== 1) throw new Error(`import ${run.importId} is no longer running; it was not committed`);
      if (hooks.beforeCommit) await hooks.beforeCommit(trx, run.importId);
    });
  } catch (error) {
    await recordFailure(ctx, run, error, reading, true);
    try {
      await deleteStaged(ctx, run.importId);
    } catch {
      // Left for the recovery pass, which takes over a cleanup whose runner is gone.
      await ctx.db.kysely.updateTable('imports').set({ runner: null }).where('id', '=', run.importId).execute().catch(() => undefined);
    }
    throw error;
  }
  try {
    return await publishStaged(ctx, run, hooks.beforeDone);
  } catch (error) {
    // Committed but not all published (a database fault): let the next recovery pass finish it.
    await ctx.db.kysely.updateTable('imports').set({ runner: null }).where('id', '=', run.importId).execute();
    throw error;
  }
}

/**
 * Inserts the records into the staging table, batch by batch, and returns the counts planned from what the project
 * holds now (publishing decides again, row by row, with the project as it is then). A record without an external id
 * that holds an earlier task's data is staged with that task's id, so publishing (or its recovery after a restart)
 * looks at that task only and needs no hashes.
 */
async function stageRecords(ctx: Context, run: ImportRun, batches: AsyncIterable<PreparedRecord[]>, known: KnownData | null): Promise<ImportCounts> {
  let planned = emptyCounts();
  let seq = 0;
  for await (const batch of batches) {
    planned = addCounts(planned, await planBatch(ctx, run, batch, known));
    const first = seq + 1;
    await ctx.db.kysely
      .insertInto('import_staged_tasks')
      .values(batch.map((r, i) => toStagedRow(run.importId, first + i, r)))
      .execute();
    seq += batch.length;
    await yieldToOthers();
  }
  return planned;
}

/**
 * What publishing the batch would do if the project stayed as it is now (read on the read connection); records that
 * hold an earlier task's data get its id (matchTaskId).
 */
async function planBatch(ctx: Context, run: ImportRun, batch: readonly PreparedRecord[], known: KnownData | null): Promise<ImportCounts> {
  const counts = emptyCounts();
  const ids = batch.map((r) => r.externalId).filter((id): id is string => id !== null);
  type Known = { id: number; data: string; answer_count: number; slots_used: number };
  const existing = new Map<string, Known>();
  if (ids.length > 0) {
    const rows = await ctx.db.reader
      .selectFrom('tasks')
      .select(['id', 'external_id', 'data', 'answer_count', 'slots_used'])
      .where('project_id', '=', run.projectId)
      .where('external_id', 'in', ids)
      .execute();
    for (const r of rows) if (r.external_id !== null) existing.set(r.external_id, r);
  }
  const byData = await matchByData(batch, known, (taskIds) =>
    ctx.db.reader.selectFrom('tasks').select(['id', 'data', 'answer_count', 'slots_used']).where('project_id', '=', run.projectId).where('id', 'in', taskIds).execute(),
  );
  for (const r of batch) {
    const task = r.externalId === null ? byData.get(r) : existing.get(r.externalId);
    if (r.externalId === null && task) r.matchTaskId = task.id;
    if (!task || run.onConflict === 'add') {
      counts.created += 1;
      if (r.gold !== null) counts.goldCreated += 1;
    } else if (run.onConflict === 'skip') counts.skipped += 1;
    else if (sameTaskData(task.data, r.data)) counts.unchanged += 1;
    else if (task.answer_count > 0 || task.slots_used > 0) counts.refusedCount += 1;
    else counts.updated += 1;
  }
  return counts;
}

/**
 * Publishes the committed import's staged records from where it got to, then finishes it. Also how recovery
 * resumes an import whose process died while publishing.
 */
export async function publishStaged(ctx: Context, run: ImportRun, beforeDone?: ImportHook): Promise<ImportCounts> {
  const row = await ctx.db.kysely
    .selectFrom('imports')
    .select(['published_seq', 'rows_skipped', 'tasks_created', 'tasks_updated', 'tasks_unchanged', 'tasks_skipped', 'tasks_refused', 'refused', 'annotations_imported', 'predictions_imported', 'gold_created'])
    .where('id', '=', run.importId)
    .executeTakeFirstOrThrow();
  // Until the first batch is published the row holds the planned counts; after it, the published ones.
  let counts = row.published_seq === 0 ? emptyCounts() : countsFromRow(row);
  let cursor = row.published_seq;
  let size: number = PUBLISH_BATCH.min;
  let othersWrites = writesOfOthers(ctx);
  for (;;) {
    const started = performance.now();
    const step = await ctx.db.kysely.transaction().execute(async (trx) => {
      const published = (await publishPlain(trx, run, cursor, size)) ?? (await publishRecords(trx, run, cursor, size));
      if (!published) return undefined;
      const { last, outcome } = published;
      const total = addCounts(counts, outcome);
      await trx.deleteFrom('import_staged_tasks').where('import_id', '=', run.importId).where('seq', '>', cursor).where('seq', '<=', last).execute();
      await trx
        .updateTable('imports')
        .set({ published_seq: last, ...countsToRow(total) })
        .where('id', '=', run.importId)
        .execute();
      return { last, total };
    });
    const took = performance.now() - started;
    if (!step) break;
    cursor = step.last;
    counts = step.total;
    await yieldToOthers();
    const writes = writesOfOthers(ctx);
    size = nextBatchSize(size, took, writes !== othersWrites);
    othersWrites = writes;
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    // No recountProject here: each batch moved its tasks' and the project's counters by relative updates, as claims
    // and submits do, and counting a large project's tasks would hold the writer for hundreds of milliseconds.
    await recordImportDone(trx, ctx, run, counts, row.rows_skipped);
    if (beforeDone) await beforeDone(trx, run.importId);
  });
  return counts;
}

/** The next `size` staged records after `cursor`, stored one by one by storeBatch. */
async function publishRecords(trx: Transaction<Database>, run: ImportRun, cursor: number, size: number) {
  const staged = await trx.selectFrom('import_staged_tasks').selectAll().where('import_id', '=', run.importId).where('seq', '>', cursor).orderBy('seq').limit(size).execute();
  const last = staged[staged.length - 1]?.seq;
  if (last === undefined) return undefined;
  const scope = { projectId: run.projectId, importId: run.importId, now: run.now, onConflict: run.onConflict, commitsAlone: true, known: null };
  return { last, outcome: (await storeBatch(trx, scope, staged.map(fromStagedRow))).counts };
}

/**
 * The next `size` staged records after `cursor` in one INSERT ... SELECT, when none of them has an external id, an
 * annotation, a prediction, a known (gold) answer or an earlier task's data (the bulk of most imports): nothing can
 * match an existing task, so each simply
 * becomes a new task in file order, without a round trip through JavaScript. Undefined when storeBatch must do it.
 */
async function publishPlain(trx: Transaction<Database>, run: ImportRun, cursor: number, size: number) {
  const range = trx.selectFrom('import_staged_tasks').where('import_id', '=', run.importId).where('seq', '>', cursor).where('seq', '<=', cursor + size);
  const special = await range
    .select('seq')
    .where((eb) =>
      eb.or([
        eb('external_id', 'is not', null),
        eb('annotations', 'is not', null),
        eb('predictions', 'is not', null),
        eb('gold_result', 'is not', null),
        eb('match_task_id', 'is not', null),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  if (special) return undefined;
  const inserted = await trx
    .insertInto('tasks')
    .columns(['project_id', 'import_id', 'external_id', 'data', 'data_hash', 'target', 'random_rank', 'slots_used', 'answer_count', 'priority', 'created_at', 'is_gold', 'gold_result'])
    .expression(
      range
        .select((eb) => [
          eb.val(run.projectId).as('project_id'),
          eb.val(run.importId).as('import_id'),
          eb.val(null).as('external_id'),
          'data',
          'data_hash',
          'target',
          'random_rank',
          eb.val(0).as('slots_used'),
          eb.val(0).as('answer_count'),
          'priority',
          eb.val(run.now).as('created_at'),
          eb.val(0).as('is_gold'),
          eb.val(null).as('gold_result'),
        ])
        .orderBy('seq'),
    )
    .executeTakeFirst();
  const n = Number(inserted.numInsertedOrUpdatedRows ?? 0);
  if (n === 0) return undefined;
  // Staged records are numbered without gaps, so the range held exactly n of them.
  await trx.updateTable('projects').set((eb) => ({ task_count: eb('task_count', '+', n) })).where('id', '=', run.projectId).execute();
  return { last: cursor + n, outcome: { ...emptyCounts(), created: n } };
}

/** Deletes an import's staged rows, a batch per transaction, then marks it as having none. */
export async function deleteStaged(ctx: Context, importId: number): Promise<void> {
  for (;;) {
    const deleted = await ctx.db.kysely
      .deleteFrom('import_staged_tasks')
      .where('import_id', '=', importId)
      .where('seq', 'in', (eb) => eb.selectFrom('import_staged_tasks').select('seq').where('import_id', '=', importId).orderBy('seq').limit(DELETE_BATCH))
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) break;
    await yieldToOthers();
  }
  await ctx.db.kysely.updateTable('imports').set({ phase: null }).where('id', '=', importId).where('phase', '=', 'cleanup').execute();
}

/** The size of the next published batch, from the last one's size and duration and whether others wrote meanwhile. */
function nextBatchSize(size: number, tookMs: number, othersWrote: boolean): number {
  if (othersWrote) return PUBLISH_BATCH.min;
  if (tookMs > PUBLISH_BATCH.quietMs) return Math.max(PUBLISH_BATCH.min, Math.floor(size / 2));
  if (tookMs < PUBLISH_BATCH.quietMs / 2) return Math.min(PUBLISH_BATCH.max, size * 2);
  return size;
}

/** How many hot-path writes (claims, submits, heartbeats) the process has committed so far, when it counts them. */
const writesOfOthers = (ctx: Context) => ctx.db.groupCommit?.transactions ?? 0;
