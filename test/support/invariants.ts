import { sql, type Db } from '@biaozhu/storage';
import { expect } from 'vitest';

/**
 * The invariants the assignment engine promises, read back from the database (docs/decisions/0002):
 * - per task `0 <= answer_count <= slots_used <= target`, so no task is over its overlap;
 * - every stored counter equals the rows it counts: `answer_count` the task's annotations, `slots_used` its answers
 *   plus its live (`leased`) assignments, the project's `task_count` its non-gold tasks and `completed_count` those
 *   with `answer_count >= target`;
 * - no worker twice on a task.
 */
export async function checkInvariants(db: Db, projectId: number): Promise<void> {
  const k = db.kysely;
  const disordered = await k
    .selectFrom('tasks')
    .select(['id', 'answer_count', 'slots_used', 'target'])
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('answer_count', '<', 0), eb('answer_count', '>', eb.ref('slots_used')), eb('slots_used', '>', eb.ref('target'))]))
    .execute();
  expect(disordered, 'tasks breaking 0 <= answer_count <= slots_used <= target').toEqual([]);
  const twice = await k
    .selectFrom('annotations')
    .select(['task_id', 'user_id', sql<number>`count(*)`.as('n')])
    .where('project_id', '=', projectId)
    .where('user_id', 'is not', null)
    .groupBy(['task_id', 'user_id'])
    .having(sql`count(*)`, '>', 1)
    .execute();
  expect(twice, 'a worker answered a task twice').toEqual([]);
  const mismatched = await sql<{ id: number; answer_count: number; answers: number; slots_used: number; live: number }>`
    select t.id, t.answer_count, t.slots_used,
      (select count(*) from annotations a where a.task_id = t.id) as answers,
      (select count(*) from assignments s where s.task_id = t.id and s.status = 'leased') as live
    from tasks t
    where t.project_id = ${projectId}
      and (t.answer_count <> (select count(*) from annotations a where a.task_id = t.id)
        or t.slots_used <> t.answer_count + (select count(*) from assignments s where s.task_id = t.id and s.status = 'leased'))`.execute(k);
  expect(mismatched.rows, 'task counters differ from rows (answers, live leases)').toEqual([]);
  const project = await k.selectFrom('projects').select(['task_count', 'completed_count']).where('id', '=', projectId).executeTakeFirstOrThrow();
  const counted = await sql<{ tasks: number; done: number }>`
    select count(*) as tasks, coalesce(sum(case when answer_count >= target then 1 else 0 end), 0) as done
    from tasks where project_id = ${projectId} and is_gold = 0`.execute(k);
  expect({ task_count: project.task_count, completed_count: project.completed_count }, 'project counters differ from its tasks').toEqual({
    task_count: Number(counted.rows[0]?.tasks),
    completed_count: Number(counted.rows[0]?.done),
  });
}
