import { sql, type Database, type Transaction } from '@biaozhu/storage';
import { roleInProject } from '../access/project-access.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { projectArchived } from '../projects/project-lifecycle.js';
import { checkTaskSelection, MAX_BULK_TASKS } from '../tasks/task-browser-actions.js';
import { filteredTaskIds, isFilterSet, type TaskFilter } from '../tasks/task-filter.js';
import { parsePolicy } from './assignment-policy.js';
import { isEligible } from './eligibility.js';

/** How long an assigned task waits for its person by default, and at most (hours). */
export const DEFAULT_HOLD_HOURS = 24;
export const MAX_HOLD_HOURS = 168;

export interface AssignTasksInput {
  /** The person the tasks are handed to. */
  userId: unknown;
  /** The selection; or `filter`: the first MAX_BULK_TASKS tasks (in id order) the browser's filter matches. */
  taskIds?: unknown;
  filter?: TaskFilter | undefined;
  /** How long the tasks wait for the person before they go back to everyone (DEFAULT_HOLD_HOURS). */
  holdHours?: unknown;
}

export interface AssignTasksResult {
  userId: number;
  name: string;
  /** Tasks now waiting for the person, in the order they will get them. */
  assigned: number;
  assignedTaskIds: number[];
  /** Left out: the person already answered the task. */
  alreadyAnswered: number;
  /** Left out: the person had the task before and skipped it or let the lease run out (nobody gets a task twice). */
  givenBefore: number;
  /** Left out: the person holds the task already (a lease of their own, or an earlier assignment). */
  alreadyHeld: number;
  /** Left out: the task has as many answers and live leases as its overlap asks for. */
  overlapFull: number;
  /** Left out: gold tasks stay hidden honeypots handed out at the policy's rate, never to a named person. */
  gold: number;
  /** Tasks the filter matched beyond the MAX_BULK_TASKS taken (0 for a selection). */
  notTaken: number;
  /** When the assigned tasks go back to everyone if the person has not started them. */
  heldUntil: string;
}

/**
 * Hands the selected tasks to one named person of the project (the task browser's "assign to"): each task the person
 * may still work on gets a lease in their name, held for `holdHours`, so their next requests for work return those
 * tasks first, in the order given, before anything the policy would pick (claim-next.ts hands back held leases
 * before new ones). It is the claim's own record, so every rule of the claim holds: the lease takes one of the task's
 * overlap slots (by the same conditional UPDATE, so a full task is left out), the UNIQUE (task, worker) constraint
 * keeps a person from getting a task twice, and the lease sweeper gives a task nobody started back to everyone once
 * the hold runs out. From the person's first heartbeat the lease runs on the project's lease time like any other.
 *
 * The person must be allowed to annotate the project: of this organisation, active, seeing the project (membership
 * or access) as annotator or reviewer, and eligible under the assignment policy (teams, qualification) and not
 * paused by the gold rule. Otherwise a 400 names the person and the reason, and nothing is written. Tasks left out
 * are counted by reason. Audited with the task ids and the figures.
 */
