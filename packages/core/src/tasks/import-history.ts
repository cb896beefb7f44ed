import type { Database, Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Context } from '../context.js';
import type { SkippedLine } from '../imports/index.js';
import { DomainError, invalid } from '../errors.js';
import { countsToRow, type ImportCounts } from './import-counts.js';
import type { OnConflict } from './import-records.js';

/** One import under way: what its history row and audit events are written with. */
export interface ImportRun {
  importId: number;
  projectId: number;
  orgId: number;
  /** Who started it (the audit events' actor). */
  actorId: number;
  fileName: string;
  onConflict: OnConflict;
  /** The import's clock reading when it began: the `created_at` of its tasks. */
  now: number;
}

/** What the reader has seen so far: records read and bad lines left out (the first 1000 listed). */
export interface ReadingTally {
  rowsRead: number;
  rowsSkipped: number;
  skipped: SkippedLine[];
}

/** The refusal of a file that holds nothing to import, checked once it has been read. */
export function checkSomethingRead(reading: ReadingTally): void {
  if (reading.rowsRead === 0) throw invalid('no_records', 'the file holds no records to import');
}

/** Marks the import done with its final counts and appends `import.done`, in the caller's transaction. */
export async function recordImportDone(trx: Transaction<Database>, ctx: Context, run: ImportRun, counts: ImportCounts, rowsSkipped: number): Promise<void> {
  await trx
    .updateTable('imports')
    .set({ status: 'done', phase: null, finished_at: ctx.now(), ...countsToRow(counts) })
    .where('id', '=', run.importId)
    .execute();
  await appendAuditEvent(trx, ctx.db.dialect, {
    orgId: run.orgId,
    actorId: run.actorId,
    action: 'import.done',
    entityType: 'import',
    entityId: run.importId,
    data: {
      projectId: run.projectId,
      fileName: run.fileName,
      onConflict: run.onConflict,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      existingSkipped: counts.skipped,
      refused: counts.refusedCount,
      skipped: rowsSkipped,
    },
    at: ctx.now(),
  });
}

/**
 * Marks an import that did not commit as failed (or `interrupted`, when its process died) with the reason, and
 * appends `import.failed` in the same transaction. Only a row still `running` is changed, so two processes judging
 * the same dead import write one event. `staged`: rows of it wait in the staging table, to be deleted next. Returns
 * whether this call marked it.
 */
export async function recordImportFailed(
  ctx: Context,
  run: ImportRun,
  failure: { status: 'failed' | 'interrupted'; error: unknown; skipped?: string; staged: boolean; runner?: string | null },
): Promise<boolean> {
  const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
  const code = failure.error instanceof DomainError ? failure.error.code : failure.status === 'interrupted' ? 'interrupted' : 'internal_error';
  const line = failure.error instanceof DomainError && typeof failure.error.details.line === 'number' ? failure.error.details.line : undefined;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    let update = trx
      .updateTable('imports')
      .set({
        status: failure.status,
        error: message.slice(0, 2000),
        finished_at: ctx.now(),
        phase: failure.staged ? 'cleanup' : null,
        ...(failure.skipped !== undefined ? { skipped: failure.skipped } : {}),
      })
      .where('id', '=', run.importId)
      .where('status', '=', 'running');
    if (failure.runner !== undefined) update = failure.runner === null ? update.where('runner', 'is', null) : update.where('runner', '=', failure.runner);
    const marked = await update.executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) return false;
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: run.orgId,
      actorId: run.actorId,
      action: 'import.failed',
      entityType: 'import',
      entityId: run.importId,
      data: { projectId: run.projectId, fileName: run.fileName, status: failure.status, code, message: message.slice(0, 500), ...(line !== undefined ? { line } : {}) },
      at: ctx.now(),
    });
    return true;
  });
}

/**
 * Records that the import failed, with `import.failed`. If even that cannot be written the row stays `running`, and
 * the history shows it interrupted once its runner is gone: the original error is the one to report.
 */
export async function recordFailure(ctx: Context, run: ImportRun, error: unknown, reading: ReadingTally, staged = false): Promise<void> {
  try {
    await recordImportFailed(ctx, run, { status: 'failed', error, skipped: JSON.stringify(reading.skipped), staged });
  } catch {
    /* see above */
  }
}
