import { assignmentPolicySchema, type AssignmentPolicy, type AssignmentPolicyInput } from '@biaozhu/contract';
import { isDeadlock, sql, type Database, type DialectName, type Transaction } from '@biaozhu/storage';
import { advisoryXactLock } from '../advisory-locks.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { requireOwnTeams } from '../workforce/teams.js';
import { recountProjectTotals } from '../projects/project-counters.js';
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

/** A deadlock PostgreSQL broke by aborting the policy change is retried this many times in all. */
const ATTEMPTS = 3;

/**
 * Changes a project's overlap, lease time and assignment policy, recorded in the audit log. Open tasks are
 * re-targeted at once (never below the slots they already use, so the overlap invariant holds), and a new seed
 * reshuffles the random order. Annotators keep working meanwhile: see `retarget` for how it stays exact.
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
  const now = ctx.now();
  const dialect = ctx.db.dialect;
  const change = (trx: Transaction<Database>) => applyPolicy(trx, dialect, actor, projectId, { overlap, ttl, policy }, now);
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.db.kysely.transaction().execute(change);
      return { overlap, leaseTtlSeconds: ttl, policy };
    } catch (error) {
      // Another multi-row writer (an import updating tasks in file order) locked rows in another order; PostgreSQL
      // aborted this side, which changed nothing, so it can simply run again.
      if (!isDeadlock(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * The policy change as one transaction, in the lock order every writer of counters uses: the task rows (in id
 * order), then the project row, then the audit chain. The project is read again under a per-project lock, so two
 * managers saving at once are applied one after the other, each re-targeting from what the other left.
 */
async function applyPolicy(
  trx: Transaction<Database>,
  dialect: DialectName,
  actor: Actor,
  projectId: number,
  next: { overlap: number; ttl: number; policy: AssignmentPolicy },
  now: number,
): Promise<void> {
  await advisoryXactLock(trx, dialect, 'assignmentPolicy', projectId);
  const before = await trx
    .selectFrom('projects')
    .select(['overlap', 'lease_ttl_seconds', 'assignment_policy'])
    .where('id', '=', projectId)
    .executeTakeFirstOrThrow();
  const previous = parsePolicy(before.assignment_policy);
  const { overlap, ttl, policy } = next;
  const reseed = policy.seed !== previous.seed;
  const retargeted = overlap !== before.overlap || JSON.stringify(policy.overlap) !== JSON.stringify(previous.overlap) || reseed;
  if (retargeted) await retarget(trx, dialect, projectId, overlap, policy, reseed);
  await trx
    .updateTable('projects')
    .set({ overlap, lease_ttl_seconds: ttl, assignment_policy: JSON.stringify(policy) })
    .where('id', '=', projectId)
    .execute();
  if (retargeted) await recountProjectTotals(trx, dialect, projectId);
  await appendAuditEvent(trx, dialect, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'assignment_policy.updated',
    entityType: 'project',
    entityId: projectId,
    data: { before: { overlap: before.overlap, leaseTtlSeconds: before.lease_ttl_seconds, policy: previous }, after: { overlap, leaseTtlSeconds: ttl, policy } },
    at: now,
  });
}

/** Tasks re-targeted per statement. */
const PAGE = 1000;

/**
 * Re-targets the project's non-gold tasks under a changed overlap policy: finished tasks reopen when the target
 * rises above their answers, and no target falls below the slots a task already uses. It runs in the caller's
 * transaction, paged by id so memory stays flat.
 *
 * Claims, submits and expiries go on meanwhile, so the new target is `max(wanted, slots_used)` evaluated by the
 * UPDATE on the row as it is then: a claim that took a slot a moment before is never pushed over the CHECK
 * (slots_used <= target), and no count read earlier is written back. `wanted` is the policy's target for the task,
 * a function of the policy and the task's key (external id or data), which never change under it. On PostgreSQL
 * the rows to change are first locked in id order (the order every multi-row writer of tasks uses, so none can
 * deadlock another); claims skip them (SKIP LOCKED) until this transaction ends. A task whose target already is
 * `wanted` needs no change whatever happens to it meanwhile (its slots cannot pass its target), so it is not locked.
 */
async function retarget(trx: Transaction<Database>, dialect: DialectName, projectId: number, overlap: number, policy: AssignmentPolicy, reseed: boolean): Promise<void> {
  const lock = async (ids: number[]): Promise<void> => {
    if (dialect === 'postgres' && ids.length > 0) await sql`select id from tasks where id in (${sql.join(ids)}) order by id for no key update`.execute(trx);
  };
  const setTarget = async (ids: number[], wanted: number): Promise<void> => {
    if (ids.length === 0) return;
    const atLeastSlots = dialect === 'postgres' ? sql<number>`greatest(${wanted}, slots_used)` : sql<number>`max(${wanted}, slots_used)`;
    await trx.updateTable('tasks').set({ target: atLeastSlots }).where('id', 'in', ids).execute();
  };
  const open = trx.selectFrom('tasks').where('project_id', '=', projectId).where('is_gold', '=', 0);
  let after = 0;
  if (policy.overlap.mode !== 'share' && !reseed) {
    // One wanted target for every task: only the ids of tasks whose target differs are read.
    for (;;) {
      const page = (await open.select('id').where('target', '<>', overlap).where('id', '>', after).orderBy('id').limit(PAGE).execute()).map((t) => t.id);
      if (page.length === 0) break;
      await lock(page);
      await setTarget(page, overlap);
      after = page[page.length - 1] ?? after;
    }
    return;
  }
  for (;;) {
    const page = await open.select(['id', 'target', 'external_id', 'data']).where('id', '>', after).orderBy('id').limit(PAGE).execute();
    if (page.length === 0) break;
    const byWanted = new Map<number, number[]>();
    const ranks: { id: number; rank: number }[] = [];
    for (const t of page) {
      const key = taskKey(t.external_id, t.data);
      const wanted = initialTarget(policy, overlap, key);
      if (wanted !== t.target || reseed) byWanted.set(wanted, [...(byWanted.get(wanted) ?? []), t.id]);
      if (reseed) ranks.push({ id: t.id, rank: randomRank(policy.seed, key) });
    }
    await lock([...byWanted.values()].flat().sort((a, b) => a - b));
    for (const [wanted, ids] of byWanted) await setTarget(ids, wanted);
    if (ranks.length > 0) {
      // The rank is not a counter: a pure function of the seed and the key, written with the ids it belongs to.
      const rankOf = sql.join(ranks.map((r) => sql`when ${r.id} then cast(${r.rank} as bigint)`), sql` `);
      const ids = ranks.map((r) => r.id);
      await trx.updateTable('tasks').set({ random_rank: sql<number>`case id ${rankOf} end` }).where('id', 'in', ids).execute();
    }
    after = page[page.length - 1]?.id ?? after;
  }
}

/** The policy of a project as the API shows it. */
export async function getAssignmentPolicy(ctx: Context, actor: Actor, projectId: number) {
  const project = await loadVisibleProject(ctx, actor, projectId);
  return { overlap: project.overlap, leaseTtlSeconds: project.lease_ttl_seconds, policy: parsePolicy(project.assignment_policy) };
}
