import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import { PG_DATA_HASH_SQL, taskDataHash } from '../data-hash.js';

const BACKFILL_PAGE = 5_000;

/**
 * What lets an import recognise data it has seen (issue #11: re-importing the same file or records is detected):
 * - `tasks.data_hash` (data-hash.ts) with an index per project, so a record without an external id that equals an
 *   existing task's data is "already a task", as one with a known external id is; the staging table carries it so
 *   that publishing a staged import can check it in SQL;
 * - `imports.content_sha256`, the hash of the uploaded file, so a file uploaded again is named as such.
 * Existing tasks get their hash here: in one UPDATE on PostgreSQL, in pages computed in JavaScript on SQLite (which
 * has no SHA-256 in SQL).
 */
export function importIdentityMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('tasks').addColumn('data_hash', 'text').execute();
      await db.schema.alterTable('import_staged_tasks').addColumn('data_hash', 'text').execute();
      await db.schema.alterTable('imports').addColumn('content_sha256', 'text').execute();
      if (dialect === 'postgres') {
        await sql.raw(`update tasks set data_hash = ${PG_DATA_HASH_SQL}`).execute(db);
        await sql.raw(`update import_staged_tasks set data_hash = ${PG_DATA_HASH_SQL}`).execute(db);
      } else {
        await backfillSqlite(db, 'tasks', 'id');
        await backfillSqlite(db, 'import_staged_tasks', 'rowid');
      }
      await db.schema.createIndex('tasks_project_data_hash').on('tasks').columns(['project_id', 'data_hash']).execute();
      await db.schema.createIndex('imports_project_content').on('imports').columns(['project_id', 'content_sha256']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('imports_project_content').execute();
      await db.schema.dropIndex('tasks_project_data_hash').execute();
      await db.schema.alterTable('imports').dropColumn('content_sha256').execute();
      await db.schema.alterTable('import_staged_tasks').dropColumn('data_hash').execute();
      await db.schema.alterTable('tasks').dropColumn('data_hash').execute();
    },
  };
}

async function backfillSqlite(db: Kysely<unknown>, table: 'tasks' | 'import_staged_tasks', key: 'id' | 'rowid'): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await sql<{ k: number; data: string }>`select ${sql.raw(key)} as k, data from ${sql.table(table)} where ${sql.raw(key)} > ${after} order by ${sql.raw(key)} limit ${BACKFILL_PAGE}`.execute(db);
    if (rows.rows.length === 0) return;
    for (const r of rows.rows) {
      await sql`update ${sql.table(table)} set data_hash = ${taskDataHash(r.data)} where ${sql.raw(key)} = ${r.k}`.execute(db);
    }
    after = rows.rows[rows.rows.length - 1]!.k;
  }
}
