import type { Database, Kysely, ProjectRow } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { seesWorkerIdentities } from '../access/worker-pseudonyms.js';
import type { Actor, Context } from '../context.js';
import { loadVisibleProject } from '../projects/project-access.js';

/** What an export writes, for its audit event. */
export interface ExportDescription {
  /** `tasks`: the tasks with their answers (export-project.ts); `aggregates`: the combined answers. */
  content: 'tasks' | 'aggregates';
  format: string;
  /** Set when the export is a selection of tasks: how many were selected (the task browser's export selection). */
  selectedTasks?: number;
  /** The number of records the file will hold (tasks, CSV lines, aggregates), counted in the snapshot. */
  countRows(db: Kysely<Database>, projectId: number): Promise<number>;
  /** More of what the file holds, for the audit event (image exports: whether the images are in it). */
  details?: Record<string, unknown>;
}

/**
 * The one way every export runs, whoever asks and however (API or CLI). It opens a snapshot of the database (a file
 * taken while annotators submit never mixes states: every task, answer and counter in it is of the same moment),
 * checks in it that the actor may see the project, records the export in the audit log (who, which project, what,
 * format, how many rows) before the first byte leaves, then streams what `write` yields from the snapshot. The
 * snapshot ends when the stream ends, fails or is abandoned (a client that went away mid-download): it must be
 * consumed or closed (`return()`), as a stream piped to a response or a file is.
 */
export async function* exportInSnapshot<Chunk = string>(
  ctx: Context,
  actor: Actor,
  projectId: number,
  description: ExportDescription,
  write: (db: Kysely<Database>, project: ProjectRow) => AsyncGenerator<Chunk>,
): AsyncGenerator<Chunk> {
  const snapshot = await ctx.db.snapshot();
  try {
    const project = await loadVisibleProject(ctx, actor, projectId, snapshot.db);
    const rows = await description.countRows(snapshot.db, projectId);
    const at = ctx.now();
    await ctx.db.write((trx) =>
      appendAuditEvent(trx, ctx.db.dialect, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'project.exported',
        entityType: 'project',
        entityId: projectId,
        data: {
          content: description.content,
          format: description.format,
          ...description.details,
          rows,
          ...(description.selectedTasks !== undefined ? { selectedTasks: description.selectedTasks } : {}),
          workerIdentities: seesWorkerIdentities(actor) ? 'shown' : 'pseudonymised',
        },
        at,
      }),
    );
    yield* write(snapshot.db, project);
  } finally {
    await snapshot.release();
  }
}
