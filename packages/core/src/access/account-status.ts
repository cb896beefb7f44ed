import { advisoryXactLock } from '../advisory-locks.js';
import type { Actor, Context } from '../context.js';
import { conflict } from '../errors.js';
import { auditUserEvent, deleteSessions, loadOrgUser } from './org-user.js';
import { checkManagerReach } from './people-rules.js';

export interface AccountStatus {
  userId: number;
  disabled: boolean;
  /** Sessions ended by this change. */
  sessionsEnded: number;
}

/**
 * Disables a user of the actor's organisation: their sessions are deleted and their API tokens refused from the next
 * request on (the auth hook reads `disabled` on every request), until an admin enables them again. An admin cannot
 * disable themselves nor the organisation's last enabled admin, so an organisation always has a way back in.
 */
export async function disableUser(ctx: Context, actor: Actor, userId: number): Promise<AccountStatus> {
  if (userId === actor.userId) throw conflict('cannot_disable_self', 'you cannot disable your own account; ask another admin');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    // The organisation's audit-chain lock (the audit event below takes it anyway) serialises this check on
    // PostgreSQL, so two admins disabling each other at once cannot leave the organisation without one.
    await advisoryXactLock(trx, ctx.db.dialect, 'auditChain', actor.orgId);
    const user = await loadOrgUser(trx, actor, userId);
    checkManagerReach(actor, user);
    if (user.role === 'admin' && !user.disabled) {
      const admins = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', user.org_id)
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1) throw conflict('last_admin', `${user.email} is the last enabled admin of the organisation`, { userId });
    }
    await trx.updateTable('users').set({ disabled: 1 }).where('id', '=', userId).execute();
    const sessionsEnded = await deleteSessions(trx, userId);
    if (!user.disabled) await auditUserEvent(trx, ctx, { orgId: user.org_id, actorId: actor.userId, userId, action: 'user.disabled', data: { sessionsEnded } });
    return { userId, disabled: true, sessionsEnded };
  });
}

/** Enables a disabled user again: they can log in, and API tokens they had and that were not revoked work again. */
export async function enableUser(ctx: Context, actor: Actor, userId: number): Promise<AccountStatus> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const user = await loadOrgUser(trx, actor, userId);
    checkManagerReach(actor, user);
    await trx.updateTable('users').set({ disabled: 0 }).where('id', '=', userId).execute();
    if (user.disabled) await auditUserEvent(trx, ctx, { orgId: user.org_id, actorId: actor.userId, userId, action: 'user.enabled' });
    return { userId, disabled: false, sessionsEnded: 0 };
  });
}
