import type { AnnotationHistory, LabelConfig, RejectionView, ResubmitOutcome, ResultItem, ReviewMode, ReviewOutcome, ReviewQueue } from '@biaozhu/contract';
import { isUniqueViolation, sql, type ReviewAction } from '@biaozhu/storage';
import { validateResult } from '../annotations/validate-result.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { loadTaskData } from '../tasks/task-data.js';
import { loadQualityPolicy } from './quality-policy.js';

/** Reasons a reviewer picks from; the UI names them, the comment says the rest. */
export const REJECT_REASONS = ['wrong_label', 'missed_item', 'guideline_violation', 'low_effort', 'other'] as const;

/** Sample membership: a fixed scramble of the annotation id, so the same share is shown on every visit. */
const SAMPLE_BUCKETS = 1000;

/**
 * The reviewer's queue of a project: answers not yet reviewed (or fixed after a rejection), never the reviewer's
 * own, never gold tasks (those are checked against their known answer).
 */
export async function reviewQueue(
  ctx: Context,
  actor: Actor,
  projectId: number,
  options: { mode?: ReviewMode; limit?: number } = {},
): Promise<ReviewQueue> {
  await loadVisibleProject(ctx, actor, projectId);
  const mode = options.mode ?? 'all';
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
  const policy = await loadQualityPolicy(ctx.db.reader, projectId);
  let base = ctx.db.reader
    .selectFrom('annotations as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .leftJoin('aggregates as ag', 'ag.task_id', 'a.task_id')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .where('a.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .where((eb) => eb.or([eb('a.user_id', 'is', null), eb('a.user_id', '<>', actor.userId)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('reviews as r').select('r.id').whereRef('r.annotation_id', '=', 'a.id').where('r.state', '<>', 'resubmitted'))));
  // Answers a manager sent to review (task browser, review_requests) come first and are in every mode's queue.
  const requested = sql<number>`(case when exists (select 1 from review_requests rq where rq.annotation_id = a.id) then 1 else 0 end)`;
  if (mode === 'sample') {
    base = base.where((eb) => eb.or([eb(sql<number>`(a.id * 919) % ${SAMPLE_BUCKETS}`, '<', Math.round(policy.reviewSampleRate * SAMPLE_BUCKETS)), eb(requested, '=', 1)]));
  }
  const count = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  let query = base
    .select(['a.id', 'a.task_id', 'a.result', 'a.user_id', 'a.created_at', 't.data', 'u.email', 'ag.confidence'])
    .orderBy(requested, 'desc');
  query = mode === 'low_confidence' ? query.orderBy(sql`coalesce(ag.confidence, 1)`).orderBy('a.id') : query.orderBy('a.id');
  const rows = await query.limit(limit).execute();
  const ids = rows.map((r) => r.id);
  const previous = ids.length
    ? await ctx.db.reader
        .selectFrom('reviews')
        .select(['annotation_id', 'reason_code', 'comment', 'id'])
        .where('annotation_id', 'in', ids)
        .where('state', '=', 'resubmitted')
        .orderBy('id')
        .execute()
    : [];
  const lastRejection = new Map(previous.map((p) => [p.annotation_id, { reasonCode: p.reason_code, comment: p.comment }]));
  return {
    mode,
    pending: Number(count.n),
    items: rows.map((r) => ({
      annotationId: r.id,
      taskId: r.task_id,
      data: JSON.parse(r.data) as Record<string, unknown>,
      result: JSON.parse(r.result) as ResultItem[],
      annotator: { id: r.user_id, email: r.email },
      createdAt: new Date(r.created_at).toISOString(),
      confidence: r.confidence,
      previousRejection: lastRejection.get(r.id) ?? null,
    })),
  };
}

export interface ReviewInput {
  action: ReviewAction;
  reasonCode?: string | undefined;
  comment?: string | undefined;
  /** For `correct`: the reviewer's result. */
  result?: unknown;
}

/**
 * A reviewer's verdict on one answer: accept; reject with a reason code and a comment (the answer goes back to its
 * annotator); or correct (the reviewer's result is validated against the label config and stored). No one reviews
 * their own work, and an answer has at most one live verdict (the database holds that too).
 */
export async function reviewAnnotation(ctx: Context, actor: Actor, annotationId: number, input: ReviewInput): Promise<ReviewOutcome> {
  const annotation = await ctx.db.reader.selectFrom('annotations').selectAll().where('id', '=', annotationId).executeTakeFirst();
  if (!annotation) throw notFound('annotation', annotationId);
  const project = await loadVisibleProject(ctx, actor, annotation.project_id);
  if (annotation.user_id === actor.userId) throw forbidden('own_work', 'you cannot review your own answer');
  const comment = (input.comment ?? '').trim();
  if (comment.length > 2000) throw invalid('invalid_comment', 'comment: at most 2000 characters', { field: 'comment', max: 2000 });
  let reasonCode: string | null = null;
  let corrected: string | null = null;
  if (input.action === 'reject') {
    reasonCode = input.reasonCode ?? '';
    if (!/^[a-z][a-z0-9_]{0,49}$/.test(reasonCode)) {
      throw invalid('reason_required', 'reasonCode: a rejection needs a reason code (e.g. wrong_label)', { field: 'reasonCode' });
    }
  } else if (input.action === 'correct') {
    if (input.result === undefined) throw invalid('result_required', 'result: a correction needs the corrected result', { field: 'result' });
    corrected = JSON.stringify(validateResult(JSON.parse(project.label_config) as LabelConfig, input.result, await loadTaskData(ctx.db.reader, annotation.task_id)));
  }
  const now = ctx.now();
  try {
    return await ctx.db.write(async (trx) => {
      const task = await trx.selectFrom('tasks').select('is_gold').where('id', '=', annotation.task_id).executeTakeFirstOrThrow();
      if (task.is_gold === 1) throw conflict('gold_task', 'answers to gold tasks are checked against the known answer, not reviewed');
      const live = await trx.selectFrom('reviews').select(['state']).where('annotation_id', '=', annotationId).where('state', '<>', 'resubmitted').executeTakeFirst();
      if (live) throw alreadyReviewed(annotationId, live.state);
      const review = await trx
        .insertInto('reviews')
        .values({
          project_id: annotation.project_id,
          task_id: annotation.task_id,
          annotation_id: annotationId,
          annotator_id: annotation.user_id,
          reviewer_id: actor.userId,
          action: input.action,
          reason_code: reasonCode,
          comment,
          corrected_result: corrected,
          state: input.action === 'reject' ? 'open' : 'final',
          created_at: now,
          resolved_at: null,
        })
        .returning(['id', 'state'])
        .executeTakeFirstOrThrow();
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: `annotation.${input.action === 'reject' ? 'rejected' : input.action === 'correct' ? 'corrected' : 'accepted'}`,
        entityType: 'annotation',
        entityId: annotationId,
        data: { reviewId: review.id, reasonCode, comment, ...(corrected !== null ? { corrected: JSON.parse(corrected) as unknown } : {}) },
        at: now,
      });
      return { review: { id: review.id, annotationId, action: input.action, state: review.state, createdAt: new Date(now).toISOString() } };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyReviewed(annotationId, 'final');
    throw error;
  }
}

function alreadyReviewed(annotationId: number, state: string) {
  return state === 'open'
    ? conflict('awaiting_resubmission', `annotation ${annotationId} was rejected and waits for its annotator's fix`)
    : conflict('already_reviewed', `annotation ${annotationId} was already reviewed`);
}

/** The caller's answers in a project that a reviewer sent back, with the reason, waiting for a fix. */
export async function myRejections(ctx: Context, actor: Actor, projectId: number): Promise<RejectionView[]> {
  await loadVisibleProject(ctx, actor, projectId);
  const rows = await ctx.db.reader
    .selectFrom('reviews as r')
    .innerJoin('annotations as a', 'a.id', 'r.annotation_id')
    .innerJoin('tasks as t', 't.id', 'r.task_id')
    .select(['r.id', 'r.annotation_id', 'r.task_id', 'r.reason_code', 'r.comment', 'r.created_at', 'a.result', 't.data'])
    .where('r.project_id', '=', projectId)
    .where('a.user_id', '=', actor.userId)
    .where('r.state', '=', 'open')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    reviewId: r.id,
    annotationId: r.annotation_id,
    taskId: r.task_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
    result: JSON.parse(r.result) as ResultItem[],
    reasonCode: r.reason_code,
    comment: r.comment,
    rejectedAt: new Date(r.created_at).toISOString(),
  }));
}

