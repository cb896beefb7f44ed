import type { Database, Transaction } from '@biaozhu/storage';

/**
 * Recomputes the answer counters of the project's tasks and its task/completed counters from the rows, after
 * imported annotations changed them (only the tasks this import touched are recounted). A task's slots can never exceed its target, so imported answers beyond the
 * overlap fill the task without breaking the invariant.
 */
export async function recountProject(trx: Transaction<Database>, projectId: number, touched: Set<number>): Promise<void> {
  for (const taskId of touched) {
    const row = await trx
      .selectFrom('annotations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('task_id', '=', taskId)
      .executeTakeFirstOrThrow();
    const live = await trx
      .selectFrom('assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('task_id', '=', taskId)
      .where('status', '=', 'leased')
      .executeTakeFirstOrThrow();
    const task = await trx.selectFrom('tasks').select(['target', 'answer_count']).where('id', '=', taskId).executeTakeFirstOrThrow();
    const answers = Number(row.n);
    if (answers === task.answer_count) continue;
    await trx
      .updateTable('tasks')
      .set({ answer_count: answers, slots_used: Math.min(task.target, answers + Number(live.n)) })
      .where('id', '=', taskId)
      .execute();
  }
  const totals = await trx
    .selectFrom('tasks')
    .select([(eb) => eb.fn.countAll<number>().as('tasks'), (eb) => eb.fn.sum<number>(eb.case().when('answer_count', '>=', eb.ref('target')).then(1).else(0).end()).as('done')])
    .where('project_id', '=', projectId)
    .where('is_gold', '=', 0)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('projects')
    .set({ task_count: Number(totals.tasks), completed_count: Number(totals.done ?? 0) })
    .where('id', '=', projectId)
    .execute();
}
