import { ROLES, type Role } from '@biaozhu/storage';
import { advisoryXactLock } from '../advisory-locks.js';
import type { Actor, Context } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { auditUserEvent, loadOrgUser } from './org-user.js';
import { checkManagerReach } from './people-rules.js';

/**
 * Changes a user's role in the actor's organisation. Managers may not make admins nor change an admin
 * (people-rules.ts); the organisation's last enabled admin keeps the role, as with disabling (account-status.ts), so
 * an organisation always has a way back in. Takes effect on the user's next request (the role is read every time).
 */
export async function changeRole(ctx: Context, actor: Actor, userId: number, role: string): Promise<{ userId: number; role: Role; previous: Role }> {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw invalid('invalid_role', `role must be one of ${ROLES.join(', ')}; got "${role}"`, { field: 'role', role, allowed: [...ROLES] });
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    // The same lock as disableUser: two admins demoting each other at once cannot leave the organisation without one.
    await advisoryXactLock(trx, ctx.db.dialect, 'auditChain', actor.orgId);
    const user = await loadOrgUser(trx, actor, userId);
    checkManagerReach(actor, user, role);
    const previous = user.role as Role;
    if (previous === role) return { userId, role: previous, previous };
    if (previous === 'admin' && !user.disabled) {
      const admins = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', user.org_id)
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1) throw conflict('last_admin', `${user.email} is the last enabled admin of the organisation`, { userId, field: 'role' });
    }
    await trx.updateTable('users').set({ role: role as Role }).where('id', '=', userId).execute();
    await auditUserEvent(trx, ctx, { orgId: user.org_id, actorId: actor.userId, userId, action: 'user.role_changed', data: { from: previous, to: role } });
    return { userId, role: role as Role, previous };
  });
}
