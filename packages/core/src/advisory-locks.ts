import { sql, type Database, type DialectName, type Kysely, type RawBuilder, type Transaction } from '@biaozhu/storage';

/**
 * PostgreSQL advisory locks taken by core, in one place so their keys never collide. Single-key locks are
 * `space + id`; the spaces are far enough apart for any id. The claim's per-worker lock uses the separate two-key
 * space `(project id, user id)` (claim-in-transaction.ts and the `bz_claim_next` function of migration 0005).
 * On SQLite there is one writer at a time, so none of them is needed.
 *
 * Advisory locks belong to the whole PostgreSQL database, not to a schema, so installations (or test runs) in
 * several schemas of one database would share them: a live import in one schema would make an import of the same id
 * in another look alive. Bits 40-55 of every key hold a hash of the current schema to keep them apart.
 */
export const LOCK_SPACE = {
  /** Appenders of one organisation's audit hash chain. */
  auditChain: 7_000_000,
  /** Lot cuts of one project. */
  lotCut: 8_000_000_000,
  /** One import's transaction, held while it runs, so others can tell a live import from a dead one. */
  importRun: 9_000_000_000,
  /** Changes of one project's overlap and assignment policy (each re-targets the project's tasks). */
  assignmentPolicy: 10_000_000_000,
  /** Publishing a project's new generation of aggregates (aggregate-generations.ts). */
  aggregatePublish: 11_000_000_000,
} as const;

export type LockSpace = keyof typeof LOCK_SPACE;

/** The bigint key of a lock in this schema (spaces and ids stay below 2^40). */
export function advisoryKey(space: LockSpace, id: number): RawBuilder<unknown> {
  return sql`(((hashtext(current_schema()) & 65535)::bigint << 40) + ${LOCK_SPACE[space] + id}::bigint)`;
}

/** Takes the lock until the transaction ends (PostgreSQL); nothing on SQLite. */
export async function advisoryXactLock(trx: Transaction<Database>, dialect: DialectName, space: LockSpace, id: number): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${advisoryKey(space, id)})`.execute(trx);
}

/** True when no transaction holds the lock (PostgreSQL): the probe takes it in its own transaction and lets go. */
export async function advisoryLockFree(db: Kysely<Database>, space: LockSpace, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await sql<{ free: boolean }>`select pg_try_advisory_xact_lock(${advisoryKey(space, id)}) as free`.execute(trx);
    return r.rows[0]?.free === true;
  });
}
