import { validateLabelData, type LabelData } from './label-data.js';
import { QualityInputError } from './quality-input-error.js';
import { unitStats } from './unit-stats.js';

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
  const metric = options.metric ?? 'nominal';
  const { m, sumSquares, classTotals } = unitStats(data);
  let pairable = 0;
  for (let t = 0; t < data.nTasks; t++) if (m[t]! >= 2) pairable += m[t]!;
  if (pairable === 0) throw new QualityInputError("Krippendorff's alpha needs at least one task with two or more labels");
  // D_o and D_e in closed form: for nominal, sum_{c != k} n_c n_k = n² - sum_c n_c²; for interval,
  // sum_{c,k} n_c n_k (v_c - v_k)² = 2 (n sum_c n_c v_c² - (sum_c n_c v_c)²), per unit (divided by m_u - 1) and overall.
  let observed = 0;
  let expected = 0;
  if (metric === 'nominal') {
    for (let t = 0; t < data.nTasks; t++) {
      const mu = m[t]!;
      if (mu >= 2) observed += (mu * mu - sumSquares[t]!) / (mu - 1);
    }
    let sq = 0;
    for (const n of classTotals) sq += n * n;
    expected = (pairable * pairable - sq) / (pairable - 1);
  } else {
    const values = options.classValues;
    if (!values || values.length < data.nClasses) throw new QualityInputError('interval alpha needs a numeric value for every class');
    for (let k = 0; k < data.nClasses; k++) {
      if (!Number.isFinite(values[k])) throw new QualityInputError('interval alpha needs finite numeric class values');
    }
    const s1 = new Float64Array(data.nTasks);
    const s2 = new Float64Array(data.nTasks);
    for (let i = 0; i < data.task.length; i++) {
      const v = values[data.label[i]!]!;
      s1[data.task[i]!]! += v;
      s2[data.task[i]!]! += v * v;
    }
    let t1 = 0;
    let t2 = 0;
    for (let t = 0; t < data.nTasks; t++) {
      const mu = m[t]!;
      if (mu < 2) continue;
      observed += (2 * (mu * s2[t]! - s1[t]! * s1[t]!)) / (mu - 1);
      t1 += s1[t]!;
      t2 += s2[t]!;
    }
    expected = (2 * (pairable * t2 - t1 * t1)) / (pairable - 1);
  }
  if (expected <= 0) return 1;
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
