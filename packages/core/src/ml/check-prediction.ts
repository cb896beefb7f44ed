import { resultSchema, type LabelConfig, type ResultEntry } from '@biaozhu/contract';
import { resultIssues, type TaskData } from '@biaozhu/label-types';
import { formatZodIssues } from '../zod-issues.js';

/** Why a backend's prediction for a task cannot be stored: where in its result, and the check that failed. */
export interface PredictionProblem {
  code: string;
  message: string;
}

/**
 * Checks a backend's prediction as an answer is checked (Label Studio's item shape, then each control type's result
 * validation against the config and the task's data), except that a prediction may leave required controls
 * unanswered: a model that only pre-labels spans still helps, and the worker fills in the rest. Pure.
 */
export function checkPrediction(config: LabelConfig, result: unknown, data: TaskData): { ok: true; result: ResultEntry[] } | { ok: false; problem: PredictionProblem } {
  const parsed = resultSchema.safeParse(result);
  if (!parsed.success) return { ok: false, problem: { code: 'invalid_result', message: formatZodIssues(parsed.error.issues, 'result') } };
  const issue = resultIssues(config, parsed.data, data).find((i) => i.code !== 'missing_required');
  if (issue) return { ok: false, problem: { code: issue.code, message: `${issue.path}: ${issue.message}` } };
  return { ok: true, result: parsed.data };
}
