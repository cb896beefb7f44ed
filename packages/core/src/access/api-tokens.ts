import type { ApiTokenView } from '@biaozhu/contract';
import { isUniqueViolation, type Database, type Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { DomainError, notFound } from '../errors.js';
import { loadOrgUser } from './org-user.js';
import { isAllowed } from './policy.js';
import { hashSecret, newSecret } from './secrets.js';


/**
 * Creates an API token for a user (named by email from the CLI, by id over the API, where a phone-only account has
 * no email) and returns it; only its hash is kept, so it is shown this once. `actorId` is who asked (the user
 * themselves over the API; null from the CLI), for the audit log.
 */
export async function createApiToken(ctx: Context, who: string | { userId: number }, name = 'cli', actorId: number | null = null): Promise<string> {
  const query = ctx.db.kysely.selectFrom('users').select(['id', 'org_id']);
  const user = await (typeof who === 'string' ? query.where('email', '=', who.trim().toLowerCase()) : query.where('id', '=', who.userId)).executeTakeFirst();
  if (!user) throw notFound('user', typeof who === 'string' ? who : who.userId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = `bz_${newSecret(24)}`;
    try {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('api_tokens')
          .values({ user_id: user.id, token_hash: hashSecret(token), name, created_at: ctx.now(), last_used_at: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await auditToken(trx, ctx, { orgId: user.org_id, actorId, tokenId: row.id, action: 'token.created', data: { userId: user.id, name } });
      });
      return token;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new DomainError('conflict', 'token_collision', 'could not create a unique token; try again');
}

/** A user's API tokens, newest first, revoked ones included. Anyone may list their own; admins those of their organisation. */
export async function listApiTokens(ctx: Context, actor: Actor, userId: number): Promise<ApiTokenView[]> {
  if (userId !== actor.userId) {
    if (!isAllowed(actor.role, 'user.manage')) throw notFound('user', userId);
    await loadOrgUser(ctx.db.kysely, actor, userId);
  }
  const rows = await ctx.db.kysely
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toView);
}

/**
 * Revokes a token: it is refused from the next request on, and stays listed with its `last_used_at`. Anyone may
 * revoke their own; admins any of their organisation. Revoking a revoked token changes nothing.
 */
export async function revokeApiToken(ctx: Context, actor: Actor, tokenId: number): Promise<ApiTokenView> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.name', 'api_tokens.created_at', 'api_tokens.last_used_at', 'api_tokens.revoked_at', 'users.org_id'])
      .where('api_tokens.id', '=', tokenId)
      .executeTakeFirst();
    const visible = row && (row.user_id === actor.userId || (isAllowed(actor.role, 'user.manage') && row.org_id === actor.orgId));
    if (!row || !visible) throw notFound('api_token', tokenId);
    if (row.revoked_at !== null) return toView(row);
    const now = ctx.now();
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).execute();
    await auditToken(trx, ctx, { orgId: row.org_id, actorId: actor.userId, tokenId, action: 'token.revoked', data: { userId: row.user_id, name: row.name } });
    return toView({ ...row, revoked_at: now });
  });
}

function toView(row: { id: number; user_id: number; name: string; created_at: number; last_used_at: number | null; revoked_at: number | null }): ApiTokenView {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return { id: row.id, userId: row.user_id, name: row.name, createdAt: new Date(row.created_at).toISOString(), lastUsedAt: iso(row.last_used_at), revokedAt: iso(row.revoked_at) };
}

function auditToken(
  trx: Transaction<Database>,
  ctx: Context,
  event: { orgId: number; actorId: number | null; tokenId: number; action: string; data: Record<string, unknown> },
): Promise<void> {
  return appendAuditEvent(trx, ctx.db.dialect, {
    orgId: event.orgId,
    actorId: event.actorId,
    action: event.action,
    entityType: 'api_token',
    entityId: event.tokenId,
    data: event.data,
    at: ctx.now(),
  });
}
