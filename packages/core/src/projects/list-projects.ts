import type { Actor, Context } from '../context.js';

/**
 * The projects the actor can see (the rule of access/project-access.ts `roleInProject`, as a query), newest first,
 * with their progress counters.
 */
export async function listProjects(ctx: Context, actor: Actor) {
  let query = ctx.db.kysely
    .selectFrom('projects')
    .select(['id', 'name', 'description', 'overlap', 'task_count', 'completed_count', 'created_at', 'access', 'archived_at'])
    .where('org_id', '=', actor.orgId)
    .where('deleted_at', 'is', null);
  if (actor.role !== 'admin' && actor.role !== 'manager') {
    // Archived projects are off annotators', reviewers' and clients' lists; managers see them, marked (project-lifecycle.ts).
    query = query.where('archived_at', 'is', null);
    const listed = ctx.db.kysely.selectFrom('project_members').select('project_id').where('user_id', '=', actor.userId);
    query = actor.role === 'client'
      ? query.where('id', 'in', listed)
      : query.where((eb) => eb.or([eb('access', '=', 'organisation'), eb('id', 'in', listed)]));
  }
  const rows = await query.orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    overlap: r.overlap,
    taskCount: r.task_count,
    completedCount: r.completed_count,
    createdAt: new Date(r.created_at).toISOString(),
    access: r.access,
    archivedAt: r.archived_at === null ? null : new Date(Number(r.archived_at)).toISOString(),
  }));
}
