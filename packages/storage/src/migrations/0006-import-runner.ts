import type { Kysely } from 'kysely';

/**
 * Which process runs an import (`host:pid`), so a history row left `running` by a process that died can be told
 * from one that is still importing (see core/src/tasks/import-liveness.ts).
 */
export function importRunnerMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('imports').addColumn('runner', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('imports').dropColumn('runner').execute();
    },
  };
}
