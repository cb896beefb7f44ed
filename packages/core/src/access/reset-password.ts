import type { Actor, Context } from '../context.js';
import { clearAccountThrottles } from './login-throttle.js';
import { closeInvites } from './invites.js';
import { auditUserEvent, deleteSessions, loadOrgUser } from './org-user.js';
import { checkManagerReach } from './people-rules.js';
import { hashPassword } from './password.js';
import { checkNewPassword } from './password-rules.js';
import { newInitialPassword } from './secrets.js';

export interface PasswordReset {
  userId: number;
  /** The new password; shown once when it was generated here. */
  password: string;
  generated: boolean;
  sessionsEnded: number;
}

/**
 * An admin sets a new password for a user of their organisation: the given one, or a random one that is returned
 * once. The user's sessions end, their login waits are lifted, and `must_change_password` is set so that the user
 * must choose their own before doing anything else (the server refuses other requests of such a session, and the
 * web app shows only the change-password page). Open invitations of the user end. The password is never written to the
 * audit log.
 */
export async function resetPassword(ctx: Context, actor: Actor, userId: number, password?: string): Promise<PasswordReset> {
  const generated = password === undefined;
  const next = password ?? newInitialPassword();
  checkNewPassword(next);
  const hash = await hashPassword(next);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const user = await loadOrgUser(trx, actor, userId);
    checkManagerReach(actor, user);
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: 1 }).where('id', '=', userId).execute();
    // The admin chose the password way in: an invitation still open would be a second one.
    await closeInvites(trx, userId, ctx.now());
    await clearAccountThrottles(trx, user);
    const sessionsEnded = await deleteSessions(trx, userId);
    await auditUserEvent(trx, ctx, { orgId: user.org_id, actorId: actor.userId, userId, action: 'user.password_reset', data: { generated, sessionsEnded } });
    return { userId, password: next, generated, sessionsEnded };
  });
}
