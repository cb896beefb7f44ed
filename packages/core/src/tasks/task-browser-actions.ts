import { sql, type Database, type DialectName, type Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { recountProjectTotals } from '../projects/project-counters.js';
import { GOLD_TARGET } from './import-records.js';

/** Tasks one bulk action takes at most (a selection of the browser; larger clean-ups are an import's job). */
export const MAX_BULK_TASKS = 1_000;

export function checkTaskSelection(taskIds: unknown): number[] {
  if (!Array.isArray(taskIds) || taskIds.length === 0) throw invalid('empty_selection', 'taskIds: select at least one task', { field: 'taskIds' });
  if (taskIds.length > MAX_BULK_TASKS) throw invalid('selection_too_large', `taskIds: at most ${MAX_BULK_TASKS} tasks at once`, { field: 'taskIds' });
  for (const [i, id] of taskIds.entries()) {
    if (!Number.isSafeInteger(id) || (id as number) <= 0) throw invalid('invalid_task_id', `taskIds[${i}]: a task id, got ${JSON.stringify(id)}`, { field: `taskIds.${i}` });
  }
  return [...new Set(taskIds as number[])].sort((a, b) => a - b);
}

/** Locks the selected tasks of the project in id order (every multi-row writer's order) and returns them. */
async function lockSelection(trx: Transaction<Database>, dialect: DialectName, projectId: number, ids: number[]) {
  if (dialect === 'postgres') await sql`select id from tasks where id in (${sql.join(ids)}) order by id for update`.execute(trx);
  const rows = await trx
    .selectFrom('tasks')
    .select(['id', 'answer_count', 'slots_used', 'is_gold'])
    .where('project_id', '=', projectId)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
  const found = new Set(rows.map((r) => Number(r.id)));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound('task', missing);
  return rows;
}

export interface DeleteTasksResult {
  deleted: number;
  answersDeleted: number;
}

/**
 * Deletes the selected tasks with everything hanging off them (leases, answers and their revisions, reviews,
 * predictions, aggregates). Tasks with answers or a live lease are refused unless `confirm` is set: an answer is
 * someone's paid work, and a lease is someone working on it now (their submit then finds no task). A task in a
 * quality lot is never deleted here: the lot's sample and sign-off rest on it. The project's counters are recounted
 * under its lock afterwards (recountProjectTotals), so task_count and completed_count match the rows that remain.
 * Deleting answers renumbers nobody already named, but a worker whose only answers go no longer appears in reports.
 */
export async function deleteTasks(ctx: Context, actor: Actor, projectId: number, input: { taskIds: unknown; confirm?: boolean }): Promise<DeleteTasksResult> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const ids = checkTaskSelection(input.taskIds);
  const dialect = ctx.db.dialect;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const rows = await lockSelection(trx, dialect, projectId, ids);
    const worked = rows.filter((r) => Number(r.answer_count) > 0 || Number(r.slots_used) > 0).map((r) => Number(r.id));
    if (worked.length > 0 && input.confirm !== true) {
      throw conflict('tasks_have_answers', `${worked.length} of the selected tasks have answers or are being worked on; confirm to delete them with their answers`, {
        field: 'confirm',
        taskIds: worked.slice(0, 50),
        count: worked.length,
      });
    }
    const inLot = await trx.selectFrom('lot_items').select('task_id').where('task_id', 'in', ids).limit(1).executeTakeFirst();
    if (inLot) throw conflict('task_in_lot', `task ${inLot.task_id} is in a quality lot and cannot be deleted`, { taskId: Number(inLot.task_id) });

    const answers = trx.selectFrom('annotations').select('id').where('task_id', 'in', ids);
    await trx.deleteFrom('annotation_revisions').where('annotation_id', 'in', answers).execute();
    await trx.deleteFrom('review_requests').where('annotation_id', 'in', answers).execute();
    await trx.deleteFrom('reviews').where('task_id', 'in', ids).execute();
    await trx.deleteFrom('annotation_assists').where('task_id', 'in', ids).execute();
    const answersDeleted = await trx.deleteFrom('annotations').where('task_id', 'in', ids).executeTakeFirst();
    await trx.deleteFrom('assignments').where('task_id', 'in', ids).execute();
    await trx.deleteFrom('predictions').where('task_id', 'in', ids).execute();
    await trx.deleteFrom('aggregate_rows').where('task_id', 'in', ids).execute();
    await trx.deleteFrom('tasks').where('id', 'in', ids).execute();
    await recountProjectTotals(trx, dialect, projectId);
    const result = { deleted: ids.length, answersDeleted: Number(answersDeleted.numDeletedRows) };
    await appendAuditEvent(trx, dialect, {
      orgId: project.org_id,
      actorId: actor.userId,
      action: 'tasks.delete',
      entityType: 'project',
      entityId: projectId,
      data: { taskIds: ids, ...result, confirmed: input.confirm === true },
      at: ctx.now(),
    });
    return result;
  });
}

