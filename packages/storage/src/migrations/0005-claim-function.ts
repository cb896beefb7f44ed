import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * PostgreSQL only: the claim of the next task as SQL functions, so that a claim is one round trip instead of about
 * ten (each round trip holds a pooled connection while Node and PostgreSQL wait on each other). The rules are those
 * of core/src/assignment (claim-in-transaction.ts is the same claim written as separate statements, used on SQLite,
 * where a statement costs no round trip). The functions take unqualified table names, so they work in whatever
 * schema the connection's search_path names (each test run has its own). SQLite has nothing to create.
 *
 * `plan_cache_mode = force_generic_plan`: PL/pgSQL keeps a plan per statement and connection, but by default it
 * plans again for each call's values whenever the generic plan looks costlier, which it always does for a range on
 * a timestamp (`expires_at < now`); that planning cost more than the claim itself. Every statement here is written
 * so that its generic plan is the index walk it needs. The setting on bz_claim_next also holds for the functions it
 * calls (a SET on each of them would cost more than the planning it saves); the lease sweeper, which calls
 * bz_expire_leases directly every 30 s, keeps the default.
 */
export function claimFunctionMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      // The leases a worker holds in a project, in id order: the claim's first question. Without it a table that
      // has not been analysed yet (a new installation, the first minute of a project) gets a plan that walks every
      // live lease of the project (assignments_live) on each claim. It holds live leases only, so it stays small.
      // SQLite picks assignments_user_project for that query by itself and keeps one index less to write.
      await db.schema
        .createIndex('assignments_worker_live')
        .on('assignments')
        .columns(['user_id', 'project_id', 'id'])
        .where(sql.ref('status'), '=', 'leased')
        .execute();
      await sql.raw(EXPIRE_LEASES).execute(db);
      await sql.raw(CLAIM_NEXT).execute(db);
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}

/**
 * Returns leases that ran out to the pool (all projects when p_project is null), at most p_batch per call, the
 * longest expired first. Concurrent callers never deadlock: each takes a disjoint set of leases (SKIP LOCKED) and
 * then lowers the task counters in task-id order. The status check keeps it from racing a late submit: whichever
 * changes the row first wins. The candidates are read in expiry order so that the plan is a range scan of the
 * assignments_live index that stops at once when nothing has expired (the usual case on the claim path); two static
 * branches rather than `p_project is null or ...` for the same reason.
 */
const EXPIRE_LEASES = `
create or replace function bz_expire_leases(p_project bigint, p_now bigint, p_batch integer) returns integer
language plpgsql as $fn$
declare
  v_leases bigint[];
  v_tasks bigint[];
  r record;
begin
  if p_project is null then
    select array_agg(c.id) into v_leases
    from (select a.id from assignments a where a.status = 'leased' and a.expires_at < p_now
          order by a.expires_at limit p_batch for update skip locked) c;
  else
    select array_agg(c.id) into v_leases
    from (select a.id from assignments a where a.project_id = p_project and a.status = 'leased' and a.expires_at < p_now
          order by a.expires_at limit p_batch for update skip locked) c;
  end if;
  if v_leases is null then
    return 0;
  end if;
  with expired as (
    update assignments set status = 'expired', finished_at = p_now
    where id = any(v_leases) and status = 'leased'
    returning task_id)
  select array_agg(task_id) into v_tasks from expired;
  if v_tasks is null then
    return 0;
  end if;
  for r in select u.task_id, count(*)::integer as n from unnest(v_tasks) as u(task_id) group by u.task_id order by u.task_id loop
    update tasks set slots_used = slots_used - r.n where id = r.task_id;
  end loop;
  return cardinality(v_tasks);
end
$fn$`;

