import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/** Intake tables: a project's provenance and originals policy, and the cleaning report stored with each import. */
export function cleaningMigration(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('project_intake_settings')
        .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id'))
        .addColumn('require_complete_source', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('keep_original', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('original_key', 'text', (c) => c.notNull().defaultTo('originalText'))
        .addColumn('updated_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cleaning_reports')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('job_id', 'bigint', (c) => c.notNull().unique().references('jobs.id'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('import_id', 'bigint', (c) => c.notNull().references('imports.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('intake_jobs')
        .addColumn('job_id', 'bigint', (c) => c.primaryKey().references('jobs.id'))
        .addColumn('org_id', 'bigint', (c) => c.notNull().references('organizations.id'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('bytes_total', 'bigint', (c) => c.notNull())
        .addColumn('report', 'text')
        .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('intake_jobs_project').on('intake_jobs').columns(['project_id', 'job_id']).execute();
      await db.schema.createIndex('cleaning_reports_import').on('cleaning_reports').column('import_id').execute();
      await db.schema.createIndex('jobs_kind_status').on('jobs').columns(['kind', 'status', 'locked_until']).execute();
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}