/**
 * Makes a task gold with one of its answers as the known answer (Label Studio's "ground truth"): from then on it is
 * handed out as a hidden honeypot (target GOLD_TARGET, never done) and left out of the project's task counts. Its
 * existing answers stay and count as gold answers of their workers (the chosen one is right by construction).
 */
export async function markTaskGold(ctx: Context, actor: Actor, projectId: number, taskId: number, input: { annotationId: unknown }): Promise<{ taskId: number; annotationId: number }> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const annotationId = input.annotationId;
  if (!Number.isSafeInteger(annotationId) || (annotationId as number) <= 0) {
    throw invalid('invalid_annotation_id', 'annotationId: the id of one of the task\'s answers', { field: 'annotationId' });
  }
  const dialect = ctx.db.dialect;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const [task] = await lockSelection(trx, dialect, projectId, [taskId]);
    if (Number(task!.is_gold) === 1) throw conflict('task_already_gold', `task ${taskId} is gold already`, { taskId });
    const chosen = await trx
      .selectFrom('annotations')
      .select(['id', 'result'])
      .where('id', '=', annotationId as number)
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    if (!chosen) throw invalid('annotation_not_of_task', `annotationId: answer ${String(annotationId)} is not an answer of task ${taskId}`, { field: 'annotationId' });
    const gold = { ground_truth: true, result: JSON.parse(chosen.result) as unknown, from_annotation: Number(chosen.id) };
    await trx.updateTable('tasks').set({ is_gold: 1, gold_result: JSON.stringify(gold), target: GOLD_TARGET }).where('id', '=', taskId).execute();
    await recountProjectTotals(trx, dialect, projectId);
    await appendAuditEvent(trx, dialect, {
      orgId: project.org_id,
      actorId: actor.userId,
      action: 'task.mark_gold',
      entityType: 'task',
      entityId: taskId,
      data: { projectId, annotationId: Number(chosen.id) },
      at: ctx.now(),
    });
    return { taskId, annotationId: Number(chosen.id) };
  });
}

export interface SendToReviewResult {
  /** Answers put at the front of the review queue (requested now or already requested). */
  requested: number;
  /** Answers left out: already given a verdict (accepted, corrected, or rejected and waiting for the fix). */
  alreadyReviewed: number;
  /** Selected tasks without an answer to review (none yet, or gold: those are checked against their known answer). */
  tasksWithoutAnswers: number;
}

/**
 * Sends the selected tasks' answers to review: each answer without a live verdict gets a review request
 * (review_requests, migration 0023), and the review queue (quality-work/review.ts) shows requested answers before
 * the others in every mode, a sampled queue too, until a reviewer decides. Answers already reviewed are counted,
 * not re-opened (a verdict stands until a manager changes it through review), gold tasks are left out as the queue
 * leaves them out. Audited with the task ids and the figures.
 */
