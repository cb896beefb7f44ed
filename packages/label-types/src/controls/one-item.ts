import type { ResultItem } from '../result-item.js';

/**
 * Controls whose whole answer is one result item (choices, number, rating, ranker, taxonomy, textarea): reading a
 * number from it and writing a new value into it. Pure.
 */

/** The number under `key` in the control's item when `accepts` takes it, else null. */
export function numberIn(items: readonly ResultItem[], key: string, accepts: (n: number) => boolean): number | null {
  const n = items[0]?.value[key];
  return typeof n === 'number' && accepts(n) ? n : null;
}

/**
 * The control's one item of `type` with `value` merged into its value, as Label Studio writes it: the item keeps its
 * id and its other fields (a new id when there was none).
 */
export function withOneItem(
  control: { name: string; toName: string },
  type: string,
  items: readonly ResultItem[],
  value: Record<string, unknown>,
  newId: () => string,
): ResultItem[] {
  const first = items[0];
  return [{ ...(first ?? {}), id: first?.id ?? newId(), from_name: control.name, to_name: control.toName, type, value: { ...(first?.value ?? {}), ...value } }];
}
