import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Stored images (core/src/media/): one `media` row per image of a project, pointing at a content-addressed object
 * (`key`, named by the SHA-256 of the bytes) in the media store, so the same image uploaded twice is stored once.
 * One row per project and content: a project importing an image it already has reuses its row (unique index).
 */
export function mediaMigration(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('media')
        .addColumn('id', idType, id)
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('byte_size', 'bigint', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('original_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('media_project_sha256').on('media').columns(['project_id', 'sha256']).unique().execute();
      await db.schema.createIndex('media_sha256').on('media').column('sha256').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('media').execute();
    },
  };
}
