import { isUniqueViolation } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';

/** Teams (a school class, an agency, a shift) group workers; a project may accept only some teams. */
export async function createTeam(ctx: Context, actor: Actor, name: string) {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw invalid('invalid_name', 'name: 1 to 100 characters', { field: 'name', min: 1, max: 100 });
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const team = await trx
        .insertInto('teams')
        .values({ org_id: actor.orgId, name: trimmed, created_at: ctx.now() })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow();
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'team.created',
        entityType: 'team',
        entityId: team.id,
        data: { name: trimmed },
        at: ctx.now(),
      });
      return team;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('team_exists', `a team named "${trimmed}" already exists`, { field: 'name', name: trimmed });
    throw error;
  }
}

export async function listTeams(ctx: Context, actor: Actor) {
  const teams = await ctx.db.kysely.selectFrom('teams').select(['id', 'name']).where('org_id', '=', actor.orgId).orderBy('name').execute();
  const members = await ctx.db.kysely
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['team_members.team_id', 'team_members.user_id'])
    .where('teams.org_id', '=', actor.orgId)
    .execute();
  return teams.map((t) => ({ ...t, members: members.filter((m) => m.team_id === t.id).map((m) => m.user_id) }));
}

/**
 * Refuses an eligibility rule naming a team that is not the actor's organisation's (or does not exist): a project
 * can only be opened to its own organisation's teams. 400 naming the entry.
 */
export async function requireOwnTeams(ctx: Context, actor: Actor, teamIds: readonly number[], field: string): Promise<void> {
  if (teamIds.length === 0) return;
  const own = await ctx.db.kysely.selectFrom('teams').select('id').where('id', 'in', [...teamIds]).where('org_id', '=', actor.orgId).execute();
  const known = new Set(own.map((t) => t.id));
  const index = teamIds.findIndex((id) => !known.has(id));
  if (index >= 0) {
    throw invalid('invalid_policy', `${field}.${index}: no team ${teamIds[index]} in your organisation`, { field: `${field}.${index}`, teamId: teamIds[index] });
  }
}

async function userInOrg(ctx: Context, actor: Actor, userId: number) {
  const user = await ctx.db.kysely.selectFrom('users').select('id').where('id', '=', userId).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!user) throw notFound('user', userId);
}

/** Users added to or removed from a team in one request at most (a school class at once). */
export const MAX_TEAM_CHANGE = 1000;

async function ownTeam(ctx: Context, actor: Actor, teamId: number) {
  const team = await ctx.db.kysely.selectFrom('teams').select(['id', 'name']).where('id', '=', teamId).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!team) throw notFound('team', teamId);
  return team;
}

/** Checks a list of user ids: 1 to MAX_TEAM_CHANGE of them, each a user of the actor's organisation (400 naming the entry). */
async function ownUsers(ctx: Context, actor: Actor, userIds: readonly number[]): Promise<number[]> {
  if (userIds.length === 0) throw invalid('no_members', 'userIds: name at least one user', { field: 'userIds' });
  if (userIds.length > MAX_TEAM_CHANGE) throw invalid('too_many_members', `userIds: at most ${MAX_TEAM_CHANGE} users per request`, { field: 'userIds', max: MAX_TEAM_CHANGE });
  const unique = [...new Set(userIds)];
  const found = await ctx.db.kysely.selectFrom('users').select('id').where('id', 'in', unique).where('org_id', '=', actor.orgId).execute();
  const known = new Set(found.map((u) => u.id));
  const index = userIds.findIndex((id) => !known.has(id));
  if (index >= 0) {
    throw invalid('unknown_member', `userIds.${index}: no user ${userIds[index]} in your organisation`, { field: `userIds.${index}`, userId: userIds[index] });
  }
  return unique;
}

