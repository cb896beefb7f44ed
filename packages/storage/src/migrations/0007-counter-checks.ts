import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import { addChecksByRebuild, type CheckConstraint } from './sqlite-rebuild-table.js';

/**
 * With `tasks_slots_within_target` (0001: `0 <= slots_used <= target`) these make the counter invariant of
 * docs/decisions/0002 the database's: `0 <= answer_count <= slots_used <= target` per task, and
 * `0 <= completed_count <= task_count` per project. A write that would let a counter drift is refused.
 */
const TASK_CHECKS: CheckConstraint[] = [{ name: 'tasks_answers_within_slots', expression: 'answer_count >= 0 and answer_count <= slots_used' }];
const PROJECT_CHECKS: CheckConstraint[] = [
  { name: 'projects_completed_within_tasks', expression: 'completed_count >= 0 and completed_count <= task_count' },
];

/**
 * Counter CHECKs on both dialects. Rows that drifted before (a recount that capped `slots_used` at `target` while
 * imported answers exceeded it, a re-target or recount that wrote back counts read earlier) are repaired first:
 * every counter is set to what the rows say and a target below its used slots is raised to them. PostgreSQL adds
 * the constraints with ALTER TABLE, holding off other processes' writes meanwhile; SQLite, which cannot add a
 * constraint to a table, rebuilds `tasks` and `projects` with them (sqlite-rebuild-table.ts), keeping every index.
 */
export function counterChecksMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') {
        await addChecksByRebuild(
          db,
          [
            { table: 'tasks', checks: TASK_CHECKS },
            { table: 'projects', checks: PROJECT_CHECKS },
          ],
          (d) => repairCounters(d, dialect),
        );
        return;
      }
      // Servers of an older version may still be writing: hold their writes of the counted rows (reads go on) until
      // the repaired rows are checked. The order is the submit's (assignment, annotation, task, project).
      await sql`lock table assignments, annotations, tasks, projects in share row exclusive mode`.execute(db);
      await repairCounters(db, dialect);
      for (const c of TASK_CHECKS) await sql.raw(`alter table tasks add constraint ${c.name} check (${c.expression})`).execute(db);
      for (const c of PROJECT_CHECKS) await sql.raw(`alter table projects add constraint ${c.name} check (${c.expression})`).execute(db);
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}

/** Sets every task's and project's counters to what the rows say; only rows that differ are written. */
async function repairCounters(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const larger = dialect === 'postgres' ? sql.raw('greatest') : sql.raw('max');
  await sql`
    update tasks set answer_count = c.answers, slots_used = c.answers + c.live, target = ${larger}(tasks.target, c.answers + c.live)
    from (select t.id,
            (select count(*) from annotations a where a.task_id = t.id) as answers,
            (select count(*) from assignments s where s.task_id = t.id and s.status = 'leased') as live
          from tasks t) as c
    where c.id = tasks.id and (tasks.answer_count <> c.answers or tasks.slots_used <> c.answers + c.live)`.execute(db);
  await sql`
    update projects set task_count = c.tasks, completed_count = c.done
    from (select p.id,
            (select count(*) from tasks t where t.project_id = p.id and t.is_gold = 0) as tasks,
            (select count(*) from tasks t where t.project_id = p.id and t.is_gold = 0 and t.answer_count >= t.target) as done
          from projects p) as c
    where c.id = projects.id and (projects.task_count <> c.tasks or projects.completed_count <> c.done)`.execute(db);
}
