import type { Database, Kysely, Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { notFound } from '../errors.js';

/** The columns account use cases read about a user. */
export interface OrgUser {
  id: number;
  org_id: number;
  email: string | null;
  phone: string | null;
  role: string;
  disabled: number;
}

/**
 * A user of the actor's organisation, or `user_not_found`: a user of another organisation is not visible, so an id
 * from there answers exactly like an id that does not exist.
 */
export async function loadOrgUser(db: Kysely<Database> | Transaction<Database>, actor: Actor, userId: number): Promise<OrgUser> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'org_id', 'email', 'phone', 'role', 'disabled'])
    .where('id', '=', userId)
    .where('org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!user) throw notFound('user', userId);
  return user;
}

/** Deletes a user's sessions (but the one whose hash is `keepSessionId`) and says how many ended. */
export async function deleteSessions(trx: Transaction<Database>, userId: number, keepSessionId?: string): Promise<number> {
  let query = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Appends an audit event about a user account, in the caller's transaction. */
export function auditUserEvent(
  trx: Transaction<Database>,
  ctx: Context,
  event: { orgId: number; actorId: number | null; userId: number; action: string; data?: Record<string, unknown> },
): Promise<void> {
  return appendAuditEvent(trx, ctx.db.dialect, {
    orgId: event.orgId,
    actorId: event.actorId,
    action: event.action,
    entityType: 'user',
    entityId: event.userId,
    data: event.data ?? {},
    at: ctx.now(),
  });
}
