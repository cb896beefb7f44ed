import { sql, type Database, type Kysely, type ProjectAccess, type ProjectRole, type ProjectRow, type Role, type Transaction } from '@biaozhu/storage';
import type { Actor } from '../context.js';

type Reader = Kysely<Database> | Transaction<Database>;

/** What the access rule needs of a project: its organisation and its `access` setting. */
export interface ProjectAccessFacts {
  orgId: number;
  access: ProjectAccess;
}

/**
 * The role the actor acts with inside one project, or null when the project is not theirs to see. The one rule of
 * project membership (docs/security.md "Project membership"); pure, so it is tested by itself:
 * - another organisation's project: never;
 * - admins and managers of the organisation: every project, with their own role;
 * - clients: only the projects they are listed in;
 * - annotators and reviewers: the projects they are listed in, with the role they are listed with there (never more
 *   than their own, project-members.ts checks that when adding), and, in a project open to its organisation
 *   (`access: organisation`), also without being listed, with their own role.
 */
export function roleInProject(actor: Pick<Actor, 'orgId' | 'role'>, project: ProjectAccessFacts, memberRole: ProjectRole | null): Role | null {
  if (project.orgId !== actor.orgId) return null;
  if (actor.role === 'admin' || actor.role === 'manager') return actor.role;
  if (actor.role === 'client') return memberRole === null ? null : 'client';
  if (memberRole !== null) return narrower(memberRole, actor.role);
  return project.access === 'organisation' ? actor.role : null;
}

/** A reviewer listed as annotator annotates there; an annotator listed as reviewer (not allowed) stays an annotator. */
function narrower(memberRole: ProjectRole, own: 'annotator' | 'reviewer'): Role {
  if (memberRole === 'reviewer' && own === 'reviewer') return 'reviewer';
  return 'annotator';
}

export interface ProjectSeen {
  project: ProjectRow;
  /** The role the actor has in this project (see {@link roleInProject}). */
  role: Role;
}

/**
 * The project with the actor's role in it, in one statement (the project row and the actor's membership row), or
 * undefined when it does not exist or the actor may not see it: the caller reports both as not found, so that a
 * project id tells nobody outside it that the project exists.
 */
export async function seeProject(db: Reader, actor: Actor, projectId: number): Promise<ProjectSeen | undefined> {
  const row = await db
    .selectFrom('projects as p')
    .leftJoin('project_members as pm', (j) => j.onRef('pm.project_id', '=', 'p.id').on('pm.user_id', '=', actor.userId))
    .selectAll('p')
    .select('pm.role as member_role')
    .where('p.id', '=', projectId)
    .executeTakeFirst();
  // A deleted project (soft deletion, projects/project-lifecycle.ts) is seen by nobody.
  if (!row || row.deleted_at !== null) return undefined;
  const { member_role: memberRole, ...project } = row;
  const role = roleInProject(actor, { orgId: project.org_id, access: project.access }, memberRole ?? null);
  return role === null ? undefined : { project, role };
}

/** The kinds of records that belong to one project and are named by an id in a route (`/api/lots/:lotId`). */
export type ProjectScopedKind = 'project' | 'assignment' | 'annotation' | 'task' | 'lot' | 'job' | 'media';

/**
 * The project a record belongs to, or undefined when there is no such record (or, for a job, when it is not a
 * project's job). Jobs say their project in `intake_jobs` (cleaning jobs) or in their payload (aggregation jobs).
 */
export async function projectIdOf(db: Reader, kind: ProjectScopedKind, id: number): Promise<number | undefined> {
  switch (kind) {
    case 'project':
      return id;
    case 'assignment':
      return (await db.selectFrom('assignments').select('project_id').where('id', '=', id).executeTakeFirst())?.project_id;
    case 'annotation':
      return (await db.selectFrom('annotations').select('project_id').where('id', '=', id).executeTakeFirst())?.project_id;
    case 'task':
      return (await db.selectFrom('tasks').select('project_id').where('id', '=', id).executeTakeFirst())?.project_id;
    case 'lot':
      return (await db.selectFrom('lots').select('project_id').where('id', '=', id).executeTakeFirst())?.project_id;
    case 'media':
      return (await db.selectFrom('media').select('project_id').where('id', '=', id).executeTakeFirst())?.project_id;
    case 'job': {
      const intake = await db.selectFrom('intake_jobs').select('project_id').where('job_id', '=', id).executeTakeFirst();
      if (intake) return intake.project_id;
      const job = await db.selectFrom('jobs').select('payload').where('id', '=', id).executeTakeFirst();
      if (!job) return undefined;
      try {
        const payload = JSON.parse(job.payload) as { projectId?: unknown };
        return typeof payload.projectId === 'number' ? payload.projectId : undefined;
      } catch {
        return undefined;
      }
    }
  }
}

/** The tables of records that carry their project's id, by kind. */
const RECORD_TABLES = { assignment: 'assignments', annotation: 'annotations', task: 'tasks', lot: 'lots', media: 'media' } as const;

/**
 * The actor's role in the project a record belongs to, or undefined when there is no such record or the actor may not
 * see its project (the HTTP check of every project route, server/src/http/project-scope.ts). For the records that
 * carry their project's id this is one statement (the record, its project and the actor's membership), so the
 * annotator loop's submit and heartbeat pay one small read for it.
 */
export async function roleForRecord(db: Reader, actor: Actor, kind: ProjectScopedKind, id: number): Promise<Role | undefined> {
  if (kind === 'project' || kind === 'job') {
    const projectId = await projectIdOf(db, kind, id);
    return projectId === undefined ? undefined : (await seeProject(db, actor, projectId))?.role;
  }
  const { rows } = await sql<{ org_id: number | string; access: ProjectAccess; deleted_at: number | string | null; member_role: ProjectRole | null }>`
    select p.org_id, p.access, p.deleted_at, pm.role as member_role
    from ${sql.table(RECORD_TABLES[kind])} r
    join projects p on p.id = r.project_id
    left join project_members pm on pm.project_id = p.id and pm.user_id = ${actor.userId}
    where r.id = ${id}`.execute(db);
  const row = rows[0];
  if (!row || row.deleted_at !== null) return undefined;
  return roleInProject(actor, { orgId: Number(row.org_id), access: row.access }, row.member_role) ?? undefined;
}
