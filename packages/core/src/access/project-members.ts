import { PROJECT_ACCESS, PROJECT_ROLES, type Database, type DialectName, type Kysely, type ProjectAccess, type ProjectRole, type Role, type Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';

/** One member of a project as the API shows it. */
export interface ProjectMemberView {
  userId: number;
  /** Null for a phone-only account. */
  email: string | null;
  phone: string | null;
  name: string;
  /** The user's role in the organisation. */
  role: Role;
  /** What they do in this project (never more than `role`). */
  projectRole: ProjectRole;
  disabled: boolean;
  addedAt: string;
}

export interface ProjectMembersView {
  access: ProjectAccess;
  members: ProjectMemberView[];
}

/** The project roles each organisation role may be given; managers and admins see every project and are not listed. */
const ROLES_IN_PROJECT: Record<Role, readonly ProjectRole[]> = {
  admin: [],
  manager: [],
  reviewer: ['reviewer', 'annotator'],
  annotator: ['annotator'],
  client: ['client'],
};

/** Users added in one request at most (a class or an agency at once). */
export const MAX_MEMBERS_PER_REQUEST = 1000;

/** The project's access setting and its members, by name. */
export async function listProjectMembers(ctx: Context, actor: Actor, projectId: number): Promise<ProjectMembersView> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const rows = await ctx.db.reader
    .selectFrom('project_members as pm')
    .innerJoin('users as u', 'u.id', 'pm.user_id')
    .select(['u.id', 'u.email', 'u.phone', 'u.name', 'u.role', 'u.disabled', 'pm.role as project_role', 'pm.created_at'])
    .where('pm.project_id', '=', projectId)
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
  return {
    access: project.access,
    members: rows.map((r) => ({
      userId: r.id,
      email: r.email,
      phone: r.phone,
      name: r.name,
      role: r.role,
      projectRole: r.project_role,
      disabled: r.disabled === 1,
      addedAt: new Date(r.created_at).toISOString(),
    })),
  };
}

export interface NewProjectMember {
  userId: number;
  /** Absent: the user's own role (annotator, reviewer or client). */
  projectRole?: ProjectRole | undefined;
}

/**
 * Adds users of the organisation to a project (or changes the role of those already in it), all or none: a user of
 * another organisation, a manager (who sees every project anyway) or a role their own does not allow is a 400
 * naming the entry, and nothing is added. Audited as one event.
 */
export async function addProjectMembers(ctx: Context, actor: Actor, projectId: number, entries: readonly NewProjectMember[]): Promise<ProjectMembersView> {
  await loadVisibleProject(ctx, actor, projectId);
  const wanted = await checkNewMembers(ctx.db.reader, actor, entries);
  const now = ctx.now();
  await ctx.db.write(async (trx) => writeProjectMembers(trx, ctx.db.dialect, actor, projectId, wanted, now));
  return listProjectMembers(ctx, actor, projectId);
}

/** Members checked by checkNewMembers: each user with the role they get in the project. */
export type CheckedMembers = ReadonlyMap<number, ProjectRole>;

/**
 * The members to add, checked against the organisation's users before anything is written (addProjectMembers, and
 * createProject's first members): errors name the entry (`members.3.userId`).
 */
