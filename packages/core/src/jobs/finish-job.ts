import type { Database, Kysely, Transaction } from '@biaozhu/storage';

/**
 * Marks a job done with its result, only while `workerId` still holds it (status running, locked by it): a job taken
 * over after a lost lock, or cancelled, is not ours to finish. Handlers call it inside their own transaction to make
 * their last write and the job's completion one change; the runner calls it for handlers that did not.
 * True when this call finished the job.
 */
export async function finishJob(
  db: Kysely<Database> | Transaction<Database>,
  job: { id: number; workerId: string },
  result: unknown,
  now: number,
): Promise<boolean> {
  const finished = await db
    .updateTable('jobs')
    .set({ status: 'done', progress: 1, result: JSON.stringify(result ?? null), locked_by: null, locked_until: null, updated_at: now })
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', job.workerId)
    .executeTakeFirst();
  return Number(finished.numUpdatedRows) === 1;
}
