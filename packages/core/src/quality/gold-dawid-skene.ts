import type { AggregationResult } from './aggregation-result.js';
import { dawidSkene, type DawidSkeneOptions } from './dawid-skene.js';
import type { LabelData } from './label-data.js';

/**
 * Dawid-Skene anchored on gold: tasks with a known answer (`gold[t] >= 0`) keep that answer as their posterior
 * through EM, so workers' confusion matrices are learned partly from certain truth. Other tasks are inferred as in
 * plain Dawid-Skene; gold tasks are returned with their known answer and confidence 1.
 *
 * Reference: Dawid and Skene (1979), who describe fixing known true responses in EM (semi-supervised EM); crowd-kit
 * `DawidSkene.fit(data, true_labels)`.
 */
export function goldDawidSkene(
  data: LabelData,
  gold: Int32Array,
  options: Omit<DawidSkeneOptions, 'gold'> = {},
): AggregationResult {
  return dawidSkene(data, { ...options, gold });
}
