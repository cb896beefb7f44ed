import { sql, type Database, type DialectName, type Transaction } from '@biaozhu/storage';
import { recountProjectTotals } from '../projects/project-counters.js';

/** Touched tasks are locked and recounted this many at a time (bound parameters per statement). */
const CHUNK = 500;

/**
 * After an import, makes the counters of the tasks it gave answers to (`touched`) and the project's task and
 * completed counters equal to the rows again, while annotators keep claiming, submitting and letting leases expire
 * on the same tasks.
 *
 * Per task: `answer_count` = its annotations, `slots_used` = answers + live (`leased`) assignments, and `target` is
 * raised to `slots_used` when imported answers (plus the leases workers hold) exceed it: the invariant is
 * `0 <= answer_count <= slots_used <= target` (docs/decisions/0002), so a task with as many imported answers as
 * its overlap and no lease counts as done, and a worker holding a lease on it may still submit.
 *
 * Nothing read earlier is written back. On PostgreSQL the touched rows are locked first, in id order (the order
 * every multi-row writer uses, so none can deadlock another), and counted in a later statement. Every writer that
 * changes a task's annotations or leases also updates the task row: a claim locks it first (the recount waits for
 * its commit and counts its lease); a submit, expiry or skip changes the assignment first and then waits for the
 * row (the recount does not see it, and its own +1/-1 lands on the recounted row afterwards). The project's counters
 * follow the task rows, under the project row's lock (recountProjectTotals). On SQLite the caller's transaction is
 * the only writer. Call it once per import, at its end: the project's counters cost one count of its tasks.
 */
export async function recountProject(trx: Transaction<Database>, projectId: number, touched: Set<number>, dialect: DialectName): Promise<void> {
  const ids = [...touched].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    if (dialect === 'postgres') await sql`select id from tasks where id in (${sql.join(chunk)}) order by id for no key update`.execute(trx);
    const answers = sql<number>`(select count(*) from annotations a where a.task_id = tasks.id)`;
    const slots = sql<number>`(${answers} + (select count(*) from assignments s where s.task_id = tasks.id and s.status = 'leased'))`;
    await trx
      .updateTable('tasks')
      .set({ answer_count: answers, slots_used: slots, target: sql<number>`case when target < ${slots} then ${slots} else target end` })
      .where('id', 'in', chunk)
      .execute();
  }
  await recountProjectTotals(trx, dialect, projectId);
}
