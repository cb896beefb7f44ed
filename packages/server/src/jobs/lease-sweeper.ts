import { expireLeases, type Context } from '@biaozhu/core';

/**
 * Returns expired leases to the pool every `intervalMs`, so counters are right even in projects nobody is asking
 * for work in. Claims expire leases of their own project too; this is the background half. Safe to run in every
 * server process: each expiry is a conditional update.
 */
export function startLeaseSweeper(ctx: Context, intervalMs = 30_000, onError: (e: unknown) => void = () => undefined): () => void {
  const timer = setInterval(() => {
    ctx.db.kysely
      .transaction()
      .execute((trx) => expireLeases(trx, ctx.now(), undefined, ctx.db.dialect))
      .catch(onError);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