export async function assignTasks(ctx: Context, actor: Actor, projectId: number, input: AssignTasksInput): Promise<AssignTasksResult> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  if (project.archived_at !== null) throw projectArchived(projectId);
  const holdHours = input.holdHours ?? DEFAULT_HOLD_HOURS;
  if (typeof holdHours !== 'number' || !Number.isInteger(holdHours) || holdHours < 1 || holdHours > MAX_HOLD_HOURS) {
    throw invalid('invalid_hold', `holdHours: a whole number of hours from 1 to ${MAX_HOLD_HOURS}`, { field: 'holdHours' });
  }
  const person = await checkAssignee(ctx, actor, project, input.userId);
  const chosen = await chosenTasks(ctx, projectId, input);
  const dialect = ctx.db.dialect;
  const now = ctx.now();
  const heldUntil = now + holdHours * 3_600_000;
  return ctx.db.write(async (trx) => {
    // The person's own claims take this lock too (claim-in-transaction.ts, bz_claim_next), so a claim never reads
    // their leases halfway through the assignment. Then the tasks, in id order: every multi-row writer's order.
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${projectId}::int, ${person.id}::int)`.execute(trx);
      await sql`select id from tasks where id in (${sql.join(chosen.ids)}) order by id for update`.execute(trx);
    }
    const rows = await trx
      .selectFrom('tasks as t')
      .select(['t.id', 't.is_gold'])
      .select((eb) => [
        eb.selectFrom('assignments as a').select('a.status').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', person.id).limit(1).as('mine'),
      ])
      .where('t.project_id', '=', projectId)
      .where('t.id', 'in', chosen.ids)
      .execute();
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const missing = chosen.ids.find((id) => !byId.has(id));
    if (missing !== undefined) throw notFound('task', missing);
    const counts = { alreadyAnswered: 0, givenBefore: 0, alreadyHeld: 0, overlapFull: 0, gold: 0 };
    const assigned: number[] = [];
    // In the order given: the person's leases are handed back in id order, so that is the order they get them.
    for (const taskId of chosen.ids) {
      const row = byId.get(taskId)!;
      if (Number(row.is_gold) === 1) counts.gold += 1;
      else if (row.mine === 'leased') counts.alreadyHeld += 1;
      else if (row.mine === 'submitted') counts.alreadyAnswered += 1;
      else if (row.mine !== null && row.mine !== undefined) counts.givenBefore += 1;
      else if (await takeSlot(trx, taskId)) {
        await trx
          .insertInto('assignments')
          .values({ task_id: taskId, project_id: projectId, user_id: person.id, status: 'leased', leased_at: now, expires_at: heldUntil, finished_at: null })
          .execute();
        assigned.push(taskId);
      } else counts.overlapFull += 1;
    }
    const result: AssignTasksResult = {
      userId: person.id,
      name: person.name,
      assigned: assigned.length,
      assignedTaskIds: assigned,
      ...counts,
      notTaken: chosen.notTaken,
      heldUntil: new Date(heldUntil).toISOString(),
    };
    await appendAuditEvent(trx, dialect, {
      orgId: project.org_id,
      actorId: actor.userId,
      action: 'tasks.assign',
      entityType: 'project',
      entityId: projectId,
      data: { ...result, taskIds: chosen.ids, byFilter: chosen.byFilter },
      at: now,
    });
    return result;
  });
}

/** Raises the task's slot counter if it has a slot left (the claim's conditional UPDATE). */
async function takeSlot(trx: Transaction<Database>, taskId: number): Promise<boolean> {
  const raised = await trx
    .updateTable('tasks')
    .set((eb) => ({ slots_used: eb('slots_used', '+', 1) }))
    .where('id', '=', taskId)
    .whereRef('slots_used', '<', 'target')
    .executeTakeFirst();
  return Number(raised.numUpdatedRows) === 1;
}

/** The selection as given (checked, in the order given), or the first tasks the filter matches in id order. */
async function chosenTasks(ctx: Context, projectId: number, input: AssignTasksInput): Promise<{ ids: number[]; notTaken: number; byFilter: boolean }> {
  if (input.taskIds !== undefined && input.filter !== undefined) {
    throw invalid('selection_and_filter', 'taskIds, filter: give the selection or the filter, not both', { field: 'filter' });
  }
  if (input.filter === undefined) {
    checkTaskSelection(input.taskIds);
    // checkTaskSelection sorts; the order given is the order the person gets them.
    return { ids: [...new Set(input.taskIds as number[])], notTaken: 0, byFilter: false };
  }
  if (!isFilterSet(input.filter)) {
    throw invalid('empty_filter', 'filter: set at least one filter (an empty filter would hand out the whole project)', { field: 'filter' });
  }
  const db = ctx.db.reader;
  const matched = await filteredTaskIds(db, projectId, input.filter).orderBy('id').limit(MAX_BULK_TASKS + 1).execute();
  if (matched.length === 0) throw invalid('empty_selection', 'filter: no task matches the filter', { field: 'filter' });
  const ids = matched.slice(0, MAX_BULK_TASKS).map((r) => Number(r.id));
  let notTaken = 0;
  if (matched.length > MAX_BULK_TASKS) {
    const all = await db
      .selectFrom(filteredTaskIds(db, projectId, input.filter).as('f'))
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    notTaken = Number(all.n) - ids.length;
  }
  return { ids, notTaken, byFilter: true };
}

/**
 * The person the tasks go to, or the 400 that names them and why they cannot take the project's work (404-free on
 * purpose: a user id of another organisation is answered like an unknown one, naming only the id).
 */
async function checkAssignee(ctx: Context, actor: Actor, project: { id: number; org_id: number; access: 'organisation' | 'members'; assignment_policy: string }, userId: unknown) {
  if (!Number.isSafeInteger(userId) || (userId as number) <= 0) throw invalid('invalid_user_id', `userId: a user id, got ${JSON.stringify(userId)}`, { field: 'userId' });
  const row = await ctx.db.reader
    .selectFrom('users as u')
    .leftJoin('project_members as pm', (j) => j.onRef('pm.user_id', '=', 'u.id').on('pm.project_id', '=', project.id))
    .select(['u.id', 'u.name', 'u.email', 'u.role', 'u.disabled', 'u.org_id', 'pm.role as member_role'])
    .where('u.id', '=', userId as number)
    .executeTakeFirst();
  if (!row || row.org_id !== actor.orgId) throw invalid('unknown_user', `userId: no user ${String(userId)} in your organisation`, { field: 'userId', userId });
  const who = `${row.name} (${row.email})`;
  // The message and details of a refusal; each code stays a literal at its throw (the web's error-code scan reads them).
  const refusal = (why: string) => [`userId: ${who} ${why}`, { field: 'userId', userId: row.id, name: row.name }] as const;
  if (row.disabled === 1) throw invalid('assignee_disabled', ...refusal('is deactivated'));
  const role = roleInProject({ orgId: row.org_id, role: row.role }, { orgId: project.org_id, access: project.access }, row.member_role ?? null);
  if (role === null) throw invalid('assignee_not_member', ...refusal(`is not a member of project ${project.id} (it is open to its members only)`));
  if (role !== 'annotator' && role !== 'reviewer') throw invalid('assignee_cannot_annotate', ...refusal(`is a ${role} and does not take annotation work`));
  const policy = parsePolicy(project.assignment_policy);
  if (!(await isEligible(ctx, row.id, policy))) {
    const parts = [policy.eligibility.teams.length > 0 ? 'a member of one of its teams' : null, policy.eligibility.qualification !== null ? `qualified "${policy.eligibility.qualification}"` : null];
    throw invalid('assignee_not_eligible', ...refusal(`is not eligible under the project's assignment policy (it asks for ${parts.filter(Boolean).join(' and ')})`));
  }
  const paused = await ctx.db.reader
    .selectFrom('worker_pauses')
    .select('user_id')
    .where('project_id', '=', project.id)
    .where('user_id', '=', row.id)
    .where('status', '=', 'paused')
    .executeTakeFirst();
  if (paused) throw invalid('assignee_paused', ...refusal('is paused on this project by its gold-accuracy rule until a manager lifts the pause'));
  return { id: Number(row.id), name: row.name };
}
