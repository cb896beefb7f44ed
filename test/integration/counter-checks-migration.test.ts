import { isCheckViolation, migrateUpTo, sql, type Db } from '@biaozhu/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from '../support/test-db.js';

/** Every index of the tables the migration touches, by name with its definition. */
async function indexes(db: Db): Promise<string[]> {
  if (db.dialect === 'sqlite') {
    const rows = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type = 'index' and tbl_name in ('tasks', 'projects') and sql is not null order by name`.execute(db.kysely);
    return rows.rows.map((r) => `${r.name}: ${r.sql}`);
  }
  const rows = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename in ('tasks', 'projects') order by indexname`.execute(db.kysely);
  return rows.rows.map((r) => `${r.indexname}: ${r.indexdef}`);
}

describe.each(DIALECTS)('migration 0007-counter-checks on %s', (dialect) => {
  let opened: TestDb | undefined;
  afterEach(async () => opened?.close());

  it('repairs counters that drifted, then refuses drift, keeping every index and foreign key', async () => {
    // the schema as it was before 0007-counter-checks
    opened = await openTestDb(dialect, { upTo: '0006-import-runner' });
    const k = opened.db.kysely;
    const now = Date.now();
    const org = await k.insertInto('organizations').values({ name: 'o', created_at: now }).returning('id').executeTakeFirstOrThrow();
    const user = await k
      .insertInto('users')
      .values({ org_id: org.id, email: 'w@t.local', name: 'w', role: 'annotator', password_hash: 'x', disabled: 0, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const project = await k
      .insertInto('projects')
      .values({ org_id: org.id, name: 'p', description: '', label_config: '{}', overlap: 2, lease_ttl_seconds: 600, created_by: user.id, created_at: now, task_count: 9, completed_count: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const task = async (name: string, counters: { target: number; slots_used: number; answer_count: number }, gold = 0) =>
      (
        await k
          .insertInto('tasks')
          .values({ project_id: project.id, external_id: name, data: `{"text":"${name}"}`, priority: 0, created_at: now, is_gold: gold, ...counters })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const answers = async (taskId: number, n: number) => {
      for (let i = 0; i < n; i++) {
        await k
          .insertInto('annotations')
          .values({ task_id: taskId, project_id: project.id, user_id: null, result: '[]', imported_from: `{"id":${taskId * 10 + i}}`, created_at: now })
          .execute();
      }
    };
    const lease = async (taskId: number, status: 'leased' | 'submitted') =>
      (
        await k
          .insertInto('assignments')
          .values({ task_id: taskId, project_id: project.id, user_id: user.id, status, leased_at: now, expires_at: now + 600_000, finished_at: null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;

    // what the old recount left: 3 imported answers and a live lease, slots capped at the target
    const overImported = await task('over-imported', { target: 2, slots_used: 2, answer_count: 3 });
    await answers(overImported, 3);
    await lease(overImported, 'leased');
    // a submit's +1 overwritten by a stale recount
    const lostAnswer = await task('lost-answer', { target: 2, slots_used: 1, answer_count: 0 });
    const submitted = await lease(lostAnswer, 'submitted');
    await k.insertInto('annotations').values({ task_id: lostAnswer, project_id: project.id, user_id: user.id, assignment_id: submitted, result: '[]', created_at: now }).execute();
    // an expiry's -1 overwritten: a slot held by nobody
    const lostExpiry = await task('lost-expiry', { target: 3, slots_used: 2, answer_count: 0 });
    // done, and right, but the project's completed_count lost it
    const done = await task('done', { target: 2, slots_used: 2, answer_count: 2 });
    await answers(done, 2);
    await task('gold', { target: 1_000_000, slots_used: 0, answer_count: 0 }, 1);
    const before = await indexes(opened.db);

    // only this migration: later ones may add indexes of their own (0009 indexes tasks by project and id)
    await migrateUpTo(opened.db, '0007-counter-checks');

    const rows = await k.selectFrom('tasks').select(['id', 'target', 'slots_used', 'answer_count']).where('project_id', '=', project.id).orderBy('id').execute();
    const byId = new Map(rows.map((r) => [r.id, { target: r.target, slots_used: r.slots_used, answer_count: r.answer_count }]));
    expect(byId.get(overImported)).toEqual({ target: 4, slots_used: 4, answer_count: 3 });
    expect(byId.get(lostAnswer)).toEqual({ target: 2, slots_used: 1, answer_count: 1 });
    expect(byId.get(lostExpiry)).toEqual({ target: 3, slots_used: 0, answer_count: 0 });
    expect(byId.get(done)).toEqual({ target: 2, slots_used: 2, answer_count: 2 });
    expect(await k.selectFrom('projects').select(['task_count', 'completed_count']).where('id', '=', project.id).executeTakeFirstOrThrow()).toEqual({
      task_count: 4,
      completed_count: 1,
    });

    const refused = async (write: Promise<unknown>) => {
      const error = await write.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isCheckViolation(error), `expected a CHECK violation, got ${String(error)}`).toBe(true);
    };
    await refused(k.updateTable('tasks').set({ answer_count: 3 }).where('id', '=', done).execute());
    await refused(k.updateTable('tasks').set({ answer_count: -1, slots_used: 0 }).where('id', '=', lostExpiry).execute());
    await refused(k.updateTable('projects').set({ completed_count: 5 }).where('id', '=', project.id).execute());
    await refused(k.updateTable('projects').set({ completed_count: -1 }).where('id', '=', project.id).execute());

    expect(await indexes(opened.db)).toEqual(before);
    // foreign keys are enforced again, and task ids go on after the last one
    const orphan = await k
      .insertInto('annotations')
      .values({ task_id: 987_654, project_id: project.id, user_id: null, result: '[]', created_at: now })
      .execute()
      .then(
        () => 'stored',
        () => 'refused',
      );
    expect(orphan).toBe('refused');
    const next = await task('after', { target: 2, slots_used: 0, answer_count: 0 });
    expect(next).toBeGreaterThan(Math.max(...rows.map((r) => r.id)));
  });
});
