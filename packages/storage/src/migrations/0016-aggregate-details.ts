import { sql, type Kysely } from 'kysely';

/**
 * `aggregate_rows.details`: what an aggregate of a span, rating, pairwise or ranking control rests on, per control
 * (JSON): the support of each consensus span, a rating's median with its interquartile range and extremes, the
 * probability of the preferred side of a pair. Choices aggregates and adjudicated answers leave it null. The
 * `aggregates` view is recreated to show it (the column is added last, so PostgreSQL could also `create or replace`;
 * SQLite cannot alter a view, so both drop and create it).
 */
export function aggregateDetailsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('aggregate_rows').addColumn('details', 'text').execute();
      await sql`drop view aggregates`.execute(db);
      await sql`
        create view aggregates as
        select r.task_id, r.project_id, r.result, r.labels, r.confidence, r.method, r.job_id, r.decided_by, r.updated_at, r.details
        from aggregate_rows r
        where r.generation = 0
           or (exists (select 1 from aggregate_generations g where g.id = r.generation and g.status = 'current')
               and not exists (select 1 from aggregate_rows a where a.task_id = r.task_id and a.generation = 0))`.execute(db);
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}
