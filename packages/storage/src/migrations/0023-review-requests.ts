import type { Kysely } from 'kysely';

/**
 * `review_requests`: answers a manager sent to review from the task browser (core/src/tasks/task-browser-actions.ts).
 * The review queue (core/src/quality-work/review.ts) shows them before the others, in every mode (a sampled queue
 * too), until a reviewer gives a verdict; one request per answer.
 */
export function reviewRequestsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('review_requests')
        .addColumn('annotation_id', 'bigint', (c) => c.primaryKey().references('annotations.id'))
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('requested_by', 'bigint', (c) => c.notNull().references('users.id'))
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('review_requests_project').on('review_requests').columns(['project_id', 'annotation_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('review_requests').execute();
    },
  };
}
