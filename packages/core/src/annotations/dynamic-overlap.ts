import type { Database, Transaction } from '@biaozhu/storage';
import { parsePolicy } from '../assignment/assignment-policy.js';

/**
 * Agreement of a task's answers: the share of answers equal to the most common one. Answers are compared on their
 * result items without ids (two workers choosing the same labels agree, whatever ids their clients made up).
 */
export function majorityShare(results: unknown[][]): number {
  if (results.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const result of results) {
    const key = JSON.stringify(
      result
        .map((item) => {
          const { from_name, to_name, type, value } = item as Record<string, unknown>;
          return JSON.stringify([from_name, to_name, type, normalizeValue(value)]);
        })
        .sort(),
    );
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Math.max(...counts.values()) / results.length;
}

function normalizeValue(value: unknown): unknown {
  const v = value as { choices?: unknown };
  if (Array.isArray(v?.choices)) return { ...v, choices: [...(v.choices as string[])].sort() };
  return value;
}

/**
 * Under a `dynamic` overlap policy, when a task has all the answers it asked for but they agree less than the
 * threshold, raise its target by one (up to the maximum) so one more worker answers it. Returns whether it did.
 */
export async function askForMoreIfDisagreeing(trx: Transaction<Database>, taskId: number, projectId: number, target: number): Promise<boolean> {
  const project = await trx.selectFrom('projects').select('assignment_policy').where('id', '=', projectId).executeTakeFirstOrThrow();
  const policy = parsePolicy(project.assignment_policy);
  if (policy.overlap.mode !== 'dynamic' || target >= policy.overlap.max) return false;
  const rows = await trx.selectFrom('annotations').select('result').where('task_id', '=', taskId).execute();
  const agreement = majorityShare(rows.map((r) => JSON.parse(r.result) as unknown[]));
  if (agreement >= policy.overlap.threshold) return false;
  await trx.updateTable('tasks').set({ target: target + 1 }).where('id', '=', taskId).where('target', '=', target).execute();
  return true;
}
