import { isRelationItem, type ResultEntry, type ResultItem } from '../result-item.js';

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

/** The keys of `value` that hold an image region's geometry, by the region item's type (labels and plain). */
const IMAGE_REGION_GEOMETRY: Readonly<Record<string, readonly string[]>> = {
  rectanglelabels: ['x', 'y', 'width', 'height', 'rotation'],
  rectangle: ['x', 'y', 'width', 'height', 'rotation'],
  polygonlabels: ['points', 'closed'],
  polygon: ['points', 'closed'],
  keypointlabels: ['x', 'y', 'width'],
  keypoint: ['x', 'y', 'width'],
};
const IMAGE_FIELDS = ['original_width', 'original_height', 'image_rotation'] as const;

/**
 * The answer with every per-region item about an image region (an item of another control carrying the region's
 * `id`) written as Label Studio 1.4's editor writes it (controls/<type>/ls-1.4.0-result.json): the region's geometry
 * copied into its `value` beside the control's own answer, and the region's `original_width`, `original_height`,
 * `image_rotation` and `origin` beside `value` (Label Studio serialises each result from its region, then adds the
 * control's own key). Taken from the region as it is now, so an item follows the region when it was
 * moved after the answer was given. Spans and items about no image region are left as they are; our checks accept
 * per-region items with or without the copy (answers saved before this have none).
 */
export function withRegionGeometry(answer: readonly ResultEntry[]): ResultEntry[] {
  const regions = new Map<string, ResultItem>();
  for (const entry of answer) {
    if (isRelationItem(entry) || entry.id === undefined || IMAGE_REGION_GEOMETRY[entry.type] === undefined || regions.has(entry.id)) continue;
    regions.set(entry.id, entry);
  }
  if (regions.size === 0) return [...answer];
  return answer.map((entry): ResultEntry => {
    if (isRelationItem(entry) || entry.id === undefined) return entry;
    const region = regions.get(entry.id);
    if (region === undefined || region.from_name === entry.from_name) return entry;
    const keys = IMAGE_REGION_GEOMETRY[region.type] ?? [];
    const geometry = Object.fromEntries(keys.flatMap((k) => (region.value[k] === undefined ? [] : [[k, region.value[k]]])));
    const own = Object.fromEntries(Object.entries(entry.value).filter(([k]) => !keys.includes(k)));
    const image = Object.fromEntries([...IMAGE_FIELDS, 'origin'].flatMap((k) => (region[k] === undefined ? [] : [[k, region[k]]])));
    return { ...entry, ...image, value: { ...geometry, ...own } };
  });
}
