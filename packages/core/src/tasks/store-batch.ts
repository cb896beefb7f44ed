import { sameTaskData, type Database, type Transaction } from '@biaozhu/storage';
import { addCounts, emptyCounts, MAX_REFUSED_LISTED, type ImportCounts, type RefusalReason } from './import-counts.js';
import { annotationKey, predictionKey, type OnConflict, type PreparedRecord } from './import-records.js';
import { matchByData, type KnownData } from './known-data.js';

/** Where a batch goes and how it is stored. */
export interface BatchScope {
  projectId: number;
  importId: number;
  now: number;
  onConflict: OnConflict;
  /**
   * True when the batch commits on its own and its tasks can be claimed as soon as it does (a staged import on
   * SQLite): the counters of tasks it gives answers to and the project's task and completed counters are moved here,
   * by relative updates in the batch's transaction. False inside an import's single transaction, where
   * recountProject at its end does it (and no row lock is held longer than needed on PostgreSQL).
   */
  commitsAlone: boolean;
  /**
   * The project's data hashes from when the import started, to recognise records without an external id (null: the
   * project had no tasks, or the records carry the match found when they were staged).
   */
  known: KnownData | null;
}

export interface BatchOutcome {
  counts: ImportCounts;
  /** Existing tasks that received imported answers and whose counters recountProject must set. */
  touched: number[];
}

interface ExistingTask {
  id: number;
  data: string;
  answer_count: number;
  target: number;
  is_gold: number;
}

/** Rows per multi-row INSERT (at most 12 values each), well under both dialects' parameter limits. */
const INSERT_CHUNK = 500;

/**
 * Stores one batch of records in the caller's transaction: new tasks, and for records whose external id is already
 * a task of the project what `onConflict` says (see ON_CONFLICT). A task's data is replaced only by a conditional
 * UPDATE that finds it without answers and without a lease that could still bring one (`leased`, or `expired`,
 * whose late answer is still accepted), so the check and the change are one step even while annotators claim on
 * PostgreSQL: a claim raises `slots_used` on the same row first, and the UPDATE, re-checking the row it waited for,
 * then leaves it alone. Carried annotations and predictions are added once: one already stored on the task (same
 * original fields and result; same model version and result) is not added again.
 */
export async function storeBatch(trx: Transaction<Database>, scope: BatchScope, batch: readonly PreparedRecord[]): Promise<BatchOutcome> {
  // Records are stored in file order: a record whose external id came earlier in the batch meets the task that one
  // made, so the batch is stored in two parts around it.
  const repeat = firstRepeat(batch);
  if (repeat !== undefined) {
    const head = await storeBatch(trx, scope, batch.slice(0, repeat));
    const tail = await storeBatch(trx, scope, batch.slice(repeat));
    return { counts: addCounts(head.counts, tail.counts), touched: [...head.touched, ...tail.touched] };
  }
  const counts = emptyCounts();
  const existing = await findExisting(trx, scope, batch);
  const creates: { record: PreparedRecord; externalId: string | null }[] = [];
  const kept: { record: PreparedRecord; task: ExistingTask }[] = [];
  for (const record of batch) {
    const task = existing.of(record);
    if (!task) {
      creates.push({ record, externalId: record.externalId });
      continue;
    }
    switch (scope.onConflict) {
      case 'skip':
        counts.skipped += 1;
        break;
      case 'add':
        creates.push({ record, externalId: null });
        break;
      case 'update':
        // a record recognised by its data always lands here: there is nothing to update but new annotations
        if (sameTaskData(task.data, record.data)) {
          counts.unchanged += 1;
          kept.push({ record, task });
        } else if (await replaceData(trx, task.id, record, scope.importId)) {
          counts.updated += 1;
          kept.push({ record, task });
        } else {
          counts.refusedCount += 1;
          if (counts.refused.length < MAX_REFUSED_LISTED) counts.refused.push(refusal(record, task));
        }
        break;
    }
  }
  const createdIds = await insertTasks(trx, scope, creates);
  counts.created = creates.length;
  counts.goldCreated = creates.filter(({ record }) => record.gold !== null).length;

  const annotationRows: AnnotationInsert[] = [];
  const predictionRows: PredictionInsert[] = [];
  creates.forEach(({ record }, i) => {
    const taskId = createdIds[i]!;
    for (const a of record.annotations) annotationRows.push(annotationRow(scope, taskId, a));
    for (const p of record.predictions) predictionRows.push(predictionRow(scope, taskId, p));
  });
  const stored = await storedCarried(trx, kept);
  const answersAdded = new Map<number, number>();
  for (const { record, task } of kept) {
    // A gold task's answers are its known answer, not workers' answers: none are added to it.
    const newAnswers = task.is_gold === 1 ? [] : record.annotations.filter((a) => !stored.annotations.has(`${task.id}\n${annotationKey(a.origin, a.result)}`));
    for (const a of newAnswers) annotationRows.push(annotationRow(scope, task.id, a));
    if (newAnswers.length > 0) answersAdded.set(task.id, (answersAdded.get(task.id) ?? 0) + newAnswers.length);
    for (const p of record.predictions) {
      if (!stored.predictions.has(`${task.id}\n${predictionKey(p.modelVersion, p.result)}`)) predictionRows.push(predictionRow(scope, task.id, p));
    }
  }
  for (let i = 0; i < annotationRows.length; i += INSERT_CHUNK) await trx.insertInto('annotations').values(annotationRows.slice(i, i + INSERT_CHUNK)).execute();
  for (let i = 0; i < predictionRows.length; i += INSERT_CHUNK) await trx.insertInto('predictions').values(predictionRows.slice(i, i + INSERT_CHUNK)).execute();
  counts.annotations = annotationRows.length;
  counts.predictions = predictionRows.length;

  const touched: number[] = [];
  if (scope.commitsAlone) {
    let completed = creates.filter(({ record }) => record.gold === null && record.annotations.length >= record.target).length;
    const byId = new Map(kept.map(({ task }) => [task.id, task]));
    for (const [taskId, n] of answersAdded) completed += await addAnswers(trx, byId.get(taskId)!, n);
    const newWork = creates.filter(({ record }) => record.gold === null).length;
    if (newWork > 0 || completed > 0) {
      await trx
        .updateTable('projects')
        .set((eb) => ({ task_count: eb('task_count', '+', newWork), completed_count: eb('completed_count', '+', completed) }))
        .where('id', '=', scope.projectId)
        .execute();
    }
  } else {
    touched.push(...answersAdded.keys());
  }
  return { counts, touched };
}

