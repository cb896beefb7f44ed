import type { LabelConfig } from '@biaozhu/contract';
import type { TaskData } from '@biaozhu/label-types';
import { isUniqueViolation, type Database, type Transaction } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { conflict, DomainError, invalid } from '../errors.js';
import { loadOwnAssignment } from '../assignment/own-assignment.js';
import { currentGuideline } from '../projects/guidelines.js';
import { validateResult } from './validate-result.js';
import { askForMoreIfDisagreeing } from './dynamic-overlap.js';
import { startedFrom, recordAssist } from '../ml/annotation-assist.js';

export interface SubmitInput {
  result: unknown;
  leadTimeMs?: number | undefined;
  idempotencyKey: string;
  /** The guideline version the worker saw; when given and no longer current, the submit is refused. */
  guidelineVersion?: number | undefined;
  /** The prediction the worker started from (the one sent with the claim); the change from it is recorded. */
  predictionId?: number | undefined;
}

export interface SubmitOutcome {
  annotation: { id: number; taskId: number; assignmentId: number; createdAt: string };
  /** True when this call repeated an earlier successful submit with the same idempotency key. */
  replayed: boolean;
  /** True when the lease had expired but the task still needed the answer, so it was kept. */
  late: boolean;
}

const MAX_KEY_LENGTH = 200;
const MAX_LEAD_TIME_MS = 24 * 3600 * 1000;

/**
 * Stores a worker's answer to their assignment, exactly once.
 *
 * - The same idempotency key again returns the stored answer (a retry after a timeout is safe).
 * - A live lease becomes `submitted`; its slot becomes an answer.
 * - An expired lease is still accepted while the task needs answers (it takes a free slot again); when the task is
 *   full the caller gets a 409 `lease_expired_task_full`: an answer is never dropped silently.
 * Each state change is a conditional UPDATE on the assignment's status, so a concurrent expiry or a second submit
 * cannot both win.
 */
export async function submitAnnotation(ctx: Context, actor: Actor, assignmentId: number, input: SubmitInput): Promise<SubmitOutcome> {
  const key = input.idempotencyKey;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw invalid('invalid_idempotency_key', `idempotencyKey: a string of 1 to ${MAX_KEY_LENGTH} characters is required`, { field: 'idempotencyKey', max: MAX_KEY_LENGTH });
  }
  const leadTime = input.leadTimeMs;
  if (leadTime !== undefined && (!Number.isFinite(leadTime) || leadTime < 0 || leadTime > MAX_LEAD_TIME_MS)) {
    throw invalid('invalid_lead_time', `leadTimeMs: a number of milliseconds from 0 to ${MAX_LEAD_TIME_MS}`, { field: 'leadTimeMs', max: MAX_LEAD_TIME_MS });
  }
  const assignment = await loadOwnAssignment(ctx.db.reader, actor, assignmentId);
  const replay = await findReplay(ctx, actor.userId, key, assignmentId);
  if (replay) return replay;

  // The task's data with the config in the same round trip: answers are checked against it (a span's text).
  const project = await ctx.db.reader
    .selectFrom('projects')
    .innerJoin('tasks', 'tasks.project_id', 'projects.id')
    .select(['projects.label_config', 'tasks.data'])
    .where('tasks.id', '=', assignment.task_id)
    .executeTakeFirstOrThrow();
  const result = validateResult(JSON.parse(project.label_config) as LabelConfig, input.result, JSON.parse(project.data) as TaskData);
  const prediction = input.predictionId === undefined ? undefined : await startedFrom(ctx.db.reader, assignment.task_id, input.predictionId);
  const now = ctx.now();

  try {
    return await ctx.db.write(async (trx) => {
      const guideline = await currentGuideline(trx, assignment.project_id);
      if (input.guidelineVersion !== undefined && guideline && input.guidelineVersion !== guideline.version) {
        throw conflict(
          'stale_guideline',
          `the guidelines changed (you saw version ${input.guidelineVersion}, current is ${guideline.version}); read them and submit again`,
          { seen: input.guidelineVersion, current: guideline.version },
        );
      }
      // takeAnswerSlot moves the assignment to `submitted` (or explains why it cannot).
      const late = await takeAnswerSlot(trx, assignmentId, assignment.task_id, now);
      const annotation = await trx
        .insertInto('annotations')
        .values({
          task_id: assignment.task_id,
          project_id: assignment.project_id,
          user_id: actor.userId,
          assignment_id: assignmentId,
          result: JSON.stringify(result),
          lead_time_ms: leadTime === undefined ? null : Math.round(leadTime),
          guideline_version: guideline?.version ?? null,
          idempotency_key: key,
          imported_from: null,
          created_at: now,
        })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      if (prediction) await recordAssist(trx, { annotationId: annotation.id, projectId: assignment.project_id, taskId: assignment.task_id, prediction, result, now });
      const task = await trx
        .updateTable('tasks')
        .set((eb) => ({ answer_count: eb('answer_count', '+', 1) }))
        .where('id', '=', assignment.task_id)
        .returning(['answer_count', 'target', 'is_gold'])
        .executeTakeFirstOrThrow();
      if (task.answer_count === task.target && task.is_gold === 0) {
        const extended = await askForMoreIfDisagreeing(trx, assignment.task_id, assignment.project_id, task.target);
        if (!extended) {
          await trx
            .updateTable('projects')
            .set((eb) => ({ completed_count: eb('completed_count', '+', 1) }))
            .where('id', '=', assignment.project_id)
            .execute();
        }
      }
      return {
        annotation: { id: annotation.id, taskId: assignment.task_id, assignmentId, createdAt: new Date(annotation.created_at).toISOString() },
        replayed: false,
        late,
      };
    });
  } catch (error) {
    // Two copies of the same submit raced: the loser returns what the winner stored. The winner may have committed
    // after this call's first look (unique violation on the key), or before its status check (already_submitted).
    if (isUniqueViolation(error) || (error instanceof DomainError && error.code === 'already_submitted')) {
      const again = await findReplay(ctx, actor.userId, key, assignmentId);
      if (again) return again;
    }
    throw error;
  }
}

