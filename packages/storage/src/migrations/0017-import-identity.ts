import type { Kysely } from 'kysely';

/**
 * `imports.content_sha256`, the SHA-256 of the uploaded file, with an index per project: a file uploaded again is
 * named as such, and under `onConflict: skip` refused before anything is read (issue #11: re-importing the same file
 * is detected). Records are recognised one by one by their external id (import-records.ts).
 *
 * A per-record data hash (an indexed `tasks.data_hash`) was tried and left out: its random keys made every published
 * batch of a staged SQLite import rewrite most of that index's pages, and `bench/import` fell from 0.56x to 0.24x of
 * raw inserts (the budget is 0.5x).
 */
export function importIdentityMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('imports').addColumn('content_sha256', 'text').execute();
      await db.schema.createIndex('imports_project_content').on('imports').columns(['project_id', 'content_sha256']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('imports_project_content').execute();
      await db.schema.alterTable('imports').dropColumn('content_sha256').execute();
    },
  };
}
