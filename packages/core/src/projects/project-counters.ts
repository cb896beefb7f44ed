import { sql, type Database, type DialectName, type Transaction } from '@biaozhu/storage';

/**
 * Sets the project's `task_count` (non-gold tasks) and `completed_count` (non-gold tasks with
 * `answer_count >= target`) to what its task rows say, for a writer that changed tasks in bulk (an import, a
 * re-target) and already holds the locks of the task rows it changed.
 *
 * Why an absolute count is safe here: the project row is locked first (PostgreSQL), and only then counted, in a
 * later statement and so a later snapshot (READ COMMITTED). A submit that completes a task updates the task row and
 * then adds 1 to `completed_count` of the locked row: if it committed before the lock, the count sees it; if it is
 * still waiting for the lock, the count does not see its task change and its +1 lands afterwards. Counting inside
 * the UPDATE itself would not do: a statement that waits for a row lock re-reads that row but keeps its old snapshot
 * for the subquery, and would overwrite the submit's +1. The lock order (task rows, then the project row) is the
 * submit's, so the two cannot deadlock. On SQLite the writer is single, so there is nothing to lock.
 */
export async function recountProjectTotals(trx: Transaction<Database>, dialect: DialectName, projectId: number): Promise<void> {
  if (dialect === 'postgres') await sql`select id from projects where id = ${projectId} for no key update`.execute(trx);
  await trx
    .updateTable('projects')
    .set((eb) => ({
      task_count: eb.selectFrom('tasks').select(sql<number>`count(*)`.as('n')).where('project_id', '=', projectId).where('is_gold', '=', 0),
      completed_count: eb
        .selectFrom('tasks')
        .select(sql<number>`count(*)`.as('n'))
        .where('project_id', '=', projectId)
        .where('is_gold', '=', 0)
        .whereRef('answer_count', '>=', 'target'),
    }))
    .where('id', '=', projectId)
    .execute();
}
