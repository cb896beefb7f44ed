import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/** Quality module tables. */
export function qualityMigration(_dialect: DialectName) {
  return {
    async up(_db: Kysely<unknown>): Promise<void> {},
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}
