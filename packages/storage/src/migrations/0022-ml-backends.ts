import { sql, type Kysely } from 'kysely';

/**
 * Model assistance (core/src/ml): `project_ml_backends` (a project's backend URL, batch size and timeout),
 * `ml_prediction_runs` (a `predict` job's cursor, written with each batch), `annotation_assists` (which prediction an
 * answer started from and how much it changed), and `predictions.from_backend`: 1 for predictions an ML backend made,
 * which are unique per task and model version (imported predictions keep their own rules: 0, as every row before).
 */
export function mlBackendsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('project_ml_backends')
        .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('batch_size', 'integer', (c) => c.notNull())
        .addColumn('timeout_ms', 'integer', (c) => c.notNull())
        .addColumn('predictions_written', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('last_job_id', 'bigint', (c) => c.references('jobs.id'))
        .addColumn('updated_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ml_prediction_runs')
        .addColumn('job_id', 'bigint', (c) => c.primaryKey().references('jobs.id'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('missing','all')`))
        .addColumn('model_version', 'text')
        .addColumn('after_task_id', 'bigint', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('done', 'integer', (c) => c.notNull())
        .addColumn('written', 'integer', (c) => c.notNull())
        .addColumn('batches', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ml_prediction_runs_project').on('ml_prediction_runs').columns(['project_id', 'job_id']).execute();
      await db.schema
        .createTable('annotation_assists')
        .addColumn('annotation_id', 'bigint', (c) => c.primaryKey().references('annotations.id'))
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('task_id', 'bigint', (c) => c.notNull())
        .addColumn('prediction_id', 'bigint', (c) => c.notNull())
        .addColumn('model_version', 'text')
        .addColumn('kept', 'integer', (c) => c.notNull())
        .addColumn('moved', 'integer', (c) => c.notNull())
        .addColumn('added', 'integer', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull())
        .addColumn('choices_kept', 'integer', (c) => c.notNull())
        .addColumn('choices_changed', 'integer', (c) => c.notNull())
        .addColumn('unchanged', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('annotation_assists_project').on('annotation_assists').columns(['project_id', 'model_version']).execute();
      await db.schema.createIndex('annotation_assists_task').on('annotation_assists').column('task_id').execute();
      await db.schema.alterTable('predictions').addColumn('from_backend', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // One backend prediction per task and model version: a rerun replaces it, a resumed job cannot add a second.
      await db.schema
        .createIndex('predictions_backend_version')
        .on('predictions')
        .columns(['task_id', 'model_version'])
        .unique()
        .where(sql.ref('from_backend'), '=', 1)
        .execute();
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}
