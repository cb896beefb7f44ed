import type { Actor, Context } from '../context.js';
import { conflict, DomainError } from '../errors.js';
import { loadOwnAssignment } from './own-assignment.js';

/** Extends a live lease by the project's lease time. An expired lease cannot be revived: 410 `lease_expired`. */
export async function heartbeat(ctx: Context, actor: Actor, assignmentId: number): Promise<{ expiresAt: string }> {
  const a = await loadOwnAssignment(ctx.db.kysely, actor, assignmentId);
  const now = ctx.now();
  const project = await ctx.db.kysely.selectFrom('projects').select('lease_ttl_seconds').where('id', '=', a.project_id).executeTakeFirstOrThrow();
  const expiresAt = now + project.lease_ttl_seconds * 1000;
  const updated = await ctx.db.kysely
    .updateTable('assignments')
    .set({ expires_at: expiresAt })
    .where('id', '=', assignmentId)
    .where('status', '=', 'leased')
    .where('expires_at', '>=', now)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) return { expiresAt: new Date(expiresAt).toISOString() };
  if (a.status === 'leased' || a.status === 'expired') {
    throw new DomainError('gone', 'lease_expired', `the lease on assignment ${assignmentId} expired; you may still submit while the task needs answers`);
  }
  throw conflict(`assignment_${a.status}`, `assignment ${assignmentId} is already ${a.status}`);
}

/**
 * Gives a task back without answering. The worker will not be offered it again; its slot returns to the pool.
 * Skipping an assignment that already expired changes nothing and succeeds, so a retried skip is harmless.
 */
export async function skipAssignment(ctx: Context, actor: Actor, assignmentId: number): Promise<{ status: 'skipped' | 'expired' }> {
  const a = await loadOwnAssignment(ctx.db.kysely, actor, assignmentId);
  const now = ctx.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('assignments')
      .set({ status: 'skipped', finished_at: now })
      .where('id', '=', assignmentId)
      .where('status', '=', 'leased')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) {
      await trx
        .updateTable('tasks')
        .set((eb) => ({ slots_used: eb('slots_used', '-', 1) }))
        .where('id', '=', a.task_id)
        .execute();
      return { status: 'skipped' as const };
    }
    const current = await trx.selectFrom('assignments').select('status').where('id', '=', assignmentId).executeTakeFirstOrThrow();
    if (current.status === 'skipped') return { status: 'skipped' as const };
    if (current.status === 'expired') return { status: 'expired' as const };
    throw conflict('already_submitted', `assignment ${assignmentId} already has an answer and cannot be skipped`);
  });
}
