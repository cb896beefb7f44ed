import type { Database, ProjectRow, Transaction, Kysely } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { notFound } from '../errors.js';

/**
 * Which projects an actor may see: staff roles see every project of their organisation; a client sees only the
 * projects they are a member of. An invisible project is reported as not found, so ids do not leak.
 */
export async function loadVisibleProject(
  ctx: Context,
  actor: Actor,
  projectId: number,
  db: Kysely<Database> | Transaction<Database> = ctx.db.reader,
): Promise<ProjectRow> {
  const project = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
  // A deleted project (soft deletion, projects/project-lifecycle.ts) is not found by anyone.
  if (!project || project.org_id !== actor.orgId || project.deleted_at !== null) throw notFound('project', projectId);
  if (actor.role === 'client') {
    const member = await db
      .selectFrom('project_members')
      .select('user_id')
      .where('project_id', '=', projectId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (!member) throw notFound('project', projectId);
  }
  return project;
}