/**
 * The whole claim as one statement (its own transaction). The caller passes the project's policy as it parsed it
 * (order, cap, eligibility, the gold coin already tossed) together with the policy text it parsed; when the stored
 * text differs (the policy changed, or the project is not in the caller's organisation) no row is returned and the
 * caller re-reads the project. Outcomes, in the order the rules apply:
 *   not_eligible | paused | check_pause (a gold-accuracy pause rule is set: the caller evaluates it and calls again
 *   with p_pause_checked) | assignment (the live lease the worker holds, else a new one) | cap_reached |
 *   held_by_others | all_done.
 * Every row also carries the worker's progress and the current guideline version (read before the claim, which
 * changes neither) and, with a lease, the task's data.
 *
 * The open task is found by one static statement per order, with is_gold as a literal, so that each cached plan
 * walks its partial index (tasks_open*, tasks_gold) and skips rows other claims hold (FOR UPDATE SKIP LOCKED); its
 * slot counter is raised in the same statement, conditionally, so the CHECK (slots_used <= target) is never hit.
 * Gold tasks are always taken in the seeded random order. Statements are few on purpose: each costs an executor
 * start, and on this path that adds up.
 */
const CLAIM_NEXT = `
create or replace function bz_claim_next(
  p_project bigint, p_user bigint, p_org bigint, p_policy text, p_now bigint, p_ahead boolean,
  p_teams bigint[], p_qualification text, p_pause_checked boolean,
  p_day_start bigint, p_daily_cap integer, p_try_gold boolean, p_order text, p_expire_batch integer)
returns table (outcome text, lease_id bigint, lease_task_id bigint, lease_expires_at bigint, task_data text,
  submitted_by_me bigint, completed integer, total integer, guideline_version integer)
language plpgsql
set plan_cache_mode = force_generic_plan
as $fn$
#variable_conflict use_column
declare
  v_org bigint;
  v_policy text;
  v_ttl integer;
  v_eligible boolean;
  v_paused boolean;
  v_pause_rule boolean;
  v_held_ids bigint[];
  v_held_tasks bigint[];
  v_held_expiry bigint[];
  v_held_n integer;
  v_want integer;
begin
  select p.org_id, p.assignment_policy, p.lease_ttl_seconds, p.completed_count, p.task_count,
    (cardinality(p_teams) = 0
       or exists (select 1 from team_members m where m.user_id = p_user and m.team_id = any(p_teams)))
    and (p_qualification is null
       or exists (select 1 from qualifications q where q.user_id = p_user and q.name = p_qualification)),
    exists (select 1 from worker_pauses w where w.project_id = p_project and w.user_id = p_user and w.status = 'paused'),
    -- The automatic pause counts gold answers and may record a pause: that stays in the application.
    not p_pause_checked and exists (select 1 from quality_policies qp
                                    where qp.project_id = p_project and (qp.policy::jsonb ->> 'pauseBelow') is not null),
    (select count(*) from annotations n where n.user_id = p_user and n.project_id = p_project),
    (select max(g.version) from guideline_versions g where g.project_id = p_project)
  into v_org, v_policy, v_ttl, completed, total, v_eligible, v_paused, v_pause_rule, submitted_by_me, guideline_version
  from projects p where p.id = p_project;
  if not found or v_org <> p_org or v_policy <> p_policy then
    return;
  end if;

  <<claim>>
  begin
    if not v_eligible then
      outcome := 'not_eligible';
      exit claim;
    end if;
    if v_paused then
      outcome := 'paused';
      exit claim;
    end if;
    if v_pause_rule then
      outcome := 'check_pause';
      exit claim;
    end if;

    -- One claim at a time per worker and project, so two simultaneous requests cannot take extra tasks.
    perform pg_advisory_xact_lock(p_project::integer, p_user::integer);
    -- Usually nothing has expired: one index probe decides, without the call.
    if exists (select 1 from assignments a where a.project_id = p_project and a.status = 'leased' and a.expires_at < p_now) then
      perform bz_expire_leases(p_project, p_now, p_expire_batch);
    end if;

    -- A worker holding a live lease gets it back (in 'ahead' mode: the second one), never a new task.
    select array_agg(h.id order by h.id), array_agg(h.task_id order by h.id), array_agg(h.expires_at order by h.id)
    into v_held_ids, v_held_tasks, v_held_expiry
    from (select a.id, a.task_id, a.expires_at from assignments a
          where a.user_id = p_user and a.project_id = p_project and a.status = 'leased' and a.expires_at >= p_now
          order by a.id limit 2) h;
    v_held_n := coalesce(cardinality(v_held_ids), 0);
    v_want := case when p_ahead and v_held_n > 0 then 2 else 1 end;
    if v_held_n >= v_want then
      lease_id := v_held_ids[v_want];
      lease_task_id := v_held_tasks[v_want];
      lease_expires_at := v_held_expiry[v_want];
      select t.data into task_data from tasks t where t.id = lease_task_id;
      outcome := 'assignment';
      exit claim;
    end if;

    if p_daily_cap is not null
       and (select count(*) from annotations n where n.user_id = p_user and n.project_id = p_project and n.created_at >= p_day_start)
           + v_held_n >= p_daily_cap then
      outcome := 'cap_reached';
      exit claim;
    end if;

    if p_try_gold then
      update tasks set slots_used = slots_used + 1
      where id = (select t.id from tasks t
                  where t.project_id = p_project and t.slots_used < t.target and t.is_gold = 1
                    and not exists (select 1 from assignments a where a.task_id = t.id and a.user_id = p_user)
                  order by t.random_rank, t.id limit 1 for update skip locked)
        and slots_used < target
      returning id, data into lease_task_id, task_data;
    end if;
    if lease_task_id is not null then
      null; -- a gold task was taken
    elsif p_order = 'import' then
      -- project_id as a one-value range and in the ORDER BY: with an equality the primary key's id order also fits,
      -- and the planner (which cannot estimate slots_used < target) often prefers it, walking every finished task
      -- of the project on each claim; this way only the open-task index gives the order.
      update tasks set slots_used = slots_used + 1
      where id = (select t.id from tasks t
                  where t.project_id between p_project and p_project and t.slots_used < t.target and t.is_gold = 0
                    and not exists (select 1 from assignments a where a.task_id = t.id and a.user_id = p_user)
                  order by t.project_id, t.id limit 1 for update skip locked)
        and slots_used < target
      returning id, data into lease_task_id, task_data;
    elsif p_order = 'priority' then
      update tasks set slots_used = slots_used + 1
      where id = (select t.id from tasks t
                  where t.project_id = p_project and t.slots_used < t.target and t.is_gold = 0
                    and not exists (select 1 from assignments a where a.task_id = t.id and a.user_id = p_user)
                  order by t.priority desc, t.id limit 1 for update skip locked)
        and slots_used < target
      returning id, data into lease_task_id, task_data;
    elsif p_order = 'fewest_answers' then
      update tasks set slots_used = slots_used + 1
      where id = (select t.id from tasks t
                  where t.project_id = p_project and t.slots_used < t.target and t.is_gold = 0
                    and not exists (select 1 from assignments a where a.task_id = t.id and a.user_id = p_user)
                  order by t.answer_count, t.id limit 1 for update skip locked)
        and slots_used < target
      returning id, data into lease_task_id, task_data;
    elsif p_order = 'random' then
      update tasks set slots_used = slots_used + 1
      where id = (select t.id from tasks t
                  where t.project_id = p_project and t.slots_used < t.target and t.is_gold = 0
                    and not exists (select 1 from assignments a where a.task_id = t.id and a.user_id = p_user)
                  order by t.random_rank, t.id limit 1 for update skip locked)
        and slots_used < target
      returning id, data into lease_task_id, task_data;
    else
      raise exception 'unknown claim order %', p_order;
    end if;

    if lease_task_id is null then
      -- Work this worker could still do once someone else's lease ends.
      outcome := case when exists (
          select 1 from tasks t
          where t.project_id = p_project and t.is_gold = 0 and t.answer_count < t.target
            and not exists (select 1 from assignments a where a.task_id = t.id and a.user_id = p_user))
        then 'held_by_others' else 'all_done' end;
      exit claim;
    end if;

    insert into assignments (task_id, project_id, user_id, status, leased_at, expires_at, finished_at)
    values (lease_task_id, p_project, p_user, 'leased', p_now, p_now + v_ttl::bigint * 1000, null)
    returning id, expires_at into lease_id, lease_expires_at;
    outcome := 'assignment';
  end claim;
  return next;
end
$fn$`;
