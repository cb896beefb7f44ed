import { validateLabelData, type LabelData } from './label-data.js';
import { QualityInputError } from './quality-input-error.js';
import { unitCounts } from './unit-counts.js';

/** Difference function of Krippendorff's alpha: `nominal` (equal or not) or `interval` (squared difference). */
export type AlphaMetric = 'nominal' | 'interval';

export interface KrippendorffOptions {
  metric?: AlphaMetric;
  /** Numeric value of each class index, required for `interval` (the CLI passes the parsed label names). */
  classValues?: ArrayLike<number>;
}

/**
 * Krippendorff's alpha = 1 - D_o / D_e from the coincidence matrix of pairable values: units (tasks) with fewer than
 * two values are left out, so missing data is handled as Krippendorff defines. Every label counts as a value, so a
 * worker who labelled a task twice contributes two values. Returns 1 when there is no variation at all (D_e = 0);
 * throws `QualityInputError` when no unit has two values.
 *
 * Reference: K. Krippendorff, "Computing Krippendorff's Alpha-Reliability", University of Pennsylvania, 2011.
 */
export function krippendorffAlpha(data: LabelData, options: KrippendorffOptions = {}): number {
  validateLabelData(data);
  const K = data.nClasses;
  const metric = options.metric ?? 'nominal';
  const delta = new Float64Array(K * K);
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) {
      if (metric === 'nominal') delta[c * K + k] = c === k ? 0 : 1;
      else {
        const values = options.classValues;
        if (!values || values.length < K) {
          throw new QualityInputError('interval alpha needs a numeric value for every class');
        }
        const d = values[c]! - values[k]!;
        if (!Number.isFinite(d)) throw new QualityInputError('interval alpha needs finite numeric class values');
        delta[c * K + k] = d * d;
      }
    }
  }
  const counts = unitCounts(data);
  const coincidence = new Float64Array(K * K);
  let pairable = 0;
  for (let t = 0; t < data.nTasks; t++) {
    const base = t * K;
    let m = 0;
    for (let k = 0; k < K; k++) m += counts[base + k]!;
    if (m < 2) continue;
    pairable += m;
    for (let c = 0; c < K; c++) {
      const nc = counts[base + c]!;
      if (nc === 0) continue;
      for (let k = 0; k < K; k++) {
        const nk = counts[base + k]!;
        if (nk === 0) continue;
        coincidence[c * K + k]! += (c === k ? nc * (nc - 1) : nc * nk) / (m - 1);
      }
    }
  }
  if (pairable === 0) throw new QualityInputError("Krippendorff's alpha needs at least one task with two or more labels");
  const marginals = new Float64Array(K);
  for (let c = 0; c < K; c++) for (let k = 0; k < K; k++) marginals[c]! += coincidence[c * K + k]!;
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) {
      observed += coincidence[c * K + k]! * delta[c * K + k]!;
      expected += marginals[c]! * marginals[k]! * delta[c * K + k]!;
    }
  }
  expected /= pairable - 1;
  if (expected === 0) return 1;
  return 1 - observed / expected;
}

/**
 * Krippendorff's alpha of a reliability-data table as printed in the literature: `table[coder][unit]` is a number,
 * or null/undefined when that coder did not code that unit. Classes are the distinct values; `interval` uses them.
 */
export function krippendorffAlphaOfTable(
  table: ReadonlyArray<ReadonlyArray<number | null | undefined>>,
  metric: AlphaMetric = 'nominal',
): number {
  const values = [...new Set(table.flat().filter((v): v is number => v !== null && v !== undefined))].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const task: number[] = [];
  const worker: number[] = [];
  const label: number[] = [];
  let nUnits = 0;
  table.forEach((row, coder) =>
    row.forEach((v, unit) => {
      nUnits = Math.max(nUnits, unit + 1);
      if (v === null || v === undefined) return;
      task.push(unit);
      worker.push(coder);
      label.push(index.get(v)!);
    }),
  );
  const data: LabelData = {
    nTasks: nUnits,
    nWorkers: table.length,
    nClasses: values.length,
    task: Int32Array.from(task),
    worker: Int32Array.from(worker),
    label: Int32Array.from(label),
  };
  return krippendorffAlpha(data, { metric, classValues: values });
}
