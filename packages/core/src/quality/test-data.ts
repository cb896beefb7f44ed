import type { LabelData } from './label-data.js';

/**
 * Builds `LabelData` from `[task, worker, label]` triples for tests and examples; counts default to one more than
 * the largest index seen.
 */
export function labelsOf(
  rows: ReadonlyArray<readonly [number, number, number]>,
  sizes: { nTasks?: number; nWorkers?: number; nClasses?: number } = {},
): LabelData {
  const max = (j: 0 | 1 | 2): number => rows.reduce((m, r) => Math.max(m, r[j] + 1), 0);
  return {
    nTasks: sizes.nTasks ?? max(0),
    nWorkers: sizes.nWorkers ?? max(1),
    nClasses: sizes.nClasses ?? max(2),
    task: Int32Array.from(rows.map((r) => r[0])),
    worker: Int32Array.from(rows.map((r) => r[1])),
    label: Int32Array.from(rows.map((r) => r[2])),
  };
}
