import type { ResultEntry, ResultItem } from '../result-item.js';

/**
 * Per-region answers (`perRegion` choices and textarea): a control's items about one region carry that region's
 * `id`, as Label Studio writes them. Pure helpers shared by those views.
 */

/** The selected region when it is a region of the answer on `objectName` (a span), else null. */
export function regionOn(answer: readonly ResultEntry[], objectName: string, selected: string | null | undefined, ownControl: string): string | null {
  if (!selected) return null;
  const region = answer.find((e): e is ResultItem => 'from_name' in e && e.id === selected && e.from_name !== ownControl && e.to_name === objectName);
  return region ? selected : null;
}

/** A control's items about one region. */
export function itemsOfRegion(items: readonly ResultItem[], regionId: string): ResultItem[] {
  return items.filter((i) => i.id === regionId);
}

/** The control's items with those about `regionId` replaced by `next`, which all take that region's id. */
export function withRegionItems(items: readonly ResultItem[], regionId: string, next: readonly ResultItem[]): ResultItem[] {
  return [...items.filter((i) => i.id !== regionId), ...next.map((i) => ({ ...i, id: regionId }))];
}
