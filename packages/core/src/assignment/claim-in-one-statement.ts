import { sql } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { projectArchived } from '../projects/project-lifecycle.js';
import { checkGoldPause } from '../quality-work/gold-accuracy.js';
import { capDayStart } from './assignment-policy.js';
import { claimSettings, type ClaimSettings } from './claim-settings.js';
import type { ClaimMode, ClaimOutcome, NoTaskReason } from './claim-types.js';
import { EXPIRE_BATCH } from './expire-leases.js';

/** A row of `bz_claim_next` (storage migration 0005-claim-function). */
interface ClaimRow {
  /** `archived` comes from the wrapper of migration 0014 (the project was archived). */
  outcome: NoTaskReason | 'assignment' | 'check_pause' | 'archived';
  lease_id: number | null;
  lease_task_id: number | null;
  lease_expires_at: number | null;
  task_data: string | null;
  submitted_by_me: number;
  completed: number;
  total: number;
  guideline_version: number | null;
}

/**
 * A stale cache entry is re-read once; a policy that keeps changing between the read and the claim (a loop of
 * edits by a manager) fails the request instead of looping.
 */
const MAX_CALLS = 4;

/**
 * The claim on PostgreSQL as one statement, `bz_claim_next`: eligibility, pause, the per-worker advisory lock, lease
 * expiry, the held lease, the daily cap, gold, the SKIP LOCKED pick, the slot counter, the new assignment, and the
 * worker's progress and the task's data for the answer, all in one round trip and one transaction. With the
 * project's policy cached (claim-settings.ts) a claim is that single round trip. Two rare cases take more: a stale
 * or missing cache entry (the project is read, then the claim repeated) and a project whose quality policy has a
 * gold-accuracy pause rule (the rule is evaluated here, as on SQLite, then the claim repeated).
 */
export async function claimInOneStatement(ctx: Context, actor: Actor, projectId: number, mode: ClaimMode): Promise<ClaimOutcome> {
  let fresh = false;
  let pauseChecked = false;
  for (let call = 0; call < MAX_CALLS; call++) {
    const settings = await claimSettings(ctx, actor, projectId, fresh);
    const row = await claimStatement(ctx, actor, projectId, mode, settings, pauseChecked);
    if (row === undefined) {
      fresh = true;
      continue;
    }
    if (row.outcome === 'check_pause') {
      // A pause it records (or finds) is answered as `paused` by the next call.
      await checkGoldPause(ctx, actor, projectId);
      pauseChecked = true;
      continue;
    }
    return outcomeOf(row, projectId);
  }
  throw new Error(`claim on project ${projectId}: the project changed during ${MAX_CALLS} attempts`);
}

/** Runs `bz_claim_next` once; undefined when the cached settings no longer match the project row. */
async function claimStatement(
  ctx: Context,
  actor: Actor,
  projectId: number,
  mode: ClaimMode,
  settings: ClaimSettings,
  pauseChecked: boolean,
): Promise<ClaimRow | undefined> {
  const { policy } = settings;
  const now = ctx.now();
  const capped = policy.dailyCap !== null;
  // The gold coin is tossed here (the rate is a policy value) and only used when the worker gets a new task.
  const tryGold = policy.goldRate > 0 && Math.random() < policy.goldRate;
  const result = await sql<ClaimRow>`select * from bz_claim_next(
    ${projectId}::bigint, ${actor.userId}::bigint, ${settings.orgId}::bigint, ${settings.policyText}::text, ${now}::bigint,
    ${mode === 'ahead'}::boolean, ${policy.eligibility.teams}::bigint[], ${policy.eligibility.qualification}::text,
    ${pauseChecked}::boolean, ${capped ? capDayStart(now, policy.capUtcOffsetMinutes) : null}::bigint,
    ${policy.dailyCap}::integer, ${tryGold}::boolean, ${policy.order}::text, ${EXPIRE_BATCH}::integer)`.execute(ctx.db.kysely);
  return result.rows[0];
}

function outcomeOf(row: ClaimRow, projectId: number): ClaimOutcome {
  const progress = { submittedByMe: Number(row.submitted_by_me), completed: row.completed, total: row.total };
  if (row.outcome === 'check_pause') throw new Error('bz_claim_next asked for the pause check twice');
  if (row.outcome === 'archived') throw projectArchived(projectId);
  if (row.outcome !== 'assignment') return { reason: row.outcome, progress };
  if (row.lease_id === null || row.lease_task_id === null || row.lease_expires_at === null) {
    throw new Error(`bz_claim_next returned an assignment without a lease (project ${projectId})`);
  }
  return {
    assignment: {
      id: row.lease_id,
      taskId: row.lease_task_id,
      projectId,
      data: row.task_data === null ? {} : (JSON.parse(row.task_data) as Record<string, unknown>),
      expiresAt: new Date(row.lease_expires_at).toISOString(),
      guidelineVersion: row.guideline_version,
    },
    progress,
  };
}
