import type { Database, Transaction } from '@biaozhu/storage';

/**
 * Returns the tasks of leases that ran out to the pool: the lease becomes `expired` and frees its slot. The status
 * check in the UPDATE is what keeps this from racing a late submit: whichever of the two changes the row first wins,
 * and the other sees the new status (see submit-annotation.ts).
 */
export async function expireLeases(trx: Transaction<Database>, now: number, projectId?: number): Promise<number> {
  let query = trx
    .updateTable('assignments')
    .set({ status: 'expired', finished_at: now })
    .where('status', '=', 'leased')
    .where('expires_at', '<', now);
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  const expired = await query.returning('task_id').execute();
  for (const { task_id } of expired) {
    await trx
      .updateTable('tasks')
      .set((eb) => ({ slots_used: eb('slots_used', '-', 1) }))
      .where('id', '=', task_id)
      .execute();
  }
  return expired.length;
}
