import type { Context } from '../context.js';
import { DomainError } from '../errors.js';
import { verifyPassword } from './password.js';
import { hashSecret, newSecret } from './secrets.js';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** Failed logins allowed per email within the window before further attempts are refused. */
export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
  user: { id: number; email: string; name: string; role: string };
}

/**
 * Checks email and password and opens a session. Failures are counted in the database per email and per client
 * address (so the limit holds across server processes); past the limit the caller gets a 429 until the window ends.
 */
export async function login(ctx: Context, email: string, password: string, clientAddress: string): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const keys = [`email:${normalized}`, `ip:${clientAddress}`];
  const now = ctx.now();
  const failures = await ctx.db.kysely.selectFrom('login_failures').selectAll().where('key', 'in', keys).execute();
  for (const f of failures) {
    if (now - f.window_start < LOGIN_WINDOW_MS && f.count >= LOGIN_MAX_FAILURES * (f.key.startsWith('ip:') ? 5 : 1)) {
      const retryAfterSeconds = Math.ceil((f.window_start + LOGIN_WINDOW_MS - now) / 1000);
      throw new DomainError('rate_limited', 'too_many_login_attempts', 'too many failed logins; try again in 15 minutes', {
        retryAfterSeconds,
        retryAfterMinutes: Math.ceil(retryAfterSeconds / 60),
      });
    }
  }
  const user = await ctx.db.kysely.selectFrom('users').selectAll().where('email', '=', normalized).executeTakeFirst();
  const ok = user !== undefined && user.disabled === 0 && (await verifyPassword(password, user.password_hash));
  if (!ok || !user) {
    await recordFailure(ctx, keys, now);
    throw new DomainError('unauthenticated', 'invalid_credentials', 'wrong email or password');
  }
  await ctx.db.kysely.deleteFrom('login_failures').where('key', '=', `email:${normalized}`).execute();
  const sessionToken = newSecret();
  const csrfToken = newSecret(24);
  const expiresAt = now + SESSION_TTL_MS;
  await ctx.db.kysely
    .insertInto('sessions')
    .values({ id: hashSecret(sessionToken), user_id: user.id, csrf_token: csrfToken, created_at: now, expires_at: expiresAt })
    .execute();
  return { sessionToken, csrfToken, expiresAt, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

async function recordFailure(ctx: Context, keys: string[], now: number): Promise<void> {
  for (const key of keys) {
    await ctx.db.kysely
      .insertInto('login_failures')
      .values({ key, window_start: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          // A new window starts when the old one is over; otherwise the count grows.
          count: eb
            .case()
            .when('login_failures.window_start', '<', now - LOGIN_WINDOW_MS)
            .then(1)
            .else(eb('login_failures.count', '+', 1))
            .end(),
          window_start: eb
            .case()
            .when('login_failures.window_start', '<', now - LOGIN_WINDOW_MS)
            .then(now)
            .else(eb.ref('login_failures.window_start'))
            .end(),
        })),
      )
      .execute();
  }
}

export async function logout(ctx: Context, sessionToken: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('sessions').where('id', '=', hashSecret(sessionToken)).execute();
}
