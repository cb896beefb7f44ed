import { sql, type Kysely, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';
import type { DialectName } from '../dialect.js';

/** The first schema. Column types are chosen so both dialects store the same values (see schema.ts). */
export function initialMigration(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const id = (col: ColumnDefinitionBuilder) => (dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement());
  const ms = 'bigint' as const;
  const withId = <T extends string>(t: CreateTableBuilder<T>) => t.addColumn('id', idType, id);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('organizations'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('users'))
        .addColumn('org_id', 'bigint', (c) => c.notNull().references('organizations.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','manager','reviewer','annotator','client')`))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('api_tokens'))
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('last_used_at', ms)
        .execute();

      await db.schema
        .createTable('login_failures')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', ms, (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('projects'))
        .addColumn('org_id', 'bigint', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('label_config', 'text', (c) => c.notNull())
        .addColumn('overlap', 'integer', (c) => c.notNull().check(sql`overlap >= 1`))
        .addColumn('lease_ttl_seconds', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('task_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('completed_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('project_members')
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
        .execute();

      await withId(db.schema.createTable('guideline_versions'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addUniqueConstraint('guideline_versions_project_version', ['project_id', 'version'])
        .execute();

      await withId(db.schema.createTable('sources'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('license', 'text', (c) => c.notNull())
        .addColumn('collection_method', 'text', (c) => c.notNull())
        .addColumn('contains_personal_info', 'integer', (c) => c.notNull())
        .addColumn('legal_basis', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('imports'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('source_id', 'bigint', (c) => c.references('sources.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('tasks_created', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('tasks_updated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rows_skipped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('skipped', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('error', 'text')
        .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('finished_at', ms)
        .execute();

      await withId(db.schema.createTable('tasks'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('import_id', 'bigint', (c) => c.references('imports.id'))
        .addColumn('external_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('target', 'integer', (c) => c.notNull())
        .addColumn('slots_used', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ms, (c) => c.notNull())
        // The overlap invariant lives in the database: a claim that would exceed it fails.
        .addCheckConstraint('tasks_slots_within_target', sql`slots_used >= 0 and slots_used <= target`)
        .execute();
      await db.schema.createIndex('tasks_project_external').on('tasks').columns(['project_id', 'external_id']).unique().execute();
      // Only tasks that still need answers are in this index, so a claim never walks past finished work.
      await db.schema
        .createIndex('tasks_open')
        .on('tasks')
        .columns(['project_id', 'id'])
        .where(sql.ref('slots_used'), '<', sql.ref('target'))
        .execute();

      await withId(db.schema.createTable('assignments'))
        .addColumn('task_id', 'bigint', (c) => c.notNull().references('tasks.id'))
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('leased','submitted','skipped','expired')`))
        .addColumn('leased_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('finished_at', ms)
        .execute();
      // A worker never gets the same task twice.
      await db.schema.createIndex('assignments_task_user').on('assignments').columns(['task_id', 'user_id']).unique().execute();
      await db.schema.createIndex('assignments_user_project').on('assignments').columns(['user_id', 'project_id', 'status']).execute();
      await db.schema
        .createIndex('assignments_live')
        .on('assignments')
        .columns(['project_id', 'expires_at'])
        .where(sql.ref('status'), '=', 'leased')
        .execute();

      await withId(db.schema.createTable('annotations'))
        .addColumn('task_id', 'bigint', (c) => c.notNull().references('tasks.id'))
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'bigint', (c) => c.references('users.id'))
        .addColumn('assignment_id', 'bigint', (c) => c.references('assignments.id').unique())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('lead_time_ms', 'integer')
        .addColumn('guideline_version', 'integer')
        .addColumn('idempotency_key', 'text')
        .addColumn('imported_from', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      // One answer per key per worker: a retried submit can never be stored twice.
      await db.schema.createIndex('annotations_idempotency').on('annotations').columns(['user_id', 'idempotency_key']).unique().execute();
      await db.schema.createIndex('annotations_task').on('annotations').columns(['task_id']).execute();

      await withId(db.schema.createTable('predictions'))
        .addColumn('task_id', 'bigint', (c) => c.notNull().references('tasks.id'))
        .addColumn('model_version', 'text')
        .addColumn('score', 'double precision')
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('predictions_task').on('predictions').columns(['task_id']).execute();

      await withId(db.schema.createTable('audit_events'))
        .addColumn('org_id', 'bigint', (c) => c.notNull())
        .addColumn('actor_id', 'bigint')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .execute();
      // Chain links are unique: two writers cannot both append after the same event.
      await db.schema.createIndex('audit_events_prev').on('audit_events').columns(['org_id', 'prev_hash']).unique().execute();

      await withId(db.schema.createTable('jobs'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('run_after', ms, (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', ms)
        .addColumn('progress', 'double precision', (c) => c.notNull().defaultTo(0))
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_ready').on('jobs').columns(['status', 'run_after']).execute();
    },
    async down(): Promise<void> {
      throw new Error('the initial migration cannot be undone; restore a backup instead');
    },
  };
}