/** Adds one user to a team (kept for the API of before bulk changes). */
export async function addTeamMember(ctx: Context, actor: Actor, teamId: number, userId: number) {
  await ownTeam(ctx, actor, teamId);
  await userInOrg(ctx, actor, userId);
  await addTeamMembers(ctx, actor, teamId, [userId]);
}

/**
 * Adds users of the organisation to a team, all or none (a user of another organisation is a 400 naming the entry);
 * users already in it stay. Audited as one event with the users actually added. Returns the team's member ids.
 */
export async function addTeamMembers(ctx: Context, actor: Actor, teamId: number, userIds: readonly number[]): Promise<number[]> {
  await ownTeam(ctx, actor, teamId);
  const ids = await ownUsers(ctx, actor, userIds);
  const now = ctx.now();
  await ctx.db.write(async (trx) => {
    const present = new Set((await trx.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).where('user_id', 'in', ids).execute()).map((m) => m.user_id));
    const added = ids.filter((id) => !present.has(id));
    if (added.length === 0) return;
    await trx.insertInto('team_members').values(added.map((userId) => ({ team_id: teamId, user_id: userId, created_at: now }))).execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'team.members_added',
      entityType: 'team',
      entityId: teamId,
      data: { userIds: added },
      at: now,
    });
  });
  return teamMemberIds(ctx, teamId);
}

/** Takes users out of a team (audited); from the next claim on, a policy restricted to the team no longer lets them work. */
export async function removeTeamMembers(ctx: Context, actor: Actor, teamId: number, userIds: readonly number[]): Promise<number[]> {
  await ownTeam(ctx, actor, teamId);
  const ids = await ownUsers(ctx, actor, userIds);
  const now = ctx.now();
  await ctx.db.write(async (trx) => {
    const present = (await trx.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).where('user_id', 'in', ids).execute()).map((m) => m.user_id);
    if (present.length === 0) return;
    await trx.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', 'in', present).execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'team.members_removed',
      entityType: 'team',
      entityId: teamId,
      data: { userIds: present },
      at: now,
    });
  });
  return teamMemberIds(ctx, teamId);
}

async function teamMemberIds(ctx: Context, teamId: number): Promise<number[]> {
  const rows = await ctx.db.kysely.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/**
 * The users a manager can put in projects and teams: everyone of the organisation with their role, whether they are
 * disabled, their team ids and qualifications. (The users page, with its own filters, is access/people-*.)
 */
export async function listWorkforce(ctx: Context, actor: Actor) {
  const users = await ctx.db.kysely
    .selectFrom('users')
    .select(['id', 'email', 'phone', 'name', 'role', 'disabled'])
    .where('org_id', '=', actor.orgId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const teams = await ctx.db.kysely
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['team_members.team_id', 'team_members.user_id'])
    .where('teams.org_id', '=', actor.orgId)
    .execute();
  const qualifications = await ctx.db.kysely
    .selectFrom('qualifications')
    .innerJoin('users', 'users.id', 'qualifications.user_id')
    .select(['qualifications.user_id', 'qualifications.name'])
    .where('users.org_id', '=', actor.orgId)
    .execute();
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    phone: u.phone,
    name: u.name,
    role: u.role,
    disabled: u.disabled === 1,
    teams: teams.filter((t) => t.user_id === u.id).map((t) => t.team_id),
    qualifications: qualifications.filter((q) => q.user_id === u.id).map((q) => q.name),
  }));
}

/** Records that a worker holds a qualification (an exam passed, a course completed). */
export async function grantQualification(ctx: Context, actor: Actor, userId: number, name: string) {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw invalid('invalid_name', 'name: 1 to 100 characters', { field: 'name', min: 1, max: 100 });
  await userInOrg(ctx, actor, userId);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('qualifications')
      .values({ user_id: userId, name: trimmed, granted_by: actor.userId, granted_at: ctx.now() })
      .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
      .execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'qualification.granted',
      entityType: 'user',
      entityId: userId,
      data: { name: trimmed },
      at: ctx.now(),
    });
  });
}