/**
 * Moves the assignment out of `leased`/`expired` into an answer slot, or explains why it cannot. Returns whether the
 * lease had expired (a late submit).
 */
async function takeAnswerSlot(trx: Transaction<Database>, assignmentId: number, taskId: number, now: number): Promise<boolean> {
  // A lease that is still `leased` holds its slot, even if its time ran out and no one has reclaimed it yet.
  const fromLease = await trx
    .updateTable('assignments')
    .set({ status: 'submitted', finished_at: now })
    .where('id', '=', assignmentId)
    .where('status', '=', 'leased')
    .executeTakeFirst();
  if (Number(fromLease.numUpdatedRows) === 1) return false;

  const current = await trx.selectFrom('assignments').select(['status', 'expires_at']).where('id', '=', assignmentId).executeTakeFirstOrThrow();
  switch (current.status) {
    case 'submitted':
      throw conflict('already_submitted', `assignment ${assignmentId} already has an answer (sent with another idempotency key)`);
    case 'skipped':
      throw conflict('assignment_skipped', `assignment ${assignmentId} was skipped; ask for the next task instead`);
    case 'leased':
      throw new DomainError('conflict', 'retry', 'the assignment changed while saving; send the same request again');
    case 'expired': {
      const slot = await trx
        .updateTable('tasks')
        .set((eb) => ({ slots_used: eb('slots_used', '+', 1) }))
        .where('id', '=', taskId)
        .whereRef('slots_used', '<', 'target')
        .executeTakeFirst();
      if (Number(slot.numUpdatedRows) !== 1) {
        throw conflict(
          'lease_expired_task_full',
          `your lease on this task expired at ${new Date(current.expires_at).toISOString()} and the task has since received all the answers it needs; this answer was not stored`,
          { expiredAt: new Date(current.expires_at).toISOString() },
        );
      }
      const claimed = await trx
        .updateTable('assignments')
        .set({ status: 'submitted', finished_at: now })
        .where('id', '=', assignmentId)
        .where('status', '=', 'expired')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        throw new DomainError('conflict', 'retry', 'the assignment changed while saving; send the same request again');
      }
      return true;
    }
  }
}

async function findReplay(ctx: Context, userId: number, key: string, assignmentId: number): Promise<SubmitOutcome | undefined> {
  const existing = await ctx.db.reader
    .selectFrom('annotations')
    .select(['id', 'task_id', 'assignment_id', 'created_at'])
    .where('user_id', '=', userId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!existing) return undefined;
  if (existing.assignment_id !== assignmentId) {
    throw conflict('idempotency_key_reused', `idempotencyKey was already used for assignment ${existing.assignment_id}; use a new key per answer`);
  }
  return {
    annotation: { id: existing.id, taskId: existing.task_id, assignmentId, createdAt: new Date(existing.created_at).toISOString() },
    replayed: true,
    late: false,
  };
}
