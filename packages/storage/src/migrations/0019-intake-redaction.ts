import type { Kysely } from 'kysely';

/**
 * A project's intake policy can name personal information that every import redacts before it is stored
 * (core/src/intake/intake-settings.ts, core/src/tasks/import-tasks.ts): `project_intake_settings.redact_pii`, JSON
 * `{kinds, mode}` or null for none, which is what every project had before.
 */
export function intakeRedactionMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('project_intake_settings').addColumn('redact_pii', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('project_intake_settings').dropColumn('redact_pii').execute();
    },
  };
}
