import type { Kysely } from 'kysely';

/**
 * Indexes for the task browser's sorted pages (core/tasks/task-browser.ts): a page sorted by answer count, priority
 * or creation time is a keyset seek on (project_id, column, id), so a deep page costs what the first one does.
 * Sorting by id uses tasks_project_id (migration 0009).
 */
export function taskBrowserMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('tasks_browse_answers').on('tasks').columns(['project_id', 'answer_count', 'id']).execute();
      await db.schema.createIndex('tasks_browse_priority').on('tasks').columns(['project_id', 'priority', 'id']).execute();
      await db.schema.createIndex('tasks_browse_created').on('tasks').columns(['project_id', 'created_at', 'id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('tasks_browse_created').execute();
      await db.schema.dropIndex('tasks_browse_priority').execute();
      await db.schema.dropIndex('tasks_browse_answers').execute();
    },
  };
}
