import type { AdjudicationOutcome, DisagreementView, LabelConfig, ResultItem } from '@biaozhu/contract';
import type { TaskData } from '@biaozhu/label-types';
import { ADJUDICATED_GENERATION } from '@biaozhu/storage';
import { validateResult } from '../annotations/validate-result.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { labelsOf } from './answer-labels.js';

const SCAN_BATCH = 500;

/**
 * Tasks with two or more answers that disagree, with every answer side by side, for a reviewer to settle. Tasks
 * already adjudicated are left out unless `includeAdjudicated`.
 */
export async function listDisagreements(
  ctx: Context,
  actor: Actor,
  projectId: number,
  options: { limit?: number; includeAdjudicated?: boolean } = {},
): Promise<DisagreementView[]> {
  await loadVisibleProject(ctx, actor, projectId);
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const found: DisagreementView[] = [];
  let after = 0;
  for (;;) {
    const tasks = await ctx.db.reader
      .selectFrom('tasks as t')
      .leftJoin('aggregates as ag', 'ag.task_id', 't.id')
      .select(['t.id', 't.data', 'ag.method', 'ag.result as agg'])
      .where('t.project_id', '=', projectId)
      .where('t.is_gold', '=', 0)
      .where('t.answer_count', '>=', 2)
      .where('t.id', '>', after)
      .orderBy('t.id')
      .limit(SCAN_BATCH)
      .execute();
    if (tasks.length === 0) break;
    after = tasks[tasks.length - 1]!.id;
    const candidates = tasks.filter((t) => options.includeAdjudicated === true || t.method !== 'adjudicated');
    if (candidates.length === 0) continue;
    const answers = await ctx.db.reader
      .selectFrom('annotations as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.task_id', 'a.user_id', 'a.result', 'u.email'])
      .where('a.task_id', 'in', candidates.map((t) => t.id))
      .orderBy('a.id')
      .execute();
    const byTask = new Map<number, typeof answers>();
    for (const a of answers) byTask.set(a.task_id, [...(byTask.get(a.task_id) ?? []), a]);
    for (const t of candidates) {
      const rows = byTask.get(t.id) ?? [];
      const keys = rows.map((r) => JSON.stringify([...labelsOf(JSON.parse(r.result)).entries()].sort()));
      const counts = new Map<string, number>();
      for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      if (counts.size < 2) continue;
      found.push({
        taskId: t.id,
        data: JSON.parse(t.data) as Record<string, unknown>,
        agreement: Math.max(...counts.values()) / rows.length,
        answers: rows.map((r) => ({ annotationId: r.id, userId: r.user_id, email: actor.role === 'client' ? null : r.email, result: JSON.parse(r.result) as ResultItem[] })),
        adjudicated: t.method === 'adjudicated' && t.agg !== null ? (JSON.parse(t.agg) as ResultItem[]) : null,
      });
      if (found.length >= limit) return found;
    }
  }
  return found;
}

/**
 * A reviewer settles a task: the given result (validated against the label config) becomes the task's aggregate
 * with method `adjudicated` and confidence 1; aggregation jobs keep it. A reviewer who answered the task may not.
 */
export async function adjudicateTask(ctx: Context, actor: Actor, taskId: number, input: { result: unknown }): Promise<AdjudicationOutcome> {
  const task = await ctx.db.reader.selectFrom('tasks').select(['id', 'project_id', 'data']).where('id', '=', taskId).executeTakeFirst();
  if (!task) throw notFound('task', taskId);
  const project = await loadVisibleProject(ctx, actor, task.project_id);
  const result = validateResult(JSON.parse(project.label_config) as LabelConfig, input.result, JSON.parse(task.data) as TaskData);
  const own = await ctx.db.reader.selectFrom('annotations').select('id').where('task_id', '=', taskId).where('user_id', '=', actor.userId).executeTakeFirst();
  if (own) throw forbidden('own_work', 'you answered this task, so someone else must adjudicate it');
  const labels = Object.fromEntries([...labelsOf(result).entries()].map(([k, v]) => [k, JSON.parse(v) as string[]]));
  const now = ctx.now();
  await ctx.db.write(async (trx) => {
    const values = {
      result: JSON.stringify(result),
      labels: JSON.stringify(labels),
      confidence: 1,
      method: 'adjudicated',
      job_id: null,
      decided_by: actor.userId,
      updated_at: now,
    };
    // Generation 0 holds adjudicated answers; the `aggregates` view prefers them over any run's row for the task.
    await trx
      .insertInto('aggregate_rows')
      .values({ task_id: taskId, generation: ADJUDICATED_GENERATION, project_id: task.project_id, ...values })
      .onConflict((oc) => oc.columns(['task_id', 'generation']).doUpdateSet(values))
      .execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'task.adjudicated',
      entityType: 'task',
      entityId: taskId,
      data: { result },
      at: now,
    });
  });
  return { aggregate: { taskId, method: 'adjudicated', confidence: 1, result, labels } };
}
