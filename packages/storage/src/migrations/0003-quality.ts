import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Quality module tables: the per-project quality policy (gold pause rule, review sampling, accuracy clause), worker
 * pauses, reviews and the revisions of fixed annotations, aggregates, and ISO 2859-1 lots with their items.
 */
export function qualityMigration(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  const ms = 'bigint' as const;
  const real = 'double precision' as const;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('quality_policies')
        .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id'))
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('worker_pauses')
        .addColumn('id', idType, id)
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('paused','lifted')`))
        .addColumn('accuracy', real, (c) => c.notNull())
        .addColumn('gold_answers', 'integer', (c) => c.notNull())
        .addColumn('paused_at', ms, (c) => c.notNull())
        .addColumn('lifted_by', 'bigint', (c) => c.references('users.id'))
        .addColumn('lifted_at', ms)
        .execute();
      await db.schema.createIndex('worker_pauses_user').on('worker_pauses').columns(['project_id', 'user_id', 'id']).execute();
      // At most one live pause per worker and project, held by the database.
      await db.schema
        .createIndex('worker_pauses_one_live')
        .on('worker_pauses')
        .columns(['project_id', 'user_id'])
        .unique()
        .where(sql.ref('status'), '=', 'paused')
        .execute();

      await db.schema
        .createTable('reviews')
        .addColumn('id', idType, id)
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('task_id', 'bigint', (c) => c.notNull().references('tasks.id'))
        .addColumn('annotation_id', 'bigint', (c) => c.notNull().references('annotations.id'))
        .addColumn('annotator_id', 'bigint', (c) => c.references('users.id'))
        .addColumn('reviewer_id', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('accept','reject','correct')`))
        .addColumn('reason_code', 'text')
        .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('corrected_result', 'text')
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open','resubmitted','final')`))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('resolved_at', ms)
        .execute();
      await db.schema.createIndex('reviews_annotation').on('reviews').columns(['annotation_id', 'id']).execute();
      // One live review (a rejection awaiting its fix, or a final verdict) per annotation, held by the database.
      await db.schema
        .createIndex('reviews_one_live')
        .on('reviews')
        .column('annotation_id')
        .unique()
        .where(sql.ref('state'), '<>', 'resubmitted')
        .execute();
      await db.schema.createIndex('reviews_project').on('reviews').columns(['project_id', 'id']).execute();
      await db.schema.createIndex('reviews_annotator_state').on('reviews').columns(['annotator_id', 'state']).execute();

      await db.schema
        .createTable('annotation_revisions')
        .addColumn('id', idType, id)
        .addColumn('annotation_id', 'bigint', (c) => c.notNull().references('annotations.id'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('review_id', 'bigint', (c) => c.notNull().references('reviews.id'))
        .addColumn('replaced_at', ms, (c) => c.notNull())
        .addUniqueConstraint('annotation_revisions_unique', ['annotation_id', 'revision'])
        .execute();

      await db.schema
        .createTable('aggregates')
        .addColumn('task_id', 'bigint', (c) => c.primaryKey().references('tasks.id'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('confidence', real, (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('job_id', 'bigint')
        .addColumn('decided_by', 'bigint', (c) => c.references('users.id'))
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('aggregates_project').on('aggregates').columns(['project_id', 'task_id']).execute();

      await db.schema
        .createTable('lots')
        .addColumn('id', idType, id)
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('aql', 'text', (c) => c.notNull())
        .addColumn('inspection_level', 'text', (c) => c.notNull())
        .addColumn('code_letter', 'text', (c) => c.notNull())
        .addColumn('lot_size', 'integer', (c) => c.notNull())
        .addColumn('sample_size', 'integer', (c) => c.notNull())
        .addColumn('accept_number', 'integer', (c) => c.notNull())
        .addColumn('reject_number', 'integer', (c) => c.notNull())
        .addColumn('seed', 'bigint', (c) => c.notNull())
        .addColumn('required_accuracy', real)
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('inspecting','accepted','rejected')`))
        .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('decided_at', ms)
        .addColumn('signoff_by', 'bigint', (c) => c.references('users.id'))
        .addColumn('signoff_at', ms)
        .addColumn('signoff_decision', 'text')
        .addColumn('signoff_comment', 'text')
        .execute();
      await db.schema.createIndex('lots_project').on('lots').columns(['project_id', 'id']).execute();

      await db.schema
        .createTable('lot_items')
        .addColumn('lot_id', 'bigint', (c) => c.notNull().references('lots.id'))
        .addColumn('task_id', 'bigint', (c) => c.notNull().references('tasks.id'))
        .addColumn('sample_position', 'integer')
        .addColumn('verdict', 'text', (c) => c.check(sql`verdict in ('pass','defect')`))
        .addColumn('defect_reason', 'text')
        .addColumn('inspected_by', 'bigint', (c) => c.references('users.id'))
        .addColumn('inspected_at', ms)
        .addPrimaryKeyConstraint('lot_items_pk', ['lot_id', 'task_id'])
        .execute();
      await db.schema.createIndex('lot_items_task').on('lot_items').column('task_id').execute();
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}
