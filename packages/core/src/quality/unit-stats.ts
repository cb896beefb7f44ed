import type { LabelData } from './label-data.js';

/** Per-task sums that the agreement coefficients need, computed in O(labels + classes) memory. */
export interface UnitStats {
  /** Labels per task (m_u). */
  m: Float64Array;
  /** Sum over classes of squared counts per task (sum_c n_uc²): m_u minus this counts disagreeing ordered pairs. */
  sumSquares: Float64Array;
  /** Labels per class over all tasks with at least `minPerTask` labels (n_c). */
  classTotals: Float64Array;
}

/**
 * Counts each task's labels per class without a dense task x class table (labels may be free text with thousands
 * of distinct values): rows are grouped by task with a counting sort and counted in a scratch array that is reset
 * through the list of classes it touched. Class totals only include tasks with at least `minPerTask` labels.
 */
export function unitStats(data: LabelData, minPerTask = 2): UnitStats {
  const { nTasks, nClasses, task, label } = data;
  const m = new Float64Array(nTasks);
  for (let i = 0; i < task.length; i++) m[task[i]!]!++;
  const start = new Int32Array(nTasks + 1);
  for (let t = 0; t < nTasks; t++) start[t + 1] = start[t]! + m[t]!;
  const next = start.slice(0, nTasks);
  const byTask = new Int32Array(task.length);
  for (let i = 0; i < task.length; i++) byTask[next[task[i]!]!++] = label[i]!;
  const scratch = new Int32Array(nClasses);
  const touched: number[] = [];
  const sumSquares = new Float64Array(nTasks);
  const classTotals = new Float64Array(nClasses);
  for (let t = 0; t < nTasks; t++) {
    touched.length = 0;
    for (let j = start[t]!; j < start[t + 1]!; j++) {
      const c = byTask[j]!;
      if (scratch[c] === 0) touched.push(c);
      scratch[c]!++;
    }
    let sq = 0;
    const counted = m[t]! >= minPerTask;
    for (const c of touched) {
      const n = scratch[c]!;
      sq += n * n;
      if (counted) classTotals[c]! += n;
      scratch[c] = 0;
    }
    sumSquares[t] = sq;
  }
  return { m, sumSquares, classTotals };
}
