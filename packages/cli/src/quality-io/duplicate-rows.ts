import type { LabelData } from '@biaozhu/core/quality/index';

/** Number of label rows that repeat an earlier (worker, task) pair. */
export function countDuplicateRows(data: LabelData): number {
  const seen = new Set<number>();
  let duplicates = 0;
  for (let i = 0; i < data.task.length; i++) {
    const key = data.worker[i]! * data.nTasks + data.task[i]!;
    if (seen.has(key)) duplicates++;
    else seen.add(key);
  }
  return duplicates;
}