export async function sendTasksToReview(ctx: Context, actor: Actor, projectId: number, input: { taskIds: unknown }): Promise<SendToReviewResult> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const ids = checkTaskSelection(input.taskIds);
  const dialect = ctx.db.dialect;
  const now = ctx.now();
  return ctx.db.write(async (trx) => {
    const rows = await lockSelection(trx, dialect, projectId, ids);
    const reviewable = rows.filter((r) => Number(r.is_gold) === 0).map((r) => Number(r.id));
    const answers = reviewable.length
      ? await trx
          .selectFrom('annotations as a')
          .select(['a.id', 'a.task_id'])
          .select((eb) => eb.exists(eb.selectFrom('reviews as r').select('r.id').whereRef('r.annotation_id', '=', 'a.id').where('r.state', '<>', 'resubmitted')).as('reviewed'))
          .where('a.task_id', 'in', reviewable)
          .orderBy('a.id')
          .execute()
      : [];
    const open = answers.filter((a) => !a.reviewed).map((a) => Number(a.id));
    if (open.length > 0) {
      await trx
        .insertInto('review_requests')
        .values(open.map((id) => ({ annotation_id: id, project_id: projectId, requested_by: actor.userId, requested_at: now })))
        .onConflict((oc) => oc.column('annotation_id').doNothing())
        .execute();
    }
    const answered = new Set(answers.map((a) => Number(a.task_id)));
    const result = { requested: open.length, alreadyReviewed: answers.length - open.length, tasksWithoutAnswers: ids.length - answered.size };
    await appendAuditEvent(trx, dialect, {
      orgId: project.org_id,
      actorId: actor.userId,
      action: 'tasks.send_to_review',
      entityType: 'project',
      entityId: projectId,
      data: { taskIds: ids, annotationIds: open, ...result },
      at: now,
    });
    return result;
  });
}

/**
 * Releases the live leases on the selected tasks: each becomes `expired` and its slot goes back to the pool, so the
 * next eligible annotator who asks is offered the task, as when a lease runs out. The worker who held it is told
 * lease_expired on their next heartbeat and may still submit while the task needs answers (submit-annotation.ts),
 * so no work is lost. It also takes back tasks handed to a named annotator who has not started them
 * (assignment/assign-tasks.ts), which is how a manager reassigns them to someone else.
 * Leases first, then task counters in task-id order: expireLeases' lock order.
 */
export async function releaseTaskLeases(ctx: Context, actor: Actor, projectId: number, input: { taskIds: unknown }): Promise<{ released: number }> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const ids = checkTaskSelection(input.taskIds);
  const dialect = ctx.db.dialect;
  const now = ctx.now();
  return ctx.db.write(async (trx) => {
    const found = await trx.selectFrom('tasks').select('id').where('project_id', '=', projectId).where('id', 'in', ids).execute();
    const present = new Set(found.map((r) => Number(r.id)));
    const missing = ids.find((id) => !present.has(id));
    if (missing !== undefined) throw notFound('task', missing);
    const released = await trx
      .updateTable('assignments')
      .set({ status: 'expired', finished_at: now })
      .where('project_id', '=', projectId)
      .where('task_id', 'in', ids)
      .where('status', '=', 'leased')
      .returning(['id', 'task_id'])
      .execute();
    const byTask = new Map<number, number>();
    for (const r of released) byTask.set(Number(r.task_id), (byTask.get(Number(r.task_id)) ?? 0) + 1);
    for (const taskId of [...byTask.keys()].sort((a, b) => a - b)) {
      await trx
        .updateTable('tasks')
        .set((eb) => ({ slots_used: eb('slots_used', '-', byTask.get(taskId) ?? 0) }))
        .where('id', '=', taskId)
        .execute();
    }
    await appendAuditEvent(trx, dialect, {
      orgId: project.org_id,
      actorId: actor.userId,
      action: 'tasks.release_leases',
      entityType: 'project',
      entityId: projectId,
      data: { taskIds: ids, assignmentIds: released.map((r) => Number(r.id)), released: released.length },
      at: now,
    });
    return { released: released.length };
  });
}
