import { sql, type Db } from '@biaozhu/storage';
import { expect } from 'vitest';

/**
 * The invariants the assignment engine promises, read back from the database: no task over its overlap, no worker
 * twice on a task, every counter equal to the rows it counts.
 */
export async function checkInvariants(db: Db, projectId: number): Promise<void> {
  const k = db.kysely;
  const over = await k.selectFrom('tasks').select('id').where('project_id', '=', projectId).whereRef('answer_count', '>', 'target').execute();
  expect(over, 'tasks with more answers than their overlap').toEqual([]);
  const twice = await k
    .selectFrom('annotations')
    .select(['task_id', 'user_id', sql<number>`count(*)`.as('n')])
    .where('project_id', '=', projectId)
    .where('user_id', 'is not', null)
    .groupBy(['task_id', 'user_id'])
    .having(sql`count(*)`, '>', 1)
    .execute();
  expect(twice, 'a worker answered a task twice').toEqual([]);
  const mismatched = await sql<{ id: number }>`
    select t.id from tasks t
    where t.project_id = ${projectId}
      and (t.answer_count <> (select count(*) from annotations a where a.task_id = t.id)
        or t.slots_used <> t.answer_count + (select count(*) from assignments s where s.task_id = t.id and s.status = 'leased'))`.execute(k);
  expect(mismatched.rows, 'task counters differ from rows').toEqual([]);
  const project = await k.selectFrom('projects').select(['task_count', 'completed_count']).where('id', '=', projectId).executeTakeFirstOrThrow();
  const counted = await sql<{ tasks: number; done: number }>`
    select count(*) as tasks, coalesce(sum(case when answer_count >= target then 1 else 0 end), 0) as done
    from tasks where project_id = ${projectId} and is_gold = 0`.execute(k);
  expect({ task_count: project.task_count, completed_count: project.completed_count }).toEqual({
    task_count: Number(counted.rows[0]?.tasks),
    completed_count: Number(counted.rows[0]?.done),
  });
}
