import type { Context } from '../context.js';
import { conflict, DomainError, forbidden } from '../errors.js';
import { chargeLoginAttempt, clearLoginAttempt, purgeStaleThrottles } from './login-throttle.js';
import { readLoginName } from './login-name.js';
import { auditUserEvent } from './org-user.js';
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from './password.js';
import { hashSecret, newSecret } from './secrets.js';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
  user: { id: number; email: string | null; phone: string | null; name: string; role: string; mustChangePassword: boolean };
}

const wrongCredentials = () => new DomainError('unauthenticated', 'invalid_credentials', 'wrong email, phone number or password');

/**
 * Checks a login name (an email or a phone number, login-name.ts) and a password and opens a session.
 *
 * Every attempt is counted before its password is checked, per (login name, client address) pair and per address
 * (login-throttle.ts); past the free attempts the caller waits a time that doubles, with a 429. An unknown name costs
 * the same scrypt work as a known one and gets the same answer. A hash of an older cost is rehashed after a success.
 * Successes and failures of known accounts are written to the audit log.
 *
 * An email names at most one account (unique across the installation); a phone number is unique only within an
 * organisation, so it may name accounts in several. Then the password decides, never the order of rows: the
 * password is checked against each of them, and exactly one enabled account must accept it. When more than one
 * does, the login is refused (409 `ambiguous_login`, told only to someone who knows such a password) and the person
 * logs in by email or asks an administrator of one organisation to reset that password (docs/security.md).
 */
export async function login(ctx: Context, loginName: string, password: string, clientAddress: string): Promise<LoginResult> {
  const name = readLoginName(loginName);
  const normalized = name.value;
  const now = ctx.now();
  await chargeLoginAttempt(ctx.db.kysely, normalized, clientAddress, now);
  const candidates = await ctx.db.kysely
    .selectFrom('users')
    .select(['id', 'org_id', 'email', 'phone', 'name', 'role', 'password_hash', 'disabled', 'must_change_password'])
    .where(name.kind, '=', normalized)
    .orderBy('id')
    .execute();
  if (candidates.length === 0) {
    await verifyDummyPassword(password);
    throw wrongCredentials();
  }
  const accepted: typeof candidates = [];
  for (const candidate of candidates) if (await verifyPassword(password, candidate.password_hash)) accepted.push(candidate);
  const enabled = accepted.filter((u) => !u.disabled);
  const auditFailure = (users: typeof candidates, reason: string) =>
    ctx.db.kysely.transaction().execute(async (trx) => {
      for (const u of users) {
        await auditUserEvent(trx, ctx, { orgId: u.org_id, actorId: null, userId: u.id, action: 'user.login_failed', data: { address: clientAddress, reason, via: name.kind } });
      }
    });
  if (accepted.length === 0) {
    await auditFailure(candidates, 'wrong_password');
    throw wrongCredentials();
  }
  if (enabled.length === 0) {
    await auditFailure(accepted, 'disabled');
    // Only someone who knows the password learns that the account is disabled.
    throw forbidden('account_disabled', 'this account is disabled; ask an administrator');
  }
  if (enabled.length > 1) {
    await auditFailure(enabled, 'ambiguous_phone');
    throw conflict(
      'ambiguous_login',
      `this phone number and password open accounts in ${enabled.length} organisations; log in with your email, or ask an administrator to reset one of the passwords`,
      { field: 'login', organisations: enabled.length },
    );
  }
  const user = enabled[0]!;
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
      data: { address: clientAddress, via: name.kind, ...(rehashed ? { rehashed: true } : {}) },
    });
  });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    user: { id: user.id, email: user.email, phone: user.phone, name: user.name, role: user.role, mustChangePassword: user.must_change_password === 1 },
  };
}

/** Ends the session of this cookie (nothing happens for an unknown one). */
export async function logout(ctx: Context, sessionToken: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('sessions').where('id', '=', hashSecret(sessionToken)).execute();
}
