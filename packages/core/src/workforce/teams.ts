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

export async function addTeamMember(ctx: Context, actor: Actor, teamId: number, userId: number) {
  const team = await ctx.db.kysely.selectFrom('teams').select('id').where('id', '=', teamId).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!team) throw notFound('team', teamId);
  await userInOrg(ctx, actor, userId);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('team_members')
      .values({ team_id: teamId, user_id: userId, created_at: ctx.now() })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
      .execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'team.member_added',
      entityType: 'team',
      entityId: teamId,
      data: { userId },
      at: ctx.now(),
    });
  });
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
