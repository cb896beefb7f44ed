import { qualityPolicySchema, type MyGoldAccuracy, type PauseView, type WorkerGoldAccuracy } from '@biaozhu/contract';
import { isUniqueViolation, sql, type Database, type Kysely, type Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { seesWorkerIdentities, workerPseudonyms } from '../access/worker-pseudonyms.js';
import { conflict, notFound } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { wilsonInterval } from '../quality/wilson-interval.js';
import { goldLabels, labelsOf, matchesGold } from './answer-labels.js';

type Reader = Kysely<Database> | Transaction<Database>;

/** Right and total gold answers per worker in a project (optionally one worker, answers after `since`, before `until`). */
export async function goldCounts(db: Reader, projectId: number, options: { userId?: number; since?: number; until?: number } = {}): Promise<Map<number, { right: number; total: number }>> {
  let query = db
    .selectFrom('annotations as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(['a.user_id', 'a.result', 't.gold_result'])
    .where('t.project_id', '=', projectId)
    .where('t.is_gold', '=', 1)
    .where('a.user_id', 'is not', null);
  if (options.userId !== undefined) query = query.where('a.user_id', '=', options.userId);
  if (options.since !== undefined) query = query.where('a.created_at', '>', options.since);
  if (options.until !== undefined) query = query.where('a.created_at', '<', options.until);
  const counts = new Map<number, { right: number; total: number }>();
  const goldCache = new Map<string, Map<string, string>>();
  for (const row of await query.execute()) {
    if (row.user_id === null) continue;
    const key = row.gold_result ?? '';
    let gold = goldCache.get(key);
    if (!gold) goldCache.set(key, (gold = goldLabels(row.gold_result)));
    const c = counts.get(row.user_id) ?? { right: 0, total: 0 };
    c.total++;
    if (matchesGold(labelsOf(JSON.parse(row.result)), gold)) c.right++;
    counts.set(row.user_id, c);
  }
  return counts;
}

/**
 * Each worker's accuracy on the project's hidden gold tasks, with its Wilson 95% interval (a worker with 3 of 3
 * right is not "100% accurate"), and whether the pause rule holds them now. Sorted from the lowest accuracy. Every
 * worker carries the project's pseudonym; a client gets only that (no user id, no email).
 */
export async function projectGoldAccuracy(ctx: Context, actor: Actor, projectId: number): Promise<WorkerGoldAccuracy[]> {
  await loadVisibleProject(ctx, actor, projectId);
  const counts = await goldCounts(ctx.db.reader, projectId);
  const paused = new Set(
    (await ctx.db.reader.selectFrom('worker_pauses').select('user_id').where('project_id', '=', projectId).where('status', '=', 'paused').execute()).map((r) => r.user_id),
  );
  const ids = [...new Set([...counts.keys(), ...paused])];
  const users = ids.length
    ? await ctx.db.reader.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).execute()
    : [];
  const emails = new Map(users.map((u) => [u.id, u.email]));
  const names = await workerPseudonyms(ctx.db.reader, projectId);
  const identified = seesWorkerIdentities(actor);
  return ids
    .map((userId) => {
      const c = counts.get(userId) ?? { right: 0, total: 0 };
      return {
        userId,
        worker: names.of(userId),
        email: emails.get(userId) ?? null,
        paused: paused.has(userId),
        ...wilsonInterval(c.right, c.total),
      };
    })
    .sort((a, b) => a.proportion - b.proportion || a.worker.localeCompare(b.worker, 'en', { numeric: true }))
    .map((w) => (identified ? w : { ...w, userId: null, email: null }));
}

/**
 * The pause rule, asked before a worker gets a task: a live pause holds; otherwise, when the project's policy sets
 * `pauseBelow`, a worker with at least `minGold` gold answers since their last unpause and an accuracy below the
 * threshold is paused now (recorded and audited). Returns whether the worker is paused.
 */
export async function checkGoldPause(ctx: Context, actor: Actor, projectId: number): Promise<boolean> {
  // One round trip on the claim path: the live pause and the policy together.
  const state = await sql<{ policy: string | null; paused: number | string }>`
    select (select policy from quality_policies where project_id = ${projectId}) as policy,
      (select count(*) from worker_pauses where project_id = ${projectId} and user_id = ${actor.userId} and status = 'paused') as paused`.execute(ctx.db.reader);
  const row = state.rows[0];
  if (Number(row?.paused ?? 0) > 0) return true;
  if (!row?.policy) return false;
  const policy = qualityPolicySchema.parse(JSON.parse(row.policy));
  if (policy.pauseBelow === null) return false;
  const lastLift = await ctx.db.reader
    .selectFrom('worker_pauses')
    .select('lifted_at')
    .where('project_id', '=', projectId)
    .where('user_id', '=', actor.userId)
    .where('status', '=', 'lifted')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const since = lastLift?.lifted_at ?? undefined;
  const mine = (await goldCounts(ctx.db.reader, projectId, { userId: actor.userId, ...(since !== undefined ? { since } : {}) })).get(actor.userId);
  if (!mine || mine.total < policy.minGold || mine.right / mine.total >= policy.pauseBelow) return false;
  const now = ctx.now();
  try {
    await ctx.db.write(async (trx) => {
      const pause = await trx
        .insertInto('worker_pauses')
        .values({ project_id: projectId, user_id: actor.userId, status: 'paused', accuracy: mine.right / mine.total, gold_answers: mine.total, paused_at: now, lifted_by: null, lifted_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: actor.orgId,
        actorId: null,
        action: 'worker.paused',
        entityType: 'user',
        entityId: actor.userId,
        data: { projectId, pauseId: pause.id, right: mine.right, total: mine.total, pauseBelow: policy.pauseBelow, minGold: policy.minGold },
        at: now,
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // a concurrent claim paused them first
  }
  return true;
}

/** Workers paused in a project now. */
export async function listPauses(ctx: Context, actor: Actor, projectId: number): Promise<PauseView[]> {
  await loadVisibleProject(ctx, actor, projectId);
  const rows = await ctx.db.reader
    .selectFrom('worker_pauses as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.user_id', 'u.email', 'p.accuracy', 'p.gold_answers', 'p.paused_at'])
    .where('p.project_id', '=', projectId)
    .where('p.status', '=', 'paused')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, email: r.email, accuracy: r.accuracy, goldAnswers: r.gold_answers, pausedAt: new Date(r.paused_at).toISOString() }));
}

/** A manager lets a paused worker work again; their gold record for the pause rule starts afresh. Audited. */
export async function unpauseWorker(ctx: Context, actor: Actor, projectId: number, userId: number, reason = ''): Promise<{ unpaused: true }> {
  await loadVisibleProject(ctx, actor, projectId);
  const now = ctx.now();
  await ctx.db.write(async (trx) => {
    const lifted = await trx
      .updateTable('worker_pauses')
      .set({ status: 'lifted', lifted_by: actor.userId, lifted_at: now })
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .where('status', '=', 'paused')
      .returning('id')
      .executeTakeFirst();
    if (!lifted) {
      const exists = await trx.selectFrom('users').select('id').where('id', '=', userId).where('org_id', '=', actor.orgId).executeTakeFirst();
      if (!exists) throw notFound('user', userId);
      throw conflict('not_paused', `worker ${userId} is not paused in project ${projectId}`);
    }
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'worker.unpaused',
      entityType: 'user',
      entityId: userId,
      data: { projectId, pauseId: lifted.id, reason },
      at: now,
    });
  });
  return { unpaused: true };
}

/** The caller's own gold accuracy in a project (an annotator sees their quality, never others'). */
export async function myGoldAccuracy(ctx: Context, actor: Actor, projectId: number): Promise<MyGoldAccuracy> {
  await loadVisibleProject(ctx, actor, projectId);
  const mine = (await goldCounts(ctx.db.reader, projectId, { userId: actor.userId })).get(actor.userId) ?? { right: 0, total: 0 };
  const paused = await ctx.db.reader
    .selectFrom('worker_pauses')
    .select('id')
    .where('project_id', '=', projectId)
    .where('user_id', '=', actor.userId)
    .where('status', '=', 'paused')
    .executeTakeFirst();
  return { ...wilsonInterval(mine.right, mine.total), paused: paused !== undefined };
}
