import type { ProportionInterval } from '@biaozhu/contract';
import { validateLabelData, type LabelData } from './label-data.js';
import { QualityInputError } from './quality-input-error.js';

/**
 * Wilson score interval of a binomial proportion, which stays inside [0, 1] and is honest for small counts (a worker
 * with 3 of 3 gold right is not "100% accurate"). `z` defaults to 1.96 (95%). With no trials it is [0, 1].
 *
 * Reference: E. B. Wilson, "Probable Inference, the Law of Succession, and Statistical Inference", JASA 22, 1927.
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): ProportionInterval {
  if (!(trials >= 0) || !(successes >= 0) || successes > trials) {
    throw new QualityInputError(`Wilson interval needs 0 <= successes <= trials, got ${successes} of ${trials}`);
  }
  if (trials === 0) return { successes, trials, proportion: 0, low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return { successes, trials, proportion: p, low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/** Each worker's accuracy on gold tasks (`gold[t] >= 0`) with its Wilson interval; duplicate rows count each time. */
export function workerGoldAccuracy(data: LabelData, gold: Int32Array, z = 1.96): ProportionInterval[] {
  validateLabelData(data, { allowEmpty: true });
  if (gold.length !== data.nTasks) throw new QualityInputError(`gold has ${gold.length} entries but there are ${data.nTasks} tasks`);
  const right = new Float64Array(data.nWorkers);
  const total = new Float64Array(data.nWorkers);
  for (let i = 0; i < data.task.length; i++) {
    const g = gold[data.task[i]!]!;
    if (g < 0) continue;
    const w = data.worker[i]!;
    total[w]!++;
    if (data.label[i] === g) right[w]!++;
  }
  return Array.from({ length: data.nWorkers }, (_, w) => wilsonInterval(right[w]!, total[w]!, z));
}
