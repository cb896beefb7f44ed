import type { Kysely } from 'kysely';

/**
 * A project's intake policy can name personal information that every import redacts before it is stored
 * (core/src/intake/intake-settings.ts, core/src/tasks/import-tasks.ts): `project_intake_settings.redact_pii`, JSON
 * `{kinds, mode}` or null for none, which is what every project had before. Also `imports.gold_created`: how many of
 * an import's new tasks are gold tasks, shown in its result.
 */
export function intakeRedactionMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('project_intake_settings').addColumn('redact_pii', 'text').execute();
      await db.schema.alterTable('imports').addColumn('gold_created', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('imports').dropColumn('gold_created').execute();
      await db.schema.alterTable('project_intake_settings').dropColumn('redact_pii').execute();
    },
  };
}
