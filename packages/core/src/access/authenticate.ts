import { isUniqueViolation } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { DomainError, notFound } from '../errors.js';
import { hashSecret, newSecret } from './secrets.js';

export interface SessionActor extends Actor {
  csrfToken: string;
  name: string;
}

/** The actor behind a session cookie, or undefined when the session is unknown or over. */
export async function actorFromSession(ctx: Context, sessionToken: string): Promise<SessionActor | undefined> {
  const row = await ctx.db.reader
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.org_id', 'users.role', 'users.email', 'users.name', 'users.disabled', 'sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.id', '=', hashSecret(sessionToken))
    .executeTakeFirst();
  if (!row || row.expires_at < ctx.now() || row.disabled) return undefined;
  return { userId: row.id, orgId: row.org_id, role: row.role, email: row.email, name: row.name, csrfToken: row.csrf_token };
}

/** The actor behind an API token, or undefined. */
export async function actorFromApiToken(ctx: Context, token: string): Promise<Actor | undefined> {
  const row = await ctx.db.reader
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.org_id', 'users.role', 'users.email', 'users.disabled'])
    .where('api_tokens.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.disabled) return undefined;
  return { userId: row.id, orgId: row.org_id, role: row.role, email: row.email };
}

/** Creates an API token for a user and returns it; only its hash is kept, so it is shown this once. */
export async function createApiToken(ctx: Context, email: string, name = 'cli'): Promise<string> {
  const user = await ctx.db.kysely.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw notFound('user', email);
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = `bz_${newSecret(24)}`;
    try {
      await ctx.db.kysely
        .insertInto('api_tokens')
        .values({ user_id: user.id, token_hash: hashSecret(token), name, created_at: ctx.now(), last_used_at: null })
        .execute();
      return token;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new DomainError('conflict', 'token_collision', 'could not create a unique token; try again');
}
