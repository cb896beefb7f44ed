import type { Kysely } from 'kysely';

/**
 * Background exports (core/src/export/export-jobs.ts): one row per export job, written when it is queued (so a
 * project's exports are listed by an index), whose file columns are filled in the transaction that marks the job
 * done, after the complete file was renamed into place: a row without `file_path` offers nothing.
 * `people_view` says whether the file names workers (`shown`) or not (`pseudonymised`): a reader who may not see
 * worker identities (a client) downloads only the latter. Files are deleted after `expires_at`.
 */
export function exportFilesMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('export_files')
        .addColumn('job_id', 'bigint', (c) => c.primaryKey().references('jobs.id'))
        .addColumn('org_id', 'bigint', (c) => c.notNull().references('organizations.id'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('include_images', 'integer', (c) => c.notNull())
        .addColumn('people_view', 'text', (c) => c.notNull())
        .addColumn('file_path', 'text')
        .addColumn('file_name', 'text')
        .addColumn('size', 'bigint')
        .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .execute();
      await db.schema.createIndex('export_files_project').on('export_files').columns(['project_id', 'job_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('export_files').execute();
    },
  };
}
