import { sql, type Database, type Db, type Transaction } from '@biaozhu/storage';
import { advisoryKey } from '../advisory-locks.js';
import type { Context } from '../context.js';

/** Runs one transaction of a cut, inside its slot. */
export type CutWrite = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/** Cuts waiting or running in this process, per database and project (SQLite). */
const sqliteSlots = new WeakMap<Db, Map<number, Promise<unknown>>>();

/**
 * Runs `fn` as the only lot cut of the project: a cut is written in several transactions, and two cuts at once
 * would each pick the tasks the other has not written yet. A second cut waits for the first to end.
 *
 * - PostgreSQL: a session advisory lock on a connection of the pool kept for the whole cut, and every transaction of
 *   the cut runs on that connection. Any number of server processes share the lock; if the process or the
 *   connection dies the server releases it, and a transaction of the cut can no longer commit.
 * - SQLite: the cuts of this process queue one after another (one server process per SQLite file).
 */
export async function withLotCutSlot<T>(ctx: Context, projectId: number, fn: (write: CutWrite) => Promise<T>): Promise<T> {
  const { db } = ctx;
  if (db.dialect === 'postgres') {
    return db.kysely.connection().execute(async (conn) => {
      const key = advisoryKey('lotCut', projectId);
      await sql`select pg_advisory_lock(${key})`.execute(conn);
      try {
        return await fn((work) => conn.transaction().execute(work));
      } finally {
        await sql`select pg_advisory_unlock(${key})`.execute(conn);
      }
    });
  }
  const slots = sqliteSlots.get(db) ?? new Map<number, Promise<unknown>>();
  sqliteSlots.set(db, slots);
  const before = slots.get(projectId) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(() => fn((work) => db.write(work)));
  const settled = mine.catch(() => undefined);
  slots.set(projectId, settled);
  void settled.then(() => {
    if (slots.get(projectId) === settled) slots.delete(projectId);
  });
  return mine;
}
