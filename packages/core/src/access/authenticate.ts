import type { Actor, Context } from '../context.js';
import { hashSecret } from './secrets.js';

export interface SessionActor extends Actor {
  csrfToken: string;
  name: string;
  /** Set after a password reset or with an initial password: the session may only change the password or log out. */
  mustChangePassword: boolean;
}

/**
 * How stale `api_tokens.last_used_at` may get: it is written at most this often per token, so a busy token costs
 * one write a minute rather than one per request.
 */
export const TOKEN_LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The actor behind a session cookie, or undefined when the session is unknown, over, or its user is disabled. Read
 * on every request, so disabling a user or ending their sessions takes effect on their next request.
 */
export async function actorFromSession(ctx: Context, sessionToken: string): Promise<SessionActor | undefined> {
  const row = await ctx.db.reader
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.org_id', 'users.role', 'users.email', 'users.name', 'users.disabled', 'users.must_change_password', 'sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.id', '=', hashSecret(sessionToken))
    .executeTakeFirst();
  if (!row || row.expires_at < ctx.now() || row.disabled) return undefined;
  return { userId: row.id, orgId: row.org_id, role: row.role, email: row.email, name: row.name, csrfToken: row.csrf_token, mustChangePassword: row.must_change_password === 1 };
}

/**
 * The actor behind an API token, or undefined when the token is unknown, revoked, or its user disabled (checked on
 * every request). Keeps `last_used_at` to the minute.
 */
export async function actorFromApiToken(ctx: Context, token: string): Promise<Actor | undefined> {
  const row = await ctx.db.reader
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.org_id', 'users.role', 'users.email', 'users.disabled', 'api_tokens.id as token_id', 'api_tokens.last_used_at', 'api_tokens.revoked_at'])
    .where('api_tokens.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.disabled || row.revoked_at !== null) return undefined;
  const now = ctx.now();
  const staleBefore = now - TOKEN_LAST_USED_RESOLUTION_MS;
  if (row.last_used_at === null || row.last_used_at <= staleBefore) {
    // Through the hot-path writer (group commit on SQLite); the condition keeps concurrent requests to one write.
    await ctx.db.write((trx) =>
      trx
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('id', '=', row.token_id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', staleBefore)]))
        .execute(),
    );
  }
  return { userId: row.id, orgId: row.org_id, role: row.role, email: row.email };
}