/** The index of the first record whose external id an earlier record of the batch has, if any. */
function firstRepeat(batch: readonly PreparedRecord[]): number | undefined {
  const seen = new Set<string>();
  for (const [i, r] of batch.entries()) {
    if (r.externalId === null) continue;
    if (seen.has(r.externalId)) return i;
    seen.add(r.externalId);
  }
  return undefined;
}

/** The tasks of the project the batch's records already are: by external id, or without one by their data. */
async function findExisting(trx: Transaction<Database>, scope: BatchScope, batch: readonly PreparedRecord[]) {
  const columns = ['id', 'data', 'answer_count', 'target', 'is_gold'] as const;
  const ids = [...new Set(batch.map((r) => r.externalId).filter((id): id is string => id !== null))];
  const byId = new Map<string, ExistingTask>();
  if (ids.length > 0) {
    const rows = await trx
      .selectFrom('tasks')
      .select([...columns, 'external_id'])
      .where('project_id', '=', scope.projectId)
      .where('external_id', 'in', ids)
      .execute();
    for (const r of rows) if (r.external_id !== null) byId.set(r.external_id, r);
  }
  const byData = await matchByData(batch, scope.known, (taskIds) =>
    trx.selectFrom('tasks').select(columns).where('project_id', '=', scope.projectId).where('id', 'in', taskIds).execute(),
  );
  return { of: (record: PreparedRecord): ExistingTask | undefined => (record.externalId === null ? byData.get(record) : byId.get(record.externalId)) };
}

