import { sql, type AssignmentRow } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { currentGuideline } from '../projects/guidelines.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { expireLeases } from './expire-leases.js';

/** Why a worker got no task: shown to them, and sent as the `x-biaozhu-reason` header of the 204. */
export type NoTaskReason = 'all_done' | 'held_by_others';

export interface AssignmentView {
  id: number;
  taskId: number;
  projectId: number;
  data: Record<string, unknown>;
  expiresAt: string;
  guidelineVersion: number | null;
}

export interface Progress {
  submittedByMe: number;
  completed: number;
  total: number;
}

export type ClaimOutcome = { assignment: AssignmentView; progress: Progress } | { reason: NoTaskReason; progress: Progress };

/**
 * Hands the worker their next task. A worker who already holds a live lease in the project gets that same
 * assignment back (so a reload or a double request never takes a second task). Otherwise the first task, in import
 * order, that still has a free slot and was never given to this worker is leased in one transaction: on PostgreSQL
 * the row is taken with FOR UPDATE SKIP LOCKED so concurrent claims never wait on each other; the slot counter is
 * raised with a conditional UPDATE and the database's CHECK (slots_used <= target) and UNIQUE (task, worker)
 * constraints hold the invariants even against a bug here.
 */
export async function claimNext(ctx: Context, actor: Actor, projectId: number): Promise<ClaimOutcome> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const now = ctx.now();
  const dialect = ctx.db.dialect;
  type Claimed = { assignment: AssignmentRow; reason?: undefined } | { assignment?: undefined; reason: NoTaskReason };
  const outcome = await ctx.db.kysely.transaction().execute(async (trx): Promise<Claimed> => {
    // One claim at a time per worker and project, so two simultaneous requests cannot take two tasks.
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${projectId}::int, ${actor.userId}::int)`.execute(trx);
    await expireLeases(trx, now, projectId);
    const held = await trx
      .selectFrom('assignments')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .where('project_id', '=', projectId)
      .where('status', '=', 'leased')
      .where('expires_at', '>=', now)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (held) return { assignment: held };

    for (let attempt = 0; attempt < 5; attempt++) {
      const base = trx
        .selectFrom('tasks as t')
        .select('t.id')
        .where('t.project_id', '=', projectId)
        .whereRef('t.slots_used', '<', 't.target')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom('assignments as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', actor.userId),
            ),
          ),
        )
        .orderBy('t.id')
        .limit(1);
      const candidate = await (dialect === 'postgres' ? base.forUpdate().skipLocked() : base).executeTakeFirst();
      if (!candidate) {
        const reason: NoTaskReason = await whyNothing(trx, projectId, actor.userId);
        return { reason };
      }
      const raised = await trx
        .updateTable('tasks')
        .set((eb) => ({ slots_used: eb('slots_used', '+', 1) }))
        .where('id', '=', candidate.id)
        .whereRef('slots_used', '<', 'target')
        .executeTakeFirst();
      if (Number(raised.numUpdatedRows) !== 1) continue;
      const assignment = await trx
        .insertInto('assignments')
        .values({
          task_id: candidate.id,
          project_id: projectId,
          user_id: actor.userId,
          status: 'leased',
          leased_at: now,
          expires_at: now + project.lease_ttl_seconds * 1000,
          finished_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { assignment };
    }
    return { reason: 'held_by_others' as const };
  });

  const progress = await progressOf(ctx, actor.userId, projectId);
  if (outcome.assignment === undefined) return { reason: outcome.reason, progress };
  return { assignment: await toView(ctx, outcome.assignment), progress };
}

async function whyNothing(
  trx: Parameters<typeof expireLeases>[0],
  projectId: number,
  userId: number,
): Promise<NoTaskReason> {
  // Tasks this worker could still do once someone else's lease ends.
  const waiting = await trx
    .selectFrom('tasks as t')
    .select('t.id')
    .where('t.project_id', '=', projectId)
    .whereRef('t.answer_count', '<', 't.target')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('assignments as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', userId))),
    )
    .limit(1)
    .executeTakeFirst();
  return waiting ? 'held_by_others' : 'all_done';
}

async function progressOf(ctx: Context, userId: number, projectId: number): Promise<Progress> {
  const [mine, project] = await Promise.all([
    ctx.db.kysely
      .selectFrom('annotations')
      .select(sql<number>`count(*)`.as('n'))
      .where('user_id', '=', userId)
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow(),
    ctx.db.kysely.selectFrom('projects').select(['task_count', 'completed_count']).where('id', '=', projectId).executeTakeFirstOrThrow(),
  ]);
  return { submittedByMe: Number(mine.n), completed: project.completed_count, total: project.task_count };
}

export async function toView(ctx: Context, a: AssignmentRow): Promise<AssignmentView> {
  const [task, guideline] = await Promise.all([
    ctx.db.kysely.selectFrom('tasks').select('data').where('id', '=', a.task_id).executeTakeFirstOrThrow(),
    currentGuideline(ctx.db.kysely, a.project_id),
  ]);
  return {
    id: a.id,
    taskId: a.task_id,
    projectId: a.project_id,
    data: JSON.parse(task.data) as Record<string, unknown>,
    expiresAt: new Date(a.expires_at).toISOString(),
    guidelineVersion: guideline?.version ?? null,
  };
}