export async function checkNewMembers(db: Kysely<Database>, actor: Actor, entries: readonly NewProjectMember[]): Promise<CheckedMembers> {
  if (entries.length === 0) throw invalid('no_members', 'members: name at least one user', { field: 'members' });
  if (entries.length > MAX_MEMBERS_PER_REQUEST) {
    throw invalid('too_many_members', `members: at most ${MAX_MEMBERS_PER_REQUEST} users per request`, { field: 'members', max: MAX_MEMBERS_PER_REQUEST });
  }
  const ids = [...new Set(entries.map((e) => e.userId))];
  const users = await db.selectFrom('users').select(['id', 'role']).where('id', 'in', ids).where('org_id', '=', actor.orgId).execute();
  const roleOf = new Map(users.map((u) => [u.id, u.role]));
  const wanted = new Map<number, ProjectRole>();
  entries.forEach((entry, index) => {
    const field = `members.${index}`;
    const own = roleOf.get(entry.userId);
    if (own === undefined) throw invalid('unknown_member', `${field}.userId: no user ${entry.userId} in your organisation`, { field: `${field}.userId`, userId: entry.userId });
    const allowed = ROLES_IN_PROJECT[own];
    if (allowed.length === 0) {
      throw invalid('member_sees_all', `${field}.userId: user ${entry.userId} is a ${own} and sees every project already`, { field: `${field}.userId`, userId: entry.userId, role: own });
    }
    const projectRole = entry.projectRole ?? allowed[0]!;
    if (!(PROJECT_ROLES as readonly string[]).includes(projectRole) || !allowed.includes(projectRole)) {
      throw invalid('invalid_project_role', `${field}.projectRole: a ${own} can be ${allowed.join(' or ')} in a project, not ${projectRole}`, {
        field: `${field}.projectRole`,
        role: own,
        allowed: [...allowed],
      });
    }
    wanted.set(entry.userId, projectRole);
  });
  return wanted;
}

/** Writes checked members into the project inside the caller's transaction, with their audit event. */
export async function writeProjectMembers(trx: Transaction<Database>, dialect: DialectName, actor: Actor, projectId: number, wanted: CheckedMembers, now: number): Promise<void> {
  for (const [userId, role] of wanted) {
    await trx
      .insertInto('project_members')
      .values({ project_id: projectId, user_id: userId, role, created_at: now })
      .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role }))
      .execute();
  }
  await appendAuditEvent(trx, dialect, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'project.members_added',
    entityType: 'project',
    entityId: projectId,
    data: { members: [...wanted].map(([userId, projectRole]) => ({ userId, projectRole })) },
    at: now,
  });
}

/** Takes users out of a project: from their next request on they no longer see it (unless it is open to the organisation). */
export async function removeProjectMembers(ctx: Context, actor: Actor, projectId: number, userIds: readonly number[]): Promise<ProjectMembersView> {
  await loadVisibleProject(ctx, actor, projectId);
  if (userIds.length === 0) throw invalid('no_members', 'userIds: name at least one user', { field: 'userIds' });
  const now = ctx.now();
  const removed = await ctx.db.write(async (trx) => {
    const present = await trx.selectFrom('project_members').select('user_id').where('project_id', '=', projectId).where('user_id', 'in', [...userIds]).execute();
    if (present.length === 0) return [];
    const ids = present.map((p) => p.user_id);
    await trx.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', 'in', ids).execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'project.members_removed',
      entityType: 'project',
      entityId: projectId,
      data: { userIds: ids },
      at: now,
    });
    return ids;
  });
  if (removed.length === 0 && userIds.length === 1) throw notFound('project_member', userIds[0]!);
  return listProjectMembers(ctx, actor, projectId);
}

/** Opens a project to its whole organisation or closes it to its members (audited). */
export async function setProjectAccess(ctx: Context, actor: Actor, projectId: number, access: string): Promise<ProjectMembersView> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const next = checkProjectAccess(access);
  if (next !== project.access) {
    const now = ctx.now();
    await ctx.db.write(async (trx) => {
      await trx.updateTable('projects').set({ access: next }).where('id', '=', projectId).execute();
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'project.access_changed',
        entityType: 'project',
        entityId: projectId,
        data: { before: project.access, after: next },
        at: now,
      });
    });
  }
  return listProjectMembers(ctx, actor, projectId);
}

/** The access setting named, or the 400 that lists the allowed ones. */
export function checkProjectAccess(access: unknown): ProjectAccess {
  if (typeof access !== 'string' || !(PROJECT_ACCESS as readonly string[]).includes(access)) {
    throw invalid('invalid_access', `access: one of ${PROJECT_ACCESS.join(', ')}; got ${JSON.stringify(access)}`, { field: 'access', allowed: [...PROJECT_ACCESS] });
  }
  return access as ProjectAccess;
}