/** Replaces a task's data if nobody has answered it or could still answer what they were shown; true if it did. */
async function replaceData(trx: Transaction<Database>, taskId: number, record: PreparedRecord, importId: number): Promise<boolean> {
  const result = await trx
    .updateTable('tasks')
    .set({ data: record.data, data_hash: record.dataHash, import_id: importId })
    .where('id', '=', taskId)
    .where('answer_count', '=', 0)
    .where('slots_used', '=', 0)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('assignments')
            .select('assignments.id')
            .whereRef('assignments.task_id', '=', 'tasks.id')
            .where('assignments.status', 'in', ['leased', 'expired']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function refusal(record: PreparedRecord, task: ExistingTask) {
  const reason: RefusalReason = task.answer_count > 0 ? 'answered' : 'in_progress';
  const externalId = record.externalId ?? '';
  const which = `line ${record.line}: task "${externalId.slice(0, 200)}" (id ${task.id})`;
  const message =
    reason === 'answered'
      ? `${which} already has answers; its data was not replaced, so they still belong to the content that was answered`
      : `${which} is being worked on (an annotator holds it, or held it and may still send a late answer); its data was not replaced`;
  return { line: record.line, externalId, taskId: task.id, reason, message };
}

/**
 * Inserts the new tasks in order and returns their ids. A task that comes with answers has them counted at once
 * (no lease holds it yet): its target is raised to them if they are more, as recountProject does.
 */
async function insertTasks(trx: Transaction<Database>, scope: BatchScope, creates: readonly { record: PreparedRecord; externalId: string | null }[]): Promise<number[]> {
  const rows = creates.map(({ record, externalId }) => {
    const answers = record.annotations.length;
    return {
      project_id: scope.projectId,
      import_id: scope.importId,
      external_id: externalId,
      data: record.data,
      data_hash: record.dataHash,
      target: Math.max(record.target, answers),
      random_rank: record.rank,
      slots_used: answers,
      answer_count: answers,
      priority: record.priority,
      created_at: scope.now,
      is_gold: record.gold === null ? 0 : 1,
      gold_result: record.gold,
    };
  });
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const inserted = await trx.insertInto('tasks').values(rows.slice(i, i + INSERT_CHUNK)).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/** The imported annotations and the predictions the kept tasks already have, as `taskId\nkey`. */
async function storedCarried(trx: Transaction<Database>, kept: readonly { record: PreparedRecord; task: ExistingTask }[]) {
  const withAnswers = [...new Set(kept.filter(({ record }) => record.annotations.length > 0).map(({ task }) => task.id))];
  const withPredictions = [...new Set(kept.filter(({ record }) => record.predictions.length > 0).map(({ task }) => task.id))];
  const annotations = new Set<string>();
  const predictions = new Set<string>();
  if (withAnswers.length > 0) {
    const rows = await trx
      .selectFrom('annotations')
      .select(['task_id', 'imported_from', 'result'])
      .where('task_id', 'in', withAnswers)
      .where('user_id', 'is', null)
      .execute();
    for (const r of rows) annotations.add(`${r.task_id}\n${annotationKey(r.imported_from, r.result)}`);
  }
  if (withPredictions.length > 0) {
    const rows = await trx.selectFrom('predictions').select(['task_id', 'model_version', 'result']).where('task_id', 'in', withPredictions).execute();
    for (const r of rows) predictions.add(`${r.task_id}\n${predictionKey(r.model_version, r.result)}`);
  }
  return { annotations, predictions };
}

/**
 * Counts `n` imported answers on an existing task in place: each takes a slot of its own (it came without a lease),
 * and the target is raised to the slots if they are more, as recountProject would set them. Returns 1 if this
 * completed the task (it counts towards the project's completed tasks), else 0.
 */
async function addAnswers(trx: Transaction<Database>, task: ExistingTask, n: number): Promise<number> {
  const after = await trx
    .updateTable('tasks')
    .set((eb) => ({
      answer_count: eb('answer_count', '+', n),
      slots_used: eb('slots_used', '+', n),
      target: eb.case().when('target', '<', eb('slots_used', '+', n)).then(eb('slots_used', '+', n)).else(eb.ref('target')).end(),
    }))
    .where('id', '=', task.id)
    .returning(['answer_count', 'target'])
    .executeTakeFirstOrThrow();
  const wasDone = task.answer_count >= task.target;
  return task.is_gold === 0 && !wasDone && after.answer_count >= after.target ? 1 : 0;
}

type AnnotationInsert = {
  task_id: number;
  project_id: number;
  user_id: null;
  assignment_id: null;
  result: string;
  lead_time_ms: number | null;
  guideline_version: null;
  idempotency_key: null;
  imported_from: string;
  created_at: number;
};

function annotationRow(scope: BatchScope, taskId: number, a: PreparedRecord['annotations'][number]): AnnotationInsert {
  return {
    task_id: taskId,
    project_id: scope.projectId,
    user_id: null,
    assignment_id: null,
    result: a.result,
    lead_time_ms: a.leadTimeMs,
    guideline_version: null,
    idempotency_key: null,
    imported_from: a.origin,
    created_at: a.createdAt,
  };
}

type PredictionInsert = { task_id: number; model_version: string | null; score: number | null; result: string; created_at: number };

function predictionRow(scope: BatchScope, taskId: number, p: PreparedRecord['predictions'][number]): PredictionInsert {
  return { task_id: taskId, model_version: p.modelVersion, score: p.score, result: p.result, created_at: scope.now };
}
