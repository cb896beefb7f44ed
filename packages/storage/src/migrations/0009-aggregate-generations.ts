import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Aggregates written as generations, and lots written in batches, so that neither rewrite is one long write that
 * holds SQLite's only writer (claims and submits wait behind it).
 *
 * - `aggregate_rows` holds every generation: an aggregation run writes its rows in batches under a new
 *   `aggregate_generations` row (`staging`), then publishes it by flipping that row to `current` (and the previous
 *   one to `retired`) in one small transaction; retired and abandoned generations are deleted in batches afterwards.
 *   Adjudicated answers are generation 0 and always win over a job's row for the same task.
 * - `aggregates` becomes a view of what readers may see: generation 0 and each project's current generation, one row
 *   per task. Readers keep selecting from `aggregates` and can never see a half-written generation.
 * - `lots.cutting` is 1 while a lot's items are still being written; such a lot is hidden until its cut publishes it.
 * - `tasks (project_id, id)`, for reading a project's tasks in pages by id.
 */
export function aggregateGenerationsMigration(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('aggregate_generations')
        .addColumn('id', idType, id)
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('job_id', 'bigint', (c) => c.references('jobs.id'))
        /** The job runner that writes it; a `staging` generation whose job that runner no longer holds is abandoned. */
        .addColumn('runner', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('staging','current','retired')`))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('published_at', 'bigint')
        .execute();
      // At most one published generation per project, held by the database.
      await db.schema
        .createIndex('aggregate_generations_current')
        .on('aggregate_generations')
        .column('project_id')
        .unique()
        .where(sql.ref('status'), '=', 'current')
        .execute();
      await db.schema.createIndex('aggregate_generations_project').on('aggregate_generations').columns(['project_id', 'status']).execute();

      await db.schema
        .createTable('aggregate_rows')
        .addColumn('task_id', 'bigint', (c) => c.notNull().references('tasks.id'))
        /** aggregate_generations.id, or 0 for an adjudicated answer. */
        .addColumn('generation', 'bigint', (c) => c.notNull())
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('confidence', 'double precision', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('job_id', 'bigint')
        .addColumn('decided_by', 'bigint', (c) => c.references('users.id'))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('aggregate_rows_pk', ['task_id', 'generation'])
        .execute();
      // Readers page a project's aggregates by task; batched deletes walk one generation.
      await db.schema.createIndex('aggregate_rows_project').on('aggregate_rows').columns(['project_id', 'task_id']).execute();
      await db.schema.createIndex('aggregate_rows_generation').on('aggregate_rows').columns(['generation', 'task_id']).execute();

      // Each project's existing job aggregates become its current generation (one job wrote all of them).
      await sql`
        insert into aggregate_generations (project_id, job_id, runner, status, created_at, published_at)
        select project_id, max(job_id), null, 'current', max(updated_at), max(updated_at)
        from aggregates where method <> 'adjudicated' group by project_id`.execute(db);
      await sql`
        insert into aggregate_rows (task_id, generation, project_id, result, labels, confidence, method, job_id, decided_by, updated_at)
        select a.task_id, case when a.method = 'adjudicated' then 0 else g.id end, a.project_id, a.result, a.labels, a.confidence,
               a.method, a.job_id, a.decided_by, a.updated_at
        from aggregates a
        left join aggregate_generations g on g.project_id = a.project_id and g.status = 'current'`.execute(db);
      await db.schema.dropTable('aggregates').execute();
      await sql`
        create view aggregates as
        select r.task_id, r.project_id, r.result, r.labels, r.confidence, r.method, r.job_id, r.decided_by, r.updated_at
        from aggregate_rows r
        where r.generation = 0
           or (exists (select 1 from aggregate_generations g where g.id = r.generation and g.status = 'current')
               and not exists (select 1 from aggregate_rows a where a.task_id = r.task_id and a.generation = 0))`.execute(db);

      await db.schema.alterTable('lots').addColumn('cutting', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // A lot cut reads a project's free tasks in pages by id (as exports read its tasks): without this index
      // SQLite sorts the whole project for every page.
      await db.schema.createIndex('tasks_project_id').on('tasks').columns(['project_id', 'id']).execute();
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}
