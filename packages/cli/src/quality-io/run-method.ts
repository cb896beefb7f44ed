import {
  dawidSkene,
  glad,
  mace,
  majorityVote,
  oneCoinDawidSkene,
  wawa,
  type AggregationMethod,
  type AggregationResult,
  type LabelData,
} from '@biaozhu/core/quality/index';

export const AGGREGATION_METHODS: readonly AggregationMethod[] = ['mv', 'wawa', 'ds', 'onecoin', 'glad', 'mace'];

/** Methods that can anchor on known answers during fitting. */
export const GOLD_ANCHORED: ReadonlySet<AggregationMethod> = new Set(['ds', 'onecoin']);

/** Runs one method by name; `gold` anchors DS and one-coin DS and is ignored by the others. */
export function runMethod(
  method: AggregationMethod,
  data: LabelData,
  seed: number,
  gold?: Int32Array,
): AggregationResult {
  switch (method) {
    case 'mv':
      return majorityVote(data, { seed });
    case 'wawa':
      return wawa(data, { seed });
    case 'ds':
      return dawidSkene(data, gold ? { gold } : {});
    case 'onecoin':
      return oneCoinDawidSkene(data, gold ? { gold } : {});
    case 'glad':
      return glad(data);
    case 'mace':
      return mace(data, { seed });
  }
}
