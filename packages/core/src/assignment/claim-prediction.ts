import { resultSchema, type AssignmentPrediction } from '@biaozhu/contract';
import type { Db } from '@biaozhu/storage';
import type { Context } from '../context.js';
import type { ClaimOutcome } from './claim-types.js';

/**
 * Whether a project has predictions, per database and project, so that a claim in a project without any spends no
 * second query (on PostgreSQL the claim itself is one statement, `bz_claim_next`, which does not read predictions).
 * A "yes" is kept (a stale one costs one query that finds nothing). A "no" is kept while the project's task count,
 * which every claim returns, is unchanged, and for at most NO_PREDICTIONS_TTL_MS: an import that adds tasks is seen
 * at the next claim, one that only adds predictions to existing tasks within that time.
 */
type Known = { has: boolean; at: number; tasks: number };
const byDb = new WeakMap<Db, Map<number, Known>>();
const MAX_PROJECTS = 1000;
export const NO_PREDICTIONS_TTL_MS = 5_000;

async function projectHasPredictions(ctx: Context, projectId: number, tasks: number): Promise<boolean> {
  let cache = byDb.get(ctx.db);
  if (!cache) byDb.set(ctx.db, (cache = new Map<number, Known>()));
  const now = ctx.now();
  const known = cache.get(projectId);
  if (known && (known.has || (known.tasks === tasks && now - known.at < NO_PREDICTIONS_TTL_MS))) return known.has;
  // Predictions come with imports, which count them (imports.predictions_imported), or from the project's ML
  // backend (project_ml_backends.predictions_written, core/src/ml).
  const row =
    (await ctx.db.reader.selectFrom('imports').select('id').where('project_id', '=', projectId).where('predictions_imported', '>', 0).limit(1).executeTakeFirst()) ??
    (await ctx.db.reader.selectFrom('project_ml_backends').select('project_id as id').where('project_id', '=', projectId).where('predictions_written', '>', 0).executeTakeFirst());
  if (!cache.has(projectId) && cache.size >= MAX_PROJECTS) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(projectId, { has: row !== undefined, at: now, tasks });
  return row !== undefined;
}

/** The latest prediction of a task (by id: the last imported), or undefined when it has none or it no longer parses. */
async function latestPrediction(ctx: Context, taskId: number): Promise<AssignmentPrediction | undefined> {
  const row = await ctx.db.reader
    .selectFrom('predictions')
    .select(['id', 'result', 'model_version', 'score'])
    .where('task_id', '=', taskId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  let parsed;
  try {
    parsed = resultSchema.safeParse(JSON.parse(row.result));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  return { id: row.id, result: parsed.data, modelVersion: row.model_version, score: row.score === null ? null : Number(row.score) };
}

/**
 * The claim's outcome with the task's latest prediction added to the assignment, for the workspace to start from.
 * The same on both dialects: one small indexed query after the claim, only in projects that have predictions.
 */
export async function withPrediction(ctx: Context, projectId: number, outcome: ClaimOutcome): Promise<ClaimOutcome> {
  if (!('assignment' in outcome) || !(await projectHasPredictions(ctx, projectId, outcome.progress.total))) return outcome;
  const prediction = await latestPrediction(ctx, outcome.assignment.taskId);
  return prediction ? { ...outcome, assignment: { ...outcome.assignment, prediction } } : outcome;
}
