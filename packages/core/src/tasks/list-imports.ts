import type { Actor, Context } from '../context.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { interruptedImports } from './import-liveness.js';

/**
 * A project's import history with each import's source, newest first. A `running` import whose process died before
 * it committed (nothing of it was saved) is shown as `interrupted`; one that had committed and was publishing its
 * tasks stays `running`, since the recovery pass finishes it (import-recovery.ts).
 */
export async function listImports(ctx: Context, actor: Actor, projectId: number) {
  await loadVisibleProject(ctx, actor, projectId);
  const rows = await ctx.db.kysely
    .selectFrom('imports')
    .leftJoin('sources', 'sources.id', 'imports.source_id')
    .select([
      'imports.id',
      'imports.file_name',
      'imports.format',
      'imports.status',
      'imports.rows_read',
      'imports.tasks_created',
      'imports.tasks_updated',
      'imports.rows_skipped',
      'imports.error',
      'imports.created_at',
      'imports.runner',
      'imports.phase',
      'imports.on_conflict',
      'imports.tasks_unchanged',
      'imports.tasks_skipped',
      'imports.tasks_refused',
      'imports.annotations_imported',
      'imports.predictions_imported',
      'sources.name as source_name',
      'sources.license as source_license',
      'sources.contains_personal_info',
    ])
    .where('imports.project_id', '=', projectId)
    .orderBy('imports.id', 'desc')
    .limit(200)
    .execute();
  const running = rows.filter((r) => r.status === 'running' && r.phase !== 'publishing');
  const interrupted = running.length > 0 ? await interruptedImports(ctx.db, running, ctx.now()) : new Set<number>();
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    format: r.format,
    status: interrupted.has(r.id) ? ('interrupted' as const) : r.status,
    rowsRead: r.rows_read,
    tasksCreated: r.tasks_created,
    tasksUpdated: r.tasks_updated,
    tasksUnchanged: r.tasks_unchanged,
    tasksSkipped: r.tasks_skipped,
    tasksRefused: r.tasks_refused,
    annotationsImported: r.annotations_imported,
    predictionsImported: r.predictions_imported,
    onConflict: r.on_conflict,
    rowsSkipped: r.rows_skipped,
    error: r.error,
    createdAt: new Date(r.created_at).toISOString(),
    sourceName: r.source_name,
    sourceLicense: r.source_license,
    containsPersonalInfo: r.contains_personal_info === 1,
  }));
}
