import type { Kysely } from 'kysely';

/**
 * What lets an import recognise a record without an external id that is already a task (issue #11: "external id or
 * data hash per record"): `tasks.data_hash`, a 32-bit hash of the task's canonical data (data-hash.ts), written with
 * the row. Deliberately without an index: an index on random keys made every published batch of a staged SQLite
 * import rewrite most of its pages (0017's first form, bench/import at 0.24x of raw inserts). An import instead
 * reads the project's hashes once, along the (project_id, id) index, into memory (core/src/tasks/known-data.ts).
 * Tasks stored before this migration have none; that read hashes their data instead.
 *
 * The staging table carries the hash (copied to the task when it is published) and `match_task_id`, the earlier
 * task a staged record was found to equal when it was staged, so publishing (and its recovery) needs no hashes.
 */
export function taskDataHashMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('tasks').addColumn('data_hash', 'bigint').execute();
      await db.schema.alterTable('import_staged_tasks').addColumn('data_hash', 'bigint').execute();
      await db.schema.alterTable('import_staged_tasks').addColumn('match_task_id', 'bigint').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('import_staged_tasks').dropColumn('match_task_id').execute();
      await db.schema.alterTable('import_staged_tasks').dropColumn('data_hash').execute();
      await db.schema.alterTable('tasks').dropColumn('data_hash').execute();
    },
  };
}
