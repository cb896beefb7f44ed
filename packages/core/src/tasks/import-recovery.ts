import type { Context } from '../context.js';
import { recordImportFailed, type ImportRun } from './import-history.js';
import { interruptedImports, thisRunner } from './import-liveness.js';
import { deleteStaged, publishStaged } from './staged-import.js';

const INTERRUPTED = 'the process running this import stopped before the import committed (killed, crashed or restarted); nothing of the file was saved: upload it again';

/** What one recovery pass did, for logs and tests. */
export interface RecoveryReport {
  /** Imports that had committed and whose remaining tasks were published. */
  finished: number[];
  /** Imports that had not committed, now marked `interrupted`. */
  interrupted: number[];
  /** Imports whose staged rows were deleted. */
  cleaned: number[];
}

/**
 * Settles the imports whose process died (import-liveness.ts tells which): one that had committed (a staged import
 * publishing its tasks) is published to the end, so it ends as if its process had lived; one that had not is marked
 * `interrupted` with an `import.failed` audit event, and whatever it had staged is deleted; the staged rows of a
 * failed import whose cleanup was cut short are deleted. Each import is taken over with a compare-and-set on its
 * runner, so processes running this at the same time never work on the same import. The server runs it when it
 * starts and then every few seconds (server/src/jobs/import-recovery.ts).
 */
export async function recoverImports(ctx: Context): Promise<RecoveryReport> {
  const report: RecoveryReport = { finished: [], interrupted: [], cleaned: [] };
  const rows = await ctx.db.kysely
    .selectFrom('imports')
    .innerJoin('users', 'users.id', 'imports.created_by')
    .select([
      'imports.id',
      'imports.project_id',
      'imports.status',
      'imports.phase',
      'imports.runner',
      'imports.created_at',
      'imports.created_by',
      'imports.file_name',
      'imports.on_conflict',
      'users.org_id',
    ])
    .where((eb) => eb.or([eb('imports.status', '=', 'running'), eb('imports.phase', 'is not', null)]))
    .orderBy('imports.id')
    .execute();
  if (rows.length === 0) return report;
  const dead = await interruptedImports(ctx.db, rows, ctx.now());
  for (const row of rows) {
    if (!dead.has(row.id)) continue;
    const run: ImportRun = {
      importId: row.id,
      projectId: row.project_id,
      orgId: row.org_id,
      actorId: row.created_by,
      fileName: row.file_name,
      onConflict: row.on_conflict,
      now: row.created_at,
    };
    if (row.status === 'running' && row.phase === 'publishing') {
      if (!(await takeOver(ctx, row.id, row.runner))) continue;
      await publishStaged(ctx, run);
      report.finished.push(row.id);
    } else if (row.status === 'running') {
      const staged = row.phase === 'staging';
      if (!(await recordImportFailed(ctx, run, { status: 'interrupted', error: new Error(INTERRUPTED), staged, runner: row.runner }))) continue;
      report.interrupted.push(row.id);
      if (staged && (await takeOver(ctx, row.id, row.runner))) {
        await deleteStaged(ctx, row.id);
        report.cleaned.push(row.id);
      }
    } else if (row.phase === 'cleanup' && (await takeOver(ctx, row.id, row.runner))) {
      await deleteStaged(ctx, row.id);
      report.cleaned.push(row.id);
    }
  }
  return report;
}

/** Makes this process the import's runner if it still has the dead one; false when another process was quicker. */
async function takeOver(ctx: Context, importId: number, deadRunner: string | null): Promise<boolean> {
  let update = ctx.db.kysely.updateTable('imports').set({ runner: thisRunner() }).where('id', '=', importId);
  update = deadRunner === null ? update.where('runner', 'is', null) : update.where('runner', '=', deadRunner);
  const taken = await update.executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}
