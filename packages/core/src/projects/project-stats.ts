import { sql } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { loadVisibleProject } from './project-access.js';

/** Tasks by state (not started, in progress, completed) and answer counts, computed from the rows themselves. */
export async function projectStats(ctx: Context, actor: Actor, projectId: number) {
  await loadVisibleProject(ctx, actor, projectId);
  const tasks = await ctx.db.kysely
    .selectFrom('tasks')
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`coalesce(sum(case when answer_count >= target then 1 else 0 end), 0)`.as('completed'),
      sql<number>`coalesce(sum(case when answer_count < target and slots_used > 0 then 1 else 0 end), 0)`.as('in_progress'),
    ])
    .where('project_id', '=', projectId)
    .where('is_gold', '=', 0)
    .executeTakeFirstOrThrow();
  const assignments = await ctx.db.kysely
    .selectFrom('assignments')
    .select(['status', sql<number>`count(*)`.as('n')])
    .where('project_id', '=', projectId)
    .groupBy('status')
    .execute();
  const annotations = await ctx.db.kysely
    .selectFrom('annotations')
    .select(sql<number>`count(*)`.as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const byStatus = Object.fromEntries(assignments.map((a) => [a.status, Number(a.n)]));
  const total = Number(tasks.total);
  const completed = Number(tasks.completed);
  const inProgress = Number(tasks.in_progress);
  return {
    counts: {
      tasks: total,
      notStarted: total - completed - inProgress,
      inProgress,
      completed,
      annotations: Number(annotations.n),
      skipped: byStatus.skipped ?? 0,
      liveLeases: byStatus.leased ?? 0,
      expiredLeases: byStatus.expired ?? 0,
    },
  };
}
