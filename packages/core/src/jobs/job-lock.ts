import type { Database, DialectName, Transaction } from '@biaozhu/storage';

/** The runner's hold on a job, as a handler knows it. */
export interface JobHold {
  id: number;
  workerId: string;
}

/**
 * True while `job.workerId` still holds the job (running, locked by it), checked inside the caller's transaction so
 * that a write made in it is never made by a runner that lost the job. On PostgreSQL the job row is also locked FOR
 * SHARE until that transaction ends: a takeover (the claim's UPDATE) waits for it, so the check stays true until
 * the write commits. On SQLite there is one writer, so nothing can change between the check and the commit.
 */
export async function holdsJobLock(trx: Transaction<Database>, dialect: DialectName, job: JobHold): Promise<boolean> {
  let query = trx.selectFrom('jobs').select('id').where('id', '=', job.id).where('status', '=', 'running').where('locked_by', '=', job.workerId);
  if (dialect === 'postgres') query = query.forShare();
  return (await query.executeTakeFirst()) !== undefined;
}
