import type { Database, Transaction } from '@biaozhu/storage';

/** Queues a job of `kind` in the caller's transaction; a runner with a handler for that kind picks it up. */
export async function enqueueJob(trx: Transaction<Database>, kind: string, payload: unknown, now: number) {
  return trx
    .insertInto('jobs')
    .values({
      kind,
      payload: JSON.stringify(payload),
      status: 'queued',
      attempts: 0,
      run_after: now,
      locked_by: null,
      locked_until: null,
      progress: 0,
      result: null,
      error: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
