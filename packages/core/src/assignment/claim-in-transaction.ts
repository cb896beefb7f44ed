import type { AssignmentPolicy } from '@biaozhu/contract';
import { sql, type AssignmentRow, type Database, type Transaction } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { projectArchived } from '../projects/project-lifecycle.js';
import { checkGoldPause } from '../quality-work/gold-accuracy.js';
import { capDayStart, parsePolicy } from './assignment-policy.js';
import type { ClaimMode, ClaimOutcome, NoTaskReason } from './claim-types.js';
import { isEligible } from './eligibility.js';
import { expireLeases } from './expire-leases.js';

/**
 * The claim (see claimNext) as a sequence of statements in one write transaction. Used on SQLite, where a statement
 * is a function call rather than a network round trip and the write transactions of concurrent requests share one
 * commit; PostgreSQL runs the same rules as one statement (claim-in-one-statement.ts). It is written for both
 * dialects (the advisory lock and SKIP LOCKED are PostgreSQL's), so it stays a correct claim wherever it is called.
 */
export async function claimInTransaction(ctx: Context, actor: Actor, projectId: number, mode: ClaimMode): Promise<ClaimOutcome> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  if (project.archived_at !== null) throw projectArchived(projectId);
  const policy = parsePolicy(project.assignment_policy);
  if (!(await isEligible(ctx, actor.userId, policy))) return { reason: 'not_eligible', progress: (await progressAndView(ctx, actor.userId, projectId)).progress };
  // Paused by the gold-accuracy rule of the project's quality policy until a manager lifts it.
  if (await checkGoldPause(ctx, actor, projectId)) return { reason: 'paused', progress: (await progressAndView(ctx, actor.userId, projectId)).progress };
  const now = ctx.now();
  const dialect = ctx.db.dialect;
  type Claimed = { assignment: AssignmentRow; reason?: undefined } | { assignment?: undefined; reason: NoTaskReason };
  const outcome = await ctx.db.write(async (trx): Promise<Claimed> => {
    // One claim at a time per worker and project, so two simultaneous requests cannot take extra tasks.
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${projectId}::int, ${actor.userId}::int)`.execute(trx);
    await expireLeases(trx, now, projectId, dialect);
    const held = await trx
      .selectFrom('assignments')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .where('project_id', '=', projectId)
      .where('status', '=', 'leased')
      .where('expires_at', '>=', now)
      .orderBy('id')
      .limit(2)
      .execute();
    const wanted = mode === 'ahead' && held.length > 0 ? 1 : 0;
    const existing = held[wanted];
    if (existing) return { assignment: existing };

    if (policy.dailyCap !== null) {
      const used = await answersToday(trx, actor.userId, projectId, now, policy.capUtcOffsetMinutes);
      if (used + held.length >= policy.dailyCap) return { reason: 'cap_reached' };
    }
    const lease = async (taskId: number) =>
      trx
        .insertInto('assignments')
        .values({
          task_id: taskId,
          project_id: projectId,
          user_id: actor.userId,
          status: 'leased',
          leased_at: now,
          expires_at: now + project.lease_ttl_seconds * 1000,
          finished_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();

    if (policy.goldRate > 0 && Math.random() < policy.goldRate) {
      const gold = await takeSlot(trx, dialect, projectId, actor.userId, policy, true);
      if (gold !== undefined) return { assignment: await lease(gold) };
    }
    const taskId = await takeSlot(trx, dialect, projectId, actor.userId, policy, false);
    if (taskId === undefined) {
      const reason: NoTaskReason = await whyNothing(trx, projectId, actor.userId);
      return { reason };
    }
    return { assignment: await lease(taskId) };
  });

  const { progress, data, guidelineVersion } = await progressAndView(ctx, actor.userId, projectId, outcome.assignment?.task_id);
  if (outcome.assignment === undefined) return { reason: outcome.reason, progress };
  const a = outcome.assignment;
  return {
    assignment: {
      id: a.id,
      taskId: a.task_id,
      projectId: a.project_id,
      data: data ?? {},
      expiresAt: new Date(a.expires_at).toISOString(),
      guidelineVersion,
    },
    progress,
  };
}

/**
 * Finds the next open task for the worker in the policy's order and raises its slot counter, in one statement
 * (`UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED)` on PostgreSQL). Returns the task id, or undefined
 * when there is no task for this worker now.
 */
async function takeSlot(
  trx: Transaction<Database>,
  dialect: Context['db']['dialect'],
  projectId: number,
  userId: number,
  policy: AssignmentPolicy,
  gold: boolean,
): Promise<number | undefined> {
  let candidate = trx
    .selectFrom('tasks as t')
    .select('t.id')
    .where('t.project_id', '=', projectId)
    .whereRef('t.slots_used', '<', 't.target')
    .where('t.is_gold', '=', gold ? 1 : 0)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('assignments as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', userId))),
    );
  const order = gold ? 'random' : policy.order;
  switch (order) {
    case 'import':
      candidate = candidate.orderBy('t.id');
      break;
    case 'priority':
      candidate = candidate.orderBy('t.priority', 'desc').orderBy('t.id');
      break;
    case 'fewest_answers':
      candidate = candidate.orderBy('t.answer_count').orderBy('t.id');
      break;
    case 'random':
      candidate = candidate.orderBy('t.random_rank').orderBy('t.id');
      break;
  }
  candidate = candidate.limit(1);
  const locked = dialect === 'postgres' ? candidate.forUpdate().skipLocked() : candidate;
  const raised = await trx
    .updateTable('tasks')
    .set((eb) => ({ slots_used: eb('slots_used', '+', 1) }))
    .where('id', '=', locked)
    .whereRef('slots_used', '<', 'target')
    .returning('id')
    .executeTakeFirst();
  return raised?.id;
}

/** Answers the worker gave in this project since the start of today in the policy's time zone. */
async function answersToday(trx: Transaction<Database>, userId: number, projectId: number, now: number, offsetMinutes: number): Promise<number> {
  const dayStart = capDayStart(now, offsetMinutes);
  const row = await trx
    .selectFrom('annotations')
    .select(sql<number>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('project_id', '=', projectId)
    .where('created_at', '>=', dayStart)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function whyNothing(trx: Transaction<Database>, projectId: number, userId: number): Promise<NoTaskReason> {
  // Work this worker could still do once someone else's lease ends.
  const waiting = await trx
    .selectFrom('tasks as t')
    .select('t.id')
    .where('t.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .whereRef('t.answer_count', '<', 't.target')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('assignments as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', userId))),
    )
    .limit(1)
    .executeTakeFirst();
  return waiting ? 'held_by_others' : 'all_done';
}

/**
 * The worker's progress, the current guideline version and (when a task is given) the task's data, in one query:
 * every round trip counts on the hot path.
 */
async function progressAndView(ctx: Context, userId: number, projectId: number, taskId?: number) {
  const row = await ctx.db.reader
    .selectFrom('projects as p')
    .select((eb) => [
      'p.task_count',
      'p.completed_count',
      eb.selectFrom('annotations').select(sql<number>`count(*)`.as('n')).where('user_id', '=', userId).where('project_id', '=', projectId).as('mine'),
      eb.selectFrom('guideline_versions').select(sql<number | null>`max(version)`.as('v')).where('project_id', '=', projectId).as('guideline_version'),
      eb.selectFrom('tasks').select('data').where('id', '=', taskId ?? 0).as('data'),
    ])
    .where('p.id', '=', projectId)
    .executeTakeFirstOrThrow();
  return {
    progress: { submittedByMe: Number(row.mine ?? 0), completed: row.completed_count, total: row.task_count },
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : undefined,
    guidelineVersion: row.guideline_version === null || row.guideline_version === undefined ? null : Number(row.guideline_version),
  };
}
