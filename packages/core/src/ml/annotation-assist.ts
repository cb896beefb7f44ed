import type { ResultEntry } from '@biaozhu/contract';
import type { Database, Kysely, Transaction } from '@biaozhu/storage';
import { invalid } from '../errors.js';
import { predictionChanges } from './prediction-changes.js';

/** The prediction an answer says it started from. */
export interface StartingPrediction {
  id: number;
  modelVersion: string | null;
  result: unknown[];
}

/**
 * The prediction `predictionId` names, which must be one of the task's (a 400 names it otherwise). A prediction that
 * no longer exists (a rerun of the backend replaced it while the worker held the task) gives undefined: the answer is
 * stored without a change record rather than refused, since the worker cannot send another id.
 */
export async function startedFrom(db: Kysely<Database>, taskId: number, predictionId: number): Promise<StartingPrediction | undefined> {
  const row = await db.selectFrom('predictions').select(['id', 'task_id', 'model_version', 'result']).where('id', '=', predictionId).executeTakeFirst();
  if (!row) return undefined;
  if (row.task_id !== taskId) {
    throw invalid('unknown_prediction', `predictionId: ${predictionId} is not a prediction of task ${taskId}`, { field: 'predictionId', predictionId });
  }
  let result: unknown;
  try {
    result = JSON.parse(row.result);
  } catch {
    result = [];
  }
  return { id: row.id, modelVersion: row.model_version, result: Array.isArray(result) ? result : [] };
}

/** Stores which prediction an answer started from and how much it changed it, in the submit's transaction. */
export async function recordAssist(
  trx: Transaction<Database>,
  a: { annotationId: number; projectId: number; taskId: number; prediction: StartingPrediction; result: readonly ResultEntry[]; now: number },
): Promise<void> {
  const c = predictionChanges(a.prediction.result, a.result);
  await trx
    .insertInto('annotation_assists')
    .values({
      annotation_id: a.annotationId,
      project_id: a.projectId,
      task_id: a.taskId,
      prediction_id: a.prediction.id,
      model_version: a.prediction.modelVersion,
      kept: c.kept,
      moved: c.moved,
      added: c.added,
      removed: c.removed,
      choices_kept: c.choicesKept,
      choices_changed: c.choicesChanged,
      unchanged: c.unchanged ? 1 : 0,
      created_at: a.now,
    })
    .execute();
}
