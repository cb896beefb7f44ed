import type { Actor, Context } from '../context.js';
import { claimInOneStatement } from './claim-in-one-statement.js';
import { claimInTransaction } from './claim-in-transaction.js';
import { withPrediction } from './claim-prediction.js';
import type { ClaimMode, ClaimOutcome } from './claim-types.js';

export type { AssignmentView, ClaimMode, ClaimOutcome, NoTaskReason, Progress } from './claim-types.js';

/**
 * Hands the worker their next task under the project's assignment policy.
 *
 * A worker who already holds a live lease gets that same assignment back (so a reload or a repeated request never
 * takes another task). Otherwise, after the eligibility, pause and daily-cap checks, a hidden gold task is handed out
 * at the policy's gold rate, else the first open task in the policy's order that was never given to this worker. The
 * lease is taken atomically: on PostgreSQL the row is locked with FOR UPDATE SKIP LOCKED so concurrent claims never
 * wait on each other; the slot counter is raised by a conditional UPDATE, and the database's CHECK
 * (slots_used <= target) and UNIQUE (task, worker) constraints hold the invariants even against a bug here.
 *
 * The rules are written twice, once per dialect, because what is expensive differs: on PostgreSQL every statement
 * is a network round trip holding a pooled connection, so the claim is one statement (a SQL function); on SQLite a
 * statement is a function call and concurrent write transactions share one commit, so the claim is a transaction of
 * plain statements. The tests run every rule on both. The task's latest prediction, when the project has any, is
 * read by one more small query on both (claim-prediction.ts).
 */
export async function claimNext(ctx: Context, actor: Actor, projectId: number, mode: ClaimMode = 'current'): Promise<ClaimOutcome> {
  const outcome = ctx.db.dialect === 'postgres' ? await claimInOneStatement(ctx, actor, projectId, mode) : await claimInTransaction(ctx, actor, projectId, mode);
  // The task's latest prediction, as a pre-annotation the worker starts from (claim-prediction.ts).
  return withPrediction(ctx, projectId, outcome);
}
