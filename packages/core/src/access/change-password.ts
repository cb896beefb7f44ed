import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { accountLoginName } from './login-name.js';
import { chargeLoginAttempt, clearLoginAttempt } from './login-throttle.js';
import { auditUserEvent, deleteSessions } from './org-user.js';
import { hashPassword, verifyPassword } from './password.js';
import { checkNewPassword } from './password-rules.js';
import { hashSecret } from './secrets.js';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * Changes the actor's own password, which needs the current one. A wrong current password counts as a failed login
 * of the same (account, address) pair, so a stolen session cannot be used to guess the password faster than the
 * login form. Every other session of the user ends; the one that made the change (`keepSessionToken`) stays. API
 * tokens stay valid: revoke them separately.
 */
export async function changeOwnPassword(
  ctx: Context,
  actor: Actor,
  change: PasswordChange,
  clientAddress: string,
  keepSessionToken?: string,
): Promise<{ sessionsEnded: number }> {
  const user = await ctx.db.kysely.selectFrom('users').select(['id', 'org_id', 'email', 'phone', 'password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const throttled = accountLoginName(user);
  await chargeLoginAttempt(ctx.db.kysely, throttled, clientAddress, ctx.now());
  if (!(await verifyPassword(change.currentPassword, user.password_hash))) {
    throw invalid('wrong_password', 'currentPassword: the current password is wrong', { field: 'currentPassword' });
  }
  checkNewPassword(change.newPassword, 'newPassword');
  if (change.newPassword === change.currentPassword) {
    throw invalid('same_password', 'newPassword: choose a password different from the current one', { field: 'newPassword' });
  }
  const hash = await hashPassword(change.newPassword);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: 0 }).where('id', '=', user.id).execute();
    await clearLoginAttempt(trx, throttled, clientAddress);
    const sessionsEnded = await deleteSessions(trx, user.id, keepSessionToken ? hashSecret(keepSessionToken) : undefined);
    await auditUserEvent(trx, ctx, { orgId: user.org_id, actorId: actor.userId, userId: user.id, action: 'user.password_changed', data: { sessionsEnded } });
    return { sessionsEnded };
  });
}
