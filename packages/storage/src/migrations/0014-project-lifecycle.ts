import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Projects can be archived and deleted from the manager's console (core/src/projects/project-lifecycle.ts):
 * - `projects.archived_at`: an archived project keeps its data, is hidden from annotators' lists and hands out no
 *   new task; unarchiving clears it;
 * - `projects.deleted_at`: deletion is soft (docs/decisions/0006-soft-delete-projects.md): the row and its tasks and
 *   answers stay, so the audit chain and any export already given out keep pointing at something, but the project
 *   is not found by anyone any more.
 *
 * On PostgreSQL the claim is one SQL function (migration 0005) that reads the project row itself; claim settings
 * are cached per process, so an archive done by another process would not be noticed by the cache. The function is
 * kept as `bz_claim_next_open` and `bz_claim_next` becomes a thin wrapper that looks at the two columns first (one
 * primary-key probe in the same round trip): `archived` for an archived project, no row for a deleted one (the
 * caller then re-reads the project and gets "not found").
 */
export function projectLifecycleMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('projects').addColumn('archived_at', 'bigint').execute();
      await db.schema.alterTable('projects').addColumn('deleted_at', 'bigint').execute();
      if (dialect !== 'postgres') return;
      await sql.raw(`alter function bz_claim_next(${CLAIM_ARGUMENT_TYPES}) rename to bz_claim_next_open`).execute(db);
      await sql.raw(CLAIM_WRAPPER).execute(db);
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}

const CLAIM_ARGUMENT_TYPES = 'bigint, bigint, bigint, text, bigint, boolean, bigint[], text, boolean, bigint, integer, boolean, text, integer';

const CLAIM_WRAPPER = `
create function bz_claim_next(
  p_project bigint, p_user bigint, p_org bigint, p_policy text, p_now bigint, p_ahead boolean,
  p_teams bigint[], p_qualification text, p_pause_checked boolean,
  p_day_start bigint, p_daily_cap integer, p_try_gold boolean, p_order text, p_expire_batch integer)
returns table (outcome text, lease_id bigint, lease_task_id bigint, lease_expires_at bigint, task_data text,
  submitted_by_me bigint, completed integer, total integer, guideline_version integer)
language plpgsql
as $fn$
declare
  v_archived bigint;
  v_deleted bigint;
begin
  select p.archived_at, p.deleted_at into v_archived, v_deleted from projects p where p.id = p_project;
  if not found or v_deleted is not null then
    return;
  end if;
  if v_archived is not null then
    return query select 'archived'::text, null::bigint, null::bigint, null::bigint, null::text, 0::bigint, 0, 0, null::integer;
    return;
  end if;
  return query select * from bz_claim_next_open(p_project, p_user, p_org, p_policy, p_now, p_ahead, p_teams, p_qualification,
    p_pause_checked, p_day_start, p_daily_cap, p_try_gold, p_order, p_expire_batch);
end
$fn$`;
