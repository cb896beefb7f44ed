import type { Database, ProjectRow, Transaction, Kysely } from '@biaozhu/storage';
import { seeProject } from '../access/project-access.js';
import type { Actor, Context } from '../context.js';
import { notFound } from '../errors.js';

/**
 * The project, when the actor may see it under project membership (access/project-access.ts `roleInProject`: managers
 * every project of their organisation, others the projects they are members of or that are open to the
 * organisation). An invisible project is reported as not found, so ids do not leak.
 */
export async function loadVisibleProject(
  ctx: Context,
  actor: Actor,
  projectId: number,
  db: Kysely<Database> | Transaction<Database> = ctx.db.reader,
): Promise<ProjectRow> {
  const seen = await seeProject(db, actor, projectId);
  // A deleted project (soft deletion, projects/project-lifecycle.ts) is not found by anyone.
  if (!seen || seen.project.deleted_at !== null) throw notFound('project', projectId);
  return seen.project;
}
