import type { Database, Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { DomainError, invalid } from '../errors.js';
import { readTasks, type ImportFormat, type ParsedTask, type SkippedLine } from '../imports/index.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { enforceSourceRequirement } from '../intake/provenance.js';
import { advisoryXactLock } from '../advisory-locks.js';
import { thisRunner } from './import-liveness.js';
import { recountProject } from './recount-project.js';
import { initialTarget, parsePolicy, randomRank, taskKey } from '../assignment/assignment-policy.js';
import type { AssignmentPolicy } from '@biaozhu/contract';

/** Where the data came from (Art. 7 of the generative-AI measures asks for lawful, documented sources). */
export interface SourceInput {
  name: string;
  license?: string;
  collectionMethod?: string;
  containsPersonalInfo?: boolean;
  legalBasis?: string;
}

export interface ImportOptions {
  fileName: string;
  format?: ImportFormat;
  source: SourceInput;
  skipBadLines?: boolean;
  externalIdField?: string;
  onProgress?: (bytesRead: number) => void;
  /**
   * Runs inside the import's transaction after the tasks are stored, before it commits: lets a caller (the cleaning
   * job) record its own state atomically with the import, or throw to roll the import back.
   */
  beforeCommit?: (trx: Transaction<Database>, importId: number) => Promise<void>;
}

export interface ImportSummary {
  id: number;
  status: 'done' | 'failed';
  format: string;
  rowsRead: number;
  tasksCreated: number;
  tasksUpdated: number;
  annotationsImported: number;
  predictionsImported: number;
  rowsSkipped: number;
  skipped: SkippedLine[];
}

const BATCH = 500;
const MAX_SKIPPED_LISTED = 1000;

/**
 * Imports a task file into a project in one transaction: either every good record is stored or, on the first bad
 * one (without `skipBadLines`), nothing is, and the import is recorded as failed with the reason. Records with an
 * external id (the `externalIdField`, or a Label Studio task's `id`) update the task with that id instead of adding
 * one, so importing the same file twice is harmless. Label Studio annotations and predictions come along, their
 * result items stored exactly as read; imported annotations count as answers towards the project's overlap.
 *
 * The input should be a local file stream (the server spools uploads to disk first): on SQLite the transaction
 * holds the write lock while it runs.
 */
export async function importTasks(
  ctx: Context,
  actor: Actor,
  projectId: number,
  input: AsyncIterable<Uint8Array>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const source = checkSource(options.source);
  await enforceSourceRequirement(ctx.db.reader, projectId, options.source);
  const now = ctx.now();
  const importRow = await ctx.db.kysely.transaction().execute(async (trx) => {
    const src = await trx
      .insertInto('sources')
      .values({
        project_id: projectId,
        name: source.name,
        license: source.license ?? '',
        collection_method: source.collectionMethod ?? '',
        contains_personal_info: source.containsPersonalInfo ? 1 : 0,
        legal_basis: source.legalBasis ?? '',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return trx
      .insertInto('imports')
      .values({
        project_id: projectId,
        source_id: src.id,
        file_name: options.fileName.slice(0, 300),
        format: options.format ?? 'auto',
        status: 'running',
        rows_read: 0,
        tasks_created: 0,
        tasks_updated: 0,
        rows_skipped: 0,
        skipped: '[]',
        error: null,
        created_by: actor.userId,
        created_at: now,
        finished_at: null,
        runner: thisRunner(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  });

  const policy: AssignmentPolicy = parsePolicy(project.assignment_policy);
  const keyOf = (t: ParsedTask) => taskKey(t.externalId, JSON.stringify(t.data));
  const placement = (t: ParsedTask) => ({ target: initialTarget(policy, project.overlap, keyOf(t)), rank: randomRank(policy.seed, keyOf(t)) });
  const skipped: SkippedLine[] = [];
  let rowsSkipped = 0;
  const counts = { rowsRead: 0, created: 0, updated: 0, annotations: 0, predictions: 0, touched: new Set<number>() };
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      // held while the import runs, so the history can tell it from one whose process died (import-liveness.ts)
      await advisoryXactLock(trx, ctx.db.dialect, 'importRun', importRow.id);
      const records = readTasks(input, {
        fileName: options.fileName,
        ...(options.format ? { format: options.format } : {}),
        ...(options.externalIdField ? { externalIdField: options.externalIdField } : {}),
        skipBadLines: options.skipBadLines ?? false,
        onSkip: (s) => {
          rowsSkipped += 1;
          if (skipped.length < MAX_SKIPPED_LISTED) skipped.push(s);
        },
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      let batch: ParsedTask[] = [];
      for await (const record of records) {
        counts.rowsRead += 1;
        batch.push(record);
        if (batch.length >= BATCH) {
          await storeBatch(trx, projectId, placement, importRow.id, batch, now, counts);
          batch = [];
        }
      }
      if (batch.length > 0) await storeBatch(trx, projectId, placement, importRow.id, batch, now, counts);
      if (counts.rowsRead === 0) throw invalid('no_records', 'the file holds no records to import');
      await recountProject(trx, projectId, counts.touched, ctx.db.dialect);
      await trx
        .updateTable('imports')
        .set({
          status: 'done',
          rows_read: counts.rowsRead + rowsSkipped,
          tasks_created: counts.created,
          tasks_updated: counts.updated,
          rows_skipped: rowsSkipped,
          skipped: JSON.stringify(skipped),
          finished_at: ctx.now(),
        })
        .where('id', '=', importRow.id)
        .execute();
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'import.done',
        entityType: 'import',
        entityId: importRow.id,
        data: { projectId, fileName: options.fileName, created: counts.created, updated: counts.updated, skipped: rowsSkipped },
        at: ctx.now(),
      });
      if (options.beforeCommit) await options.beforeCommit(trx, importRow.id);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.db.kysely
      .updateTable('imports')
      .set({ status: 'failed', error: message.slice(0, 2000), finished_at: ctx.now(), skipped: JSON.stringify(skipped) })
      .where('id', '=', importRow.id)
      .execute();
    if (error instanceof DomainError) {
      error.details.importId = importRow.id;
      throw error;
    }
    throw error;
  }
  return {
    id: importRow.id,
    status: 'done',
    format: options.format ?? 'auto',
    rowsRead: counts.rowsRead + rowsSkipped,
    tasksCreated: counts.created,
    tasksUpdated: counts.updated,
    annotationsImported: counts.annotations,
    predictionsImported: counts.predictions,
    rowsSkipped,
    skipped,
  };
}

function checkSource(source: SourceInput): SourceInput {
  const name = source.name?.trim() ?? '';
  if (!name) throw invalid('missing_source', 'source.name: name the source of the data (where it came from)', { field: 'source.name' });
  if (source.containsPersonalInfo && !source.legalBasis?.trim()) {
    throw invalid('missing_legal_basis', 'source.legalBasis: data with personal information needs a legal basis (e.g. consent)', {
      field: 'source.legalBasis',
    });
  }
  return { ...source, name };
}

async function storeBatch(
  trx: Transaction<Database>,
  projectId: number,
  placement: (t: ParsedTask) => { target: number; rank: number },
  importId: number,
  batch: ParsedTask[],
  now: number,
  counts: { created: number; updated: number; annotations: number; predictions: number; touched: Set<number> },
): Promise<void> {
  const externalIds = [...new Set(batch.map((t) => t.externalId).filter((id): id is string => id !== undefined))];
  const existing = new Map<string, number>();
  if (externalIds.length > 0) {
    const rows = await trx
      .selectFrom('tasks')
      .select(['id', 'external_id'])
      .where('project_id', '=', projectId)
      .where('external_id', 'in', externalIds)
      .execute();
    for (const r of rows) if (r.external_id !== null) existing.set(r.external_id, r.id);
  }
  const fresh: ParsedTask[] = [];
  const seenInBatch = new Set<string>();
  const taskIdOf = new Map<ParsedTask, number>();
  for (const t of batch) {
    const existingId = t.externalId !== undefined ? existing.get(t.externalId) : undefined;
    if (existingId !== undefined) {
      await trx.updateTable('tasks').set({ data: JSON.stringify(t.data), import_id: importId }).where('id', '=', existingId).execute();
      counts.updated += 1;
      taskIdOf.set(t, existingId);
    } else if (t.externalId !== undefined && seenInBatch.has(t.externalId)) {
      throw invalid('duplicate_external_id', `line ${t.line}: external id "${t.externalId}" appears twice in this file`, { line: t.line, externalId: t.externalId });
    } else {
      if (t.externalId !== undefined) seenInBatch.add(t.externalId);
      fresh.push(t);
    }
  }
  if (fresh.length > 0) {
    const inserted = await trx
      .insertInto('tasks')
      .values(
        fresh.map((t) => {
          const gold = goldOf(t);
          const { target, rank } = placement(t);
          return {
            project_id: projectId,
            import_id: importId,
            external_id: t.externalId ?? null,
            data: JSON.stringify(t.data),
            target: gold ? GOLD_TARGET : target,
            random_rank: rank,
            slots_used: 0,
            answer_count: 0,
            priority: priorityOf(t),
            created_at: now,
            is_gold: gold ? 1 : 0,
            gold_result: gold ? JSON.stringify(gold) : null,
          };
        }),
      )
      .returning('id')
      .execute();
    fresh.forEach((t, i) => {
      const row = inserted[i];
      if (row) taskIdOf.set(t, row.id);
    });
    counts.created += fresh.length;
  }
  await storeCarried(trx, projectId, batch, taskIdOf, now, counts);
}

/** Stores Label Studio annotations and predictions of the batch; a re-import does not duplicate them. */
async function storeCarried(
  trx: Transaction<Database>,
  projectId: number,
  batch: ParsedTask[],
  taskIdOf: Map<ParsedTask, number>,
  now: number,
  counts: { annotations: number; predictions: number; touched: Set<number> },
): Promise<void> {
  for (const t of batch) {
    const taskId = taskIdOf.get(t);
    if (taskId === undefined) continue;
    if (t.annotations?.length && !goldOf(t)) {
      const known = new Set(
        (await trx.selectFrom('annotations').select('imported_from').where('task_id', '=', taskId).where('user_id', 'is', null).execute()).map(
          (r) => r.imported_from,
        ),
      );
      const rows = t.annotations
        .filter((a) => a.was_cancelled !== true)
        .map((a) => {
          // Everything but the result and time is kept verbatim (id, completed_by, lead_time...) for the export.
          const { result, created_at, ...rest } = a;
          return { result, lead_time: a.lead_time, created_at, origin: JSON.stringify(rest) };
        })
        .filter((a) => !known.has(a.origin));
      if (rows.length > 0) {
        await trx
          .insertInto('annotations')
          .values(
            rows.map((a) => ({
              task_id: taskId,
              project_id: projectId,
              user_id: null,
              assignment_id: null,
              result: JSON.stringify(a.result),
              lead_time_ms: typeof a.lead_time === 'number' && Number.isFinite(a.lead_time) ? Math.round(a.lead_time * 1000) : null,
              guideline_version: null,
              idempotency_key: null,
              imported_from: a.origin,
              created_at: parseTime(a.created_at) ?? now,
            })),
          )
          .execute();
        counts.annotations += rows.length;
        counts.touched.add(taskId);
      }
    }
    if (t.predictions?.length) {
      await trx
        .insertInto('predictions')
        .values(
          t.predictions.map((p) => ({
            task_id: taskId,
            model_version: p.model_version ?? null,
            score: typeof p.score === 'number' && Number.isFinite(p.score) ? p.score : null,
            result: JSON.stringify(p.result),
            created_at: now,
          })),
        )
        .execute();
      counts.predictions += t.predictions.length;
    }
  }
}

/**
 * Gold tasks are held open for every worker (a honeypot must be answerable by anyone), so their target is a bound
 * no real overlap reaches; they never count as project work.
 */
export const GOLD_TARGET = 1_000_000;

/**
 * A Label Studio task whose annotation is marked `ground_truth` is a gold task: that annotation (with its original
 * fields) is its known answer and is not stored as a worker's answer.
 */
function goldOf(t: ParsedTask): Record<string, unknown> | undefined {
  const truth = t.annotations?.find((a) => a.ground_truth === true);
  return truth ? { ...truth } : undefined;
}

/** An optional numeric `priority` in the task's data (or a Label Studio task's top level) orders the `priority` policy. */
function priorityOf(t: ParsedTask): number {
  const p = t.data.priority;
  return typeof p === 'number' && Number.isInteger(p) && Math.abs(p) < 1e9 ? p : 0;
}

function parseTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}
