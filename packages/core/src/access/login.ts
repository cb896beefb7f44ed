import type { Context } from '../context.js';
import { DomainError, forbidden } from '../errors.js';
import { chargeLoginAttempt, clearLoginAttempt, purgeStaleThrottles } from './login-throttle.js';
import { auditUserEvent } from './org-user.js';
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from './password.js';
import { hashSecret, newSecret } from './secrets.js';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
  user: { id: number; email: string; name: string; role: string; mustChangePassword: boolean };
}

/**
 * Checks email and password and opens a session.
 *
 * Every attempt is counted before its password is checked, per (account, client address) pair and per address
 * (login-throttle.ts); past the free attempts the caller waits a time that doubles, with a 429. An unknown email costs
 * the same scrypt work as a known one and gets the same answer. A hash of an older cost is rehashed after a success.
 * Successes and failures of known accounts are written to the audit log.
 */
export async function login(ctx: Context, email: string, password: string, clientAddress: string): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const now = ctx.now();
  await chargeLoginAttempt(ctx.db.kysely, normalized, clientAddress, now);
  const user = await ctx.db.kysely
    .selectFrom('users')
    .select(['id', 'org_id', 'email', 'name', 'role', 'password_hash', 'disabled', 'must_change_password'])
    .where('email', '=', normalized)
    .executeTakeFirst();
  const passwordOk = user ? await verifyPassword(password, user.password_hash) : await verifyDummyPassword(password);
  if (!user || !passwordOk || user.disabled) {
    if (user) {
      const reason = passwordOk ? 'disabled' : 'wrong_password';
      await ctx.db.kysely
        .transaction()
        .execute((trx) => auditUserEvent(trx, ctx, { orgId: user.org_id, actorId: null, userId: user.id, action: 'user.login_failed', data: { address: clientAddress, reason } }));
    }
    // Only someone who knows the password learns that the account is disabled.
    if (user && passwordOk) throw forbidden('account_disabled', 'this account is disabled; ask an administrator');
    throw new DomainError('unauthenticated', 'invalid_credentials', 'wrong email or password');
  }
  const rehashed = needsRehash(user.password_hash) ? await hashPassword(password) : undefined;
  const sessionToken = newSecret();
  const csrfToken = newSecret(24);
  const expiresAt = now + SESSION_TTL_MS;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await clearLoginAttempt(trx, normalized, clientAddress);
    await purgeStaleThrottles(trx, now);
    if (rehashed) {
      // Only over the hash that was checked: a password changed meanwhile is not overwritten.
      await trx.updateTable('users').set({ password_hash: rehashed }).where('id', '=', user.id).where('password_hash', '=', user.password_hash).execute();
    }
    await trx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
    await trx.insertInto('sessions').values({ id: hashSecret(sessionToken), user_id: user.id, csrf_token: csrfToken, created_at: now, expires_at: expiresAt }).execute();
    await auditUserEvent(trx, ctx, {
      orgId: user.org_id,
      actorId: user.id,
      userId: user.id,
      action: 'user.login',
      data: { address: clientAddress, ...(rehashed ? { rehashed: true } : {}) },
    });
  });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword: user.must_change_password === 1 },
  };
}

/** Ends the session of this cookie (nothing happens for an unknown one). */
export async function logout(ctx: Context, sessionToken: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('sessions').where('id', '=', hashSecret(sessionToken)).execute();
}
