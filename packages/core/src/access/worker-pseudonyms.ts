import type { Database, Kysely, Transaction } from '@biaozhu/storage';
import type { Actor } from '../context.js';

type Reader = Kysely<Database> | Transaction<Database>;

/**
 * Clients see no worker identities (docs/security.md): a client is shown neither the emails nor the user ids of the
 * people who did the work. Every other role sees them.
 */
export function seesWorkerIdentities(actor: Actor): boolean {
  return actor.role !== 'client';
}

/**
 * A user id as `actor` may see it where a view names staff (who inspected, signed off, adjudicated, wrote a
 * guideline): a client sees only their own id, and null for anyone else.
 */
export function visibleUserId(actor: Actor, userId: number | null): number | null {
  return userId === null || seesWorkerIdentities(actor) || userId === actor.userId ? userId : null;
}

/** A project's workers by pseudonym: `worker-1`, `worker-2`, ... */
export interface WorkerPseudonyms {
  /** The worker's pseudonym in this project; `worker` alone for someone who has not answered in it. */
  of(userId: number): string;
}

/**
 * The pseudonyms of a project's workers, used wherever a client reads who did the work (the gold-accuracy view and
 * every export): the same worker has the same pseudonym in every view and every export of the project, so a client
 * can still tell answers of one worker from another's. Workers are numbered in the order of their first answer in
 * the project; answers are never deleted, so a number never changes as work goes on, and it says nothing about the
 * user id or about other projects.
 */
export async function workerPseudonyms(db: Reader, projectId: number): Promise<WorkerPseudonyms> {
  const rows = await db
    .selectFrom('annotations')
    .select(['user_id', (eb) => eb.fn.min('id').as('first')])
    .where('project_id', '=', projectId)
    .where('user_id', 'is not', null)
    .groupBy('user_id')
    .orderBy('first')
    .execute();
  const names = new Map<number, string>();
  rows.forEach((r, i) => {
    if (r.user_id !== null) names.set(r.user_id, `worker-${i + 1}`);
  });
  return { of: (userId) => names.get(userId) ?? 'worker' };
}
