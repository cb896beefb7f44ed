import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';

/**
 * A read-only view of the whole database as it was when the snapshot was opened, for reads that take many queries
 * and a long time (exports): rows committed later never appear in it, and rows read in different queries always
 * belong to the same moment. Release it when done; until then it holds a connection (and, on SQLite, keeps the WAL
 * from being checkpointed past it; on PostgreSQL, keeps VACUUM from removing rows it could still see).
 */
export interface ReadSnapshot {
  db: Kysely<Database>;
  /** Ends the read transaction and frees its connection; safe to call more than once. */
  release(): Promise<void>;
}

/**
 * SQLite: a read transaction on a connection of its own. WAL gives a reader the database as of its first read, and
 * the writer goes on committing meanwhile. It is not the shared reader connection: a transaction there would make
 * every other read of the process queue behind a download for as long as the client takes to read it.
 */
export async function openSqliteSnapshot(file: string): Promise<ReadSnapshot> {
  const connection = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  connection.pragma('busy_timeout = 10000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  try {
    await sql`begin`.execute(db);
    // BEGIN takes no snapshot: the first read does. Read now, so the snapshot is of this moment, not of the first page.
    await sql`select count(*) from sqlite_master`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let released = false;
  return {
    db,
    release: async () => {
      if (released) return;
      released = true;
      try {
        await sql`rollback`.execute(db);
      } finally {
        await db.destroy();
      }
    },
  };
}

/**
 * PostgreSQL: a REPEATABLE READ, READ ONLY transaction on one connection of `pool`, which sees the database as of its
 * first statement. `pool` is kept apart from the one of claims and submits, so long downloads never take the
 * annotators' connections.
 */
export async function openPostgresSnapshot(pool: Kysely<Database>): Promise<ReadSnapshot> {
  const trx = await pool.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await trx.rollback().execute();
  };
  try {
    // The snapshot is taken by the first statement, not by BEGIN: take it now.
    await sql`select 1`.execute(trx);
  } catch (error) {
    await release();
    throw error;
  }
  return { db: trx, release };
}
