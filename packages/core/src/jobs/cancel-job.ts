import type { Database, Kysely, Transaction } from '@biaozhu/storage';

/**
 * Marks a queued or running job cancelled and drops its lock; the runner working on it sees the status at its next
 * heartbeat and aborts the handler's signal (job-runner.ts). Callers audit the cancel in the same transaction.
 * True when this call cancelled it; false for a job already done, failed or cancelled.
 */
export async function cancelJob(db: Kysely<Database> | Transaction<Database>, jobId: number, now: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', locked_by: null, locked_until: null, updated_at: now })
    .where('id', '=', jobId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
