import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Work = {
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit for the embedded SQLite in strict durability: write transactions that arrive while one commit is
 * being flushed wait and then run together, each inside its own SAVEPOINT, under one COMMIT, so that N concurrent
 * submits cost one fsync instead of N. A transaction that throws is rolled back to its savepoint and only its caller
 * sees the error; the others still commit. No caller is answered before the shared COMMIT has returned, so an
 * acknowledged write is on disk.
 *
 * better-sqlite3 runs each statement synchronously, so a transaction never yields to the network on its own and the
 * fsync of COMMIT blocks the thread. Batches therefore start on the next turn of the event loop (setImmediate):
 * every request that arrived meanwhile has reached its write by then and joins the batch. A lone write waits one
 * loop turn, nothing more.
 */
export class GroupCommitter {
  private queue: Work[] = [];
  private running = false;
  /** Batches committed and transactions in them, for the benchmark and tests. */
  readonly stats = { batches: 0, transactions: 0 };

  constructor(private readonly kysely: Kysely<Database>, private readonly maxBatch = 256) {}

  run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        const outcomes: { ok: boolean; value: unknown }[] = [];
        try {
          await this.kysely.transaction().execute(async (trx) => {
            for (const [i, work] of batch.entries()) {
              const name = sql.raw(`gc_${i}`);
              await sql`savepoint ${name}`.execute(trx);
              try {
                outcomes.push({ ok: true, value: await work.fn(trx) });
                await sql`release savepoint ${name}`.execute(trx);
              } catch (error) {
                await sql`rollback to savepoint ${name}`.execute(trx);
                await sql`release savepoint ${name}`.execute(trx);
                outcomes.push({ ok: false, value: error });
              }
            }
          });
        } catch (error) {
          // The shared COMMIT failed: nothing of this batch is stored, and every caller hears so.
          for (const work of batch) work.reject(error);
          continue;
        }
        this.stats.batches += 1;
        this.stats.transactions += batch.length;
        batch.forEach((work, i) => {
          const outcome = outcomes[i];
          if (outcome?.ok) work.resolve(outcome.value);
          else work.reject(outcome?.value);
        });
        // Let the requests that arrived during this commit reach their writes, then take them as one batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }
}
