import type { Actor, Context } from '../context.js';
import { auditUserEvent, deleteSessions, loadOrgUser } from './org-user.js';
import { checkManagerReach } from './people-rules.js';

/**
 * Ends every session of a user of the actor's organisation (a lost laptop, a shared computer): each browser must log
 * in again. API tokens are not sessions; revoke them separately.
 */
export async function endUserSessions(ctx: Context, actor: Actor, userId: number): Promise<{ userId: number; sessionsEnded: number }> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const user = await loadOrgUser(trx, actor, userId);
    checkManagerReach(actor, user);
    const sessionsEnded = await deleteSessions(trx, userId);
    await auditUserEvent(trx, ctx, { orgId: user.org_id, actorId: actor.userId, userId, action: 'user.sessions_ended', data: { sessionsEnded } });
    return { userId, sessionsEnded };
  });
}
