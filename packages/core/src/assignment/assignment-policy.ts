import { assignmentPolicySchema, type AssignmentPolicy, type AssignmentPolicyInput } from '@biaozhu/contract';
import type { Database, Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { requireOwnTeams } from '../workforce/teams.js';
import { formatZodIssues } from '../zod-issues.js';

/** Parses a stored policy; a project created before policies existed has `{}`, i.e. all defaults. */
export function parsePolicy(json: string): AssignmentPolicy {
  return assignmentPolicySchema.parse(JSON.parse(json || '{}'));
}

/** The target (answers wanted) of a new task under the policy: fixed, or the `share` choice made from the seed. */
export function initialTarget(policy: AssignmentPolicy, projectOverlap: number, taskKey: string): number {
  if (policy.overlap.mode !== 'share') return projectOverlap;
  return unitHash(`${policy.seed}:${taskKey}`) < policy.overlap.share ? policy.overlap.overlap : projectOverlap;
}

/** FNV-1a of a string mapped to [0, 1): a reproducible coin for a seed and a key. */
export function unitHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}

/**
 * The task's place in the `random` order: a hash of the seed and the task's content key (external id, else its
 * data), so the same seed shuffles the same file the same way in any project.
 */
export function randomRank(seed: number, taskKey: string): number {
  return Math.floor(unitHash(`rank:${seed}:${taskKey}`) * 2_147_483_647);
}

/** Start of the daily cap's calendar day containing `now` (epoch ms), in the policy's offset east of UTC. */
export function capDayStart(now: number, offsetMinutes: number): number {
  const offset = offsetMinutes * 60_000;
  return Math.floor((now + offset) / 86_400_000) * 86_400_000 - offset;
}

/** The key a task is hashed by for `share` and `random`: its external id, else its data. */
export function taskKey(externalId: string | null | undefined, data: string): string {
  return externalId ?? data;
}

export interface PolicyUpdate {
  overlap?: number;
  leaseTtlSeconds?: number;
  policy: AssignmentPolicyInput;
}

/**
 * Changes a project's overlap, lease time and assignment policy, recorded in the audit log. Open tasks are
 * re-targeted at once (never below the slots they already use, so the overlap invariant holds), and a new seed
 * reshuffles the random order.
 */
export async function updateAssignmentPolicy(ctx: Context, actor: Actor, projectId: number, update: PolicyUpdate) {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const parsed = assignmentPolicySchema.safeParse(update.policy);
  if (!parsed.success) throw invalid('invalid_policy', formatZodIssues(parsed.error.issues, 'policy'));
  const policy = parsed.data;
  await requireOwnTeams(ctx, actor, policy.eligibility.teams, 'policy.eligibility.teams');
  const overlap = update.overlap ?? project.overlap;
  if (!Number.isInteger(overlap) || overlap < 1 || overlap > 50) throw invalid('invalid_overlap', 'overlap: a whole number from 1 to 50', { field: 'overlap' });
  if (policy.overlap.mode === 'dynamic' && policy.overlap.max < overlap) {
    throw invalid('invalid_policy', `policy.overlap.max: must be at least the starting overlap (${overlap})`, { field: 'policy.overlap.max' });
  }
  const ttl = update.leaseTtlSeconds ?? project.lease_ttl_seconds;
  if (!Number.isInteger(ttl) || ttl < 10 || ttl > 86_400) throw invalid('invalid_lease_ttl', 'leaseTtlSeconds: from 10 to 86400', { field: 'leaseTtlSeconds' });
  const previous = parsePolicy(project.assignment_policy);
  const now = ctx.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('projects')
      .set({ overlap, lease_ttl_seconds: ttl, assignment_policy: JSON.stringify(policy) })
      .where('id', '=', projectId)
      .execute();
    const reseed = policy.seed !== previous.seed;
    if (overlap !== project.overlap || JSON.stringify(policy.overlap) !== JSON.stringify(previous.overlap) || reseed) {
      await retarget(trx, projectId, overlap, policy, reseed);
    }
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'assignment_policy.updated',
      entityType: 'project',
      entityId: projectId,
      data: { before: { overlap: project.overlap, leaseTtlSeconds: project.lease_ttl_seconds, policy: previous }, after: { overlap, leaseTtlSeconds: ttl, policy } },
      at: now,
    });
  });
  return { overlap, leaseTtlSeconds: ttl, policy };
}

/**
 * Re-targets the project's non-gold tasks under a changed overlap policy: finished tasks reopen when the target
 * rises above their answers, and no target falls below the slots a task already uses. Paged by id, so memory stays
 * flat; it runs in the caller's transaction.
 */
async function retarget(trx: Transaction<Database>, projectId: number, overlap: number, policy: AssignmentPolicy, reseed: boolean): Promise<void> {
  let after = 0;
  for (;;) {
    const page = await trx
      .selectFrom('tasks')
      .select(['id', 'slots_used', 'target', 'external_id', 'data'])
      .where('project_id', '=', projectId)
      .where('is_gold', '=', 0)
      .where('id', '>', after)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (page.length === 0) break;
    for (const t of page) {
      const key = taskKey(t.external_id, t.data);
      const wanted = Math.max(initialTarget(policy, overlap, key), t.slots_used);
      if (wanted !== t.target || reseed) {
        await trx
          .updateTable('tasks')
          .set({ target: wanted, ...(reseed ? { random_rank: randomRank(policy.seed, key) } : {}) })
          .where('id', '=', t.id)
          .execute();
      }
    }
    after = page[page.length - 1]?.id ?? after;
  }
  const done = await trx
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .where('is_gold', '=', 0)
    .whereRef('answer_count', '>=', 'target')
    .executeTakeFirstOrThrow();
  await trx.updateTable('projects').set({ completed_count: Number(done.n) }).where('id', '=', projectId).execute();
}

/** The policy of a project as the API shows it. */
export async function getAssignmentPolicy(ctx: Context, actor: Actor, projectId: number) {
  const project = await loadVisibleProject(ctx, actor, projectId);
  return { overlap: project.overlap, leaseTtlSeconds: project.lease_ttl_seconds, policy: parsePolicy(project.assignment_policy) };
}