/**
 * The annotator fixes a rejected answer. The fix replaces the annotation's result in place (so the task still has
 * one answer per worker and its counters stay right); the rejected result is kept as a numbered revision linked to
 * the rejection, and the answer goes back to the review queue.
 */
export async function resubmitAnnotation(
  ctx: Context,
  actor: Actor,
  annotationId: number,
  input: { result: unknown; leadTimeMs?: number | undefined },
): Promise<ResubmitOutcome> {
  const annotation = await ctx.db.reader.selectFrom('annotations').selectAll().where('id', '=', annotationId).executeTakeFirst();
  if (!annotation) throw notFound('annotation', annotationId);
  // Visibility first: an answer in another organisation is not found, rather than someone else's.
  const project = await loadVisibleProject(ctx, actor, annotation.project_id);
  if (annotation.user_id !== actor.userId) throw forbidden('not_your_annotation', `annotation ${annotationId} belongs to another worker`);
  const result = validateResult(JSON.parse(project.label_config) as LabelConfig, input.result, await loadTaskData(ctx.db.reader, annotation.task_id));
  const now = ctx.now();
  return ctx.db.write(async (trx) => {
    const open = await trx
      .updateTable('reviews')
      .set({ state: 'resubmitted', resolved_at: now })
      .where('annotation_id', '=', annotationId)
      .where('state', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (!open) throw conflict('not_rejected', `annotation ${annotationId} is not waiting for a fix`);
    const current = await trx.selectFrom('annotations').select(['result']).where('id', '=', annotationId).executeTakeFirstOrThrow();
    const revisions = await trx.selectFrom('annotation_revisions').select(sql<number>`count(*)`.as('n')).where('annotation_id', '=', annotationId).executeTakeFirstOrThrow();
    const revision = Number(revisions.n) + 1;
    await trx
      .insertInto('annotation_revisions')
      .values({ annotation_id: annotationId, revision, result: current.result, review_id: open.id, replaced_at: now })
      .execute();
    await trx
      .updateTable('annotations')
      .set({
        result: JSON.stringify(result),
        ...(input.leadTimeMs !== undefined ? { lead_time_ms: Math.round((annotation.lead_time_ms ?? 0) + input.leadTimeMs) } : {}),
      })
      .where('id', '=', annotationId)
      .execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'annotation.resubmitted',
      entityType: 'annotation',
      entityId: annotationId,
      data: { reviewId: open.id, revision },
      at: now,
    });
    return { annotation: { id: annotationId, taskId: annotation.task_id, revision: revision + 1, updatedAt: new Date(now).toISOString() } };
  });
}

