import { QualityInputError } from './quality-input-error.js';

/**
 * Crowd labels in integer form, one entry per label row: `task[i]` was given `label[i]` by `worker[i]`.
 * Indices are 0-based and dense (`0 <= task[i] < nTasks` and so on). Duplicate (worker, task) rows are kept as
 * separate labels, as crowd-kit does; deduplicate before encoding if that is not wanted.
 */
export interface LabelData {
  readonly nTasks: number;
  readonly nWorkers: number;
  readonly nClasses: number;
  readonly task: Int32Array;
  readonly worker: Int32Array;
  readonly label: Int32Array;
}

/** Checks shapes and index ranges once, so the algorithms can index typed arrays without further checks. */
export function validateLabelData(data: LabelData, options: { allowEmpty?: boolean } = {}): void {
  const { task, worker, label, nTasks, nWorkers, nClasses } = data;
  if (task.length !== worker.length || task.length !== label.length) {
    throw new QualityInputError(
      `task, worker and label arrays differ in length (${task.length}, ${worker.length}, ${label.length})`,
    );
  }
  for (const [name, n] of [['nTasks', nTasks], ['nWorkers', nWorkers], ['nClasses', nClasses]] as const) {
    if (!Number.isInteger(n) || n < 0) throw new QualityInputError(`${name} must be a non-negative integer, got ${n}`);
  }
  if (task.length === 0 && options.allowEmpty !== true) throw new QualityInputError('no labels to aggregate');
  if (task.length > 0 && nClasses < 1) throw new QualityInputError('labels given but nClasses is 0');
  for (let i = 0; i < task.length; i++) {
    const t = task[i]!;
    const w = worker[i]!;
    const l = label[i]!;
    if (t < 0 || t >= nTasks) throw new QualityInputError(`label row ${i}: task index ${t} outside 0..${nTasks - 1}`);
    if (w < 0 || w >= nWorkers) throw new QualityInputError(`label row ${i}: worker index ${w} outside 0..${nWorkers - 1}`);
    if (l < 0 || l >= nClasses) throw new QualityInputError(`label row ${i}: label index ${l} outside 0..${nClasses - 1}`);
  }
}

/** Number of labels each task received. */
export function countPerTask(data: LabelData): Int32Array {
  const counts = new Int32Array(data.nTasks);
  for (let i = 0; i < data.task.length; i++) counts[data.task[i]!]!++;
  return counts;
}

/** Number of labels each worker gave. */
export function countPerWorker(data: LabelData): Int32Array {
  const counts = new Int32Array(data.nWorkers);
  for (let i = 0; i < data.worker.length; i++) counts[data.worker[i]!]!++;
  return counts;
}
