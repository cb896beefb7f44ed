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
  validatedGoldDawidSkene,
} from '@biaozhu/core/quality/index';

export const AGGREGATION_METHODS: readonly AggregationMethod[] = ['mv', 'wawa', 'ds', 'onecoin', 'glad', 'mace'];

/** Methods that can anchor on known answers during fitting. */
export const GOLD_ANCHORED: ReadonlySet<AggregationMethod> = new Set(['ds', 'onecoin']);

/**
 * Runs one method by name. `gold` anchors one-coin DS, and DS through `validatedGoldDawidSkene` (anchoring is kept
 * only when it answers held-out gold better; `note` says which); the other methods ignore it.
 */
export function runMethod(
  method: AggregationMethod,
  data: LabelData,
  seed: number,
  gold?: Int32Array,
  note?: (message: string) => void,
): AggregationResult {
  if (method === 'ds' && gold) {
    const v = validatedGoldDawidSkene(data, gold, { seed });
    note?.(
      `ds: ${v.anchored ? 'anchored on gold' : 'anchoring did not help on held-out gold, unsupervised answers kept'}` +
        ` (held-out gold right: anchored ${v.heldOut.anchored}, plain ${v.heldOut.plain} of ${v.heldOut.total});` +
        ' gold tasks keep their known answer',
    );
    return v.result;
  }
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
