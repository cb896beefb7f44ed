import { sql, type Database, type DialectName, type Transaction } from '@biaozhu/storage';

/** At most this many leases are expired by one call; the next claim or the sweeper takes the rest. */
export const EXPIRE_BATCH = 200;

/**
 * Returns the tasks of leases that ran out to the pool: the lease becomes `expired` and frees its slot. The status
 * check in the UPDATE is what keeps this from racing a late submit: whichever of the two changes the row first wins,
 * and the other sees the new status (see submit-annotation.ts).
 *
 * On PostgreSQL it is the SQL function `bz_expire_leases`, also called inside the claim statement. Concurrent callers
 * must not deadlock there: each takes a disjoint set of expired leases (FOR UPDATE SKIP LOCKED, in id order) and
 * then lowers the task counters in task-id order, so two expiries never lock the same rows in opposite orders. On
 * SQLite writers are serialised, so the plain statements below need no such care.
 */
export async function expireLeases(trx: Transaction<Database>, now: number, projectId?: number, dialect: DialectName = 'sqlite'): Promise<number> {
  if (dialect === 'postgres') {
    // The same steps as below as one SQL function (storage migration 0005), shared with the claim statement.
    const result = await sql<{ n: number }>`select bz_expire_leases(${projectId ?? null}::bigint, ${now}::bigint, ${EXPIRE_BATCH}::integer) as n`.execute(trx);
    return Number(result.rows[0]?.n ?? 0);
  }
  let candidates = trx
    .selectFrom('assignments')
    .select('id')
    .where('status', '=', 'leased')
    .where('expires_at', '<', now)
    .orderBy('id')
    .limit(EXPIRE_BATCH);
  if (projectId !== undefined) candidates = candidates.where('project_id', '=', projectId);
  const expired = await trx
    .updateTable('assignments')
    .set({ status: 'expired', finished_at: now })
    .where('id', 'in', candidates)
    .where('status', '=', 'leased')
    .returning('task_id')
    .execute();
  const byTask = new Map<number, number>();
  for (const { task_id } of expired) byTask.set(task_id, (byTask.get(task_id) ?? 0) + 1);
  for (const taskId of [...byTask.keys()].sort((a, b) => a - b)) {
    const n = byTask.get(taskId) ?? 0;
    await trx
      .updateTable('tasks')
      .set((eb) => ({ slots_used: eb('slots_used', '-', n) }))
      .where('id', '=', taskId)
      .execute();
  }
  return expired.length;
}
