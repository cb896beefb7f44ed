import type { TaskData } from '@biaozhu/label-types';
import type { Database, Kysely } from '@biaozhu/storage';

/** A task's data object, which answers are checked against (a span must be the text it claims to be). */
export async function loadTaskData(db: Kysely<Database>, taskId: number): Promise<TaskData> {
  const row = await db.selectFrom('tasks').select('data').where('id', '=', taskId).executeTakeFirstOrThrow();
  return JSON.parse(row.data) as TaskData;
}
