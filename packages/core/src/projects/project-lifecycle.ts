import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { loadVisibleProject } from './project-access.js';

/** The refusal of a new claim in an archived project (work already leased can still be submitted). */
export const projectArchived = (projectId: number) =>
  conflict('project_archived', `project ${projectId} is archived: it hands out no new tasks until a manager unarchives it`, { projectId });

/**
 * Archives a project: its data stays, annotators no longer see it in their list, and it hands out no new tasks
 * (claims answer `project_archived`; a lease already held can still be submitted). Managers still see it, marked.
 * Archiving an archived project changes nothing and records nothing.
 */
export async function archiveProject(ctx: Context, actor: Actor, projectId: number) {
  return setArchived(ctx, actor, projectId, true);
}

/** Undoes {@link archiveProject}: the project is listed and hands out tasks again. */
export async function unarchiveProject(ctx: Context, actor: Actor, projectId: number) {
  return setArchived(ctx, actor, projectId, false);
}

async function setArchived(ctx: Context, actor: Actor, projectId: number, archived: boolean) {
  await loadVisibleProject(ctx, actor, projectId);
  const now = ctx.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('projects')
      .set({ archived_at: archived ? now : null })
      .where('id', '=', projectId)
      .where('deleted_at', 'is', null)
      .where('archived_at', archived ? 'is' : 'is not', null)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) > 0) {
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: archived ? 'project.archived' : 'project.unarchived',
        entityType: 'project',
        entityId: projectId,
        at: now,
      });
    }
    const row = await trx.selectFrom('projects').select('archived_at').where('id', '=', projectId).executeTakeFirstOrThrow();
    return { id: projectId, archivedAt: row.archived_at === null ? null : new Date(Number(row.archived_at)).toISOString() };
  });
}

/**
 * Deletes a project, once the caller typed its name (`confirmName`, compared exactly after trimming). Deletion is
 * soft (docs/decisions/0006-soft-delete-projects.md): the project is marked deleted and from then on is not found by
 * anyone, through the API, the CLI or a claim, but its tasks, answers and audit trail stay in the database. The audit
 * event records the name and the counts at deletion.
 */
export async function deleteProject(ctx: Context, actor: Actor, projectId: number, confirmName: string) {
  const project = await loadVisibleProject(ctx, actor, projectId);
  if (confirmName.trim() !== project.name) {
    throw invalid('confirm_name_mismatch', `confirmName: type the project's name, "${project.name}", to delete it`, { field: 'confirmName', name: project.name });
  }
  const now = ctx.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const deleted = await trx.updateTable('projects').set({ deleted_at: now }).where('id', '=', projectId).where('deleted_at', 'is', null).executeTakeFirst();
    if (Number(deleted.numUpdatedRows) === 0) return;
    const answers = await trx.selectFrom('annotations').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'project.deleted',
      entityType: 'project',
      entityId: projectId,
      data: { name: project.name, tasks: project.task_count, answers: Number(answers.n), soft: true },
      at: now,
    });
  });
  return { id: projectId, deleted: true };
}
