import type { Kysely } from 'kysely';

/**
 * Imports that never hold the database for long (docs/reliability.md, "Imports"):
 * - `import_staged_tasks`: on SQLite an import first writes its records here in short transactions, where no reader
 *   looks, then publishes them into `tasks` batch by batch after it has committed; a failed or interrupted import
 *   leaves rows only here, and they are deleted. Each row is a record ready to become a task (placement computed,
 *   carried Label Studio annotations and predictions as JSON).
 * - `imports.phase` (`staging`, `publishing`, `cleanup`, or null when nothing is staged) and `published_seq` (the
 *   last record published), so a restart can finish a committed import or clean up a dead one;
 * - `imports.on_conflict` and the counts of what happened to records whose task already existed (unchanged,
 *   skipped, refused, with the refused records listed), and the annotation and prediction counts.
 */
export function importStagingMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('import_staged_tasks')
        .addColumn('import_id', 'bigint', (c) => c.notNull().references('imports.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('external_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('target', 'integer', (c) => c.notNull())
        .addColumn('random_rank', 'bigint', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('gold_result', 'text')
        .addColumn('annotations', 'text')
        .addColumn('predictions', 'text')
        .addPrimaryKeyConstraint('import_staged_tasks_pk', ['import_id', 'seq'])
        .execute();
      const add = (name: string, type: 'text' | 'integer', notNullDefault?: string | number) =>
        db.schema
          .alterTable('imports')
          .addColumn(name, type, (c) => (notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault)))
          .execute();
      await add('on_conflict', 'text', 'update');
      await add('phase', 'text');
      await add('published_seq', 'integer', 0);
      await add('tasks_unchanged', 'integer', 0);
      await add('tasks_skipped', 'integer', 0);
      await add('tasks_refused', 'integer', 0);
      await add('refused', 'text', '[]');
      await add('annotations_imported', 'integer', 0);
      await add('predictions_imported', 'integer', 0);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('import_staged_tasks').execute();
      for (const c of ['on_conflict', 'phase', 'published_seq', 'tasks_unchanged', 'tasks_skipped', 'tasks_refused', 'refused', 'annotations_imported', 'predictions_imported']) {
        await db.schema.alterTable('imports').dropColumn(c).execute();
      }
    },
  };
}
