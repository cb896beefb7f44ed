import type { LabelData } from './label-data.js';

/** nTasks x nClasses counts of how many labels of each class every task (unit) received. */
export function unitCounts(data: LabelData): Float64Array {
  const counts = new Float64Array(data.nTasks * data.nClasses);
  for (let i = 0; i < data.task.length; i++) counts[data.task[i]! * data.nClasses + data.label[i]!]!++;
  return counts;
}