/** An answer's earlier results and its reviews, oldest first. */
export async function annotationHistory(ctx: Context, actor: Actor, annotationId: number): Promise<AnnotationHistory> {
  const annotation = await ctx.db.reader.selectFrom('annotations').select(['id', 'project_id', 'user_id', 'result']).where('id', '=', annotationId).executeTakeFirst();
  if (!annotation) throw notFound('annotation', annotationId);
  await loadVisibleProject(ctx, actor, annotation.project_id);
  if (actor.role === 'annotator' && annotation.user_id !== actor.userId) throw notFound('annotation', annotationId);
  const [revisions, reviews] = await Promise.all([
    ctx.db.reader.selectFrom('annotation_revisions').select(['revision', 'result', 'review_id', 'replaced_at']).where('annotation_id', '=', annotationId).orderBy('revision').execute(),
    ctx.db.reader
      .selectFrom('reviews')
      .select(['id', 'action', 'reason_code', 'comment', 'corrected_result', 'state', 'reviewer_id', 'created_at'])
      .where('annotation_id', '=', annotationId)
      .orderBy('id')
      .execute(),
  ]);
  return {
    annotationId,
    result: JSON.parse(annotation.result) as ResultItem[],
    revisions: revisions.map((r) => ({ revision: r.revision, result: JSON.parse(r.result) as ResultItem[], reviewId: r.review_id, replacedAt: new Date(r.replaced_at).toISOString() })),
    reviews: reviews.map((r) => ({
      id: r.id,
      action: r.action,
      reasonCode: r.reason_code,
      comment: r.comment,
      correctedResult: r.corrected_result === null ? null : (JSON.parse(r.corrected_result) as ResultItem[]),
      state: r.state,
      reviewerId: r.reviewer_id,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}
