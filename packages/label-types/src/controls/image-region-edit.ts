import type { DrawnRegion, PlacedMark, RegionGesture, RegionShape, RegionState, RegionStyle, ViewOutcome } from '../region-state.js';
import type { ResultItem } from '../result-item.js';
import { IMAGE_REGION_DEFAULTS, type RegionLabel } from './image-region.js';
import { labelColor } from './labels/edit.js';

/**
 * What the image region controls (rectangles, polygons, keypoints) do to their regions, free of React: make a region
 * from one drawn on the canvas, relabel one, mark them for the canvas, and what a label key means (as the labels
 * control does for spans). Each control describes its own geometry with a RegionKind.
 */

/** The fields of the three controls these functions read. */
export interface ImageRegionControl {
  type: 'rectangles' | 'polygons' | 'keypoints';
  name: string;
  toName: string;
  labels: RegionLabel[];
  multiple: boolean;
  strokeColor?: string | undefined;
  strokeWidth?: number | undefined;
  fillOpacity?: number | undefined;
  opacity?: number | undefined;
  label?: string | undefined;
}

/** One control type's geometry: how its regions are drawn, read from and written to `value`. */
export interface RegionKind<C extends ImageRegionControl> {
  gesture: RegionGesture;
  /** The key of `value` that holds the labels (`rectanglelabels`), and the item type with labels. */
  labelsKey: string;
  /** The item type of a control without labels (`rectangle`). */
  plainType: string;
  /** The region's geometry, or undefined for an item that is no such region (a broken draft or prediction). */
  shapeOf(value: Readonly<Record<string, unknown>>): RegionShape | undefined;
  /**
   * The geometry fields of `value` for a region drawn on the canvas (the canvas gives them in percent); `image` is the
   * drawn region's item fields (`original_width`, `original_height`), for sizes Label Studio writes in percent.
   */
  valueOf(control: C, drawn: Readonly<Record<string, unknown>>, image: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Whether the worker may rotate its regions. */
  rotatable?(control: C): boolean;
}

export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A region's labels. */
export function regionLabels(item: ResultItem, labelsKey: string): string[] {
  const labels = item.value[labelsKey];
  return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [];
}

/** The colour a region is drawn in: its first label's, else the control's `strokeColor`, else Label Studio's default. */
export function regionColor(control: ImageRegionControl, label: string | undefined): string {
  if (label !== undefined && control.labels.length > 0) return labelColor(control, label);
  return control.strokeColor ?? IMAGE_REGION_DEFAULTS[control.type].strokeColor;
}

const styleOf = (control: ImageRegionControl): RegionStyle => ({
  strokeWidth: control.strokeWidth ?? IMAGE_REGION_DEFAULTS[control.type].strokeWidth,
  fillOpacity: control.fillOpacity ?? IMAGE_REGION_DEFAULTS[control.type].fillOpacity,
  opacity: control.opacity ?? IMAGE_REGION_DEFAULTS[control.type].opacity,
});

/** The regions as marks on the control's image, in the answer's order (`start`/`end` 0: images have no reading order). */
export function regionMarks<C extends ImageRegionControl>(kind: RegionKind<C>, control: C, items: readonly ResultItem[]): PlacedMark[] {
  const style = styleOf(control);
  const rotatable = kind.rotatable?.(control) ?? false;
  const marks: PlacedMark[] = [];
  for (const item of items) {
    const shape = kind.shapeOf(item.value);
    if (item.id === undefined || shape === undefined) continue;
    const labels = regionLabels(item, kind.labelsKey);
    marks.push({ id: item.id, object: control.toName, start: 0, end: 0, caption: labels.join(', '), color: regionColor(control, labels[0]), shape, style, rotatable });
  }
  return marks;
}

/**
 * The control's items with a region made from one drawn on its image, in Label Studio's shape: `{id, from_name,
 * to_name, type, original_width, original_height, image_rotation, value: {...geometry, <labelsKey>: [label]}}`
 * (no labels, and the plain type, for a control without labels).
 */
export function drawImageRegion<C extends ImageRegionControl>(
  kind: RegionKind<C>,
  control: C,
  items: readonly ResultItem[],
  drawn: DrawnRegion,
  label: string,
  newId: () => string,
): { items: ResultItem[]; id: string } {
  const id = newId();
  const labelled = control.labels.length > 0;
  const value = { ...kind.valueOf(control, drawn.value, drawn.itemFields ?? {}), ...(labelled ? { [kind.labelsKey]: [label] } : {}) };
  const region: ResultItem = {
    id,
    from_name: control.name,
    to_name: control.toName,
    type: labelled ? kind.labelsKey : kind.plainType,
    ...drawn.itemFields,
    value,
    origin: 'manual',
  };
  return { items: [...items, region], id };
}

/**
 * The items with region `id` relabelled: one label per region unless the control is `multiple`, where the key adds or
 * removes that label (the last one stays: a region carries at least one).
 */
export function relabelRegion(kind: RegionKind<ImageRegionControl>, control: ImageRegionControl, items: readonly ResultItem[], id: string, label: string): ResultItem[] {
  return items.map((item) => {
    if (item.id !== id) return item;
    const current = regionLabels(item, kind.labelsKey);
    let labels = [label];
    if (control.multiple) labels = current.includes(label) ? (current.length > 1 ? current.filter((l) => l !== label) : current) : [...current, label];
    return { ...item, value: { ...item.value, [kind.labelsKey]: labels } };
  });
}

/**
 * What a label key (or a click on a label) does, in this order: relabels the selected region when it is one of this
 * control's; labels the region drawn on this control's image with its gesture (and selects it, so per-region
 * controls answer about it at once); else arms the label for the next region drawn (pressed again, disarms it).
 */
export function regionLabelKey<C extends ImageRegionControl>(
  kind: RegionKind<C>,
  control: C,
  items: readonly ResultItem[],
  label: string,
  state: RegionState,
  newId: () => string,
): ViewOutcome {
  if (state.selected !== null && items.some((i) => i.id === state.selected)) return { items: relabelRegion(kind, control, items, state.selected, label) };
  const drawn = state.drawn;
  if (drawn !== null && drawn.object === control.toName && drawn.gesture === kind.gesture) {
    const made = drawImageRegion(kind, control, items, drawn, label, newId);
    return { items: made.items, state: { drawn: null, selected: made.id } };
  }
  const armed = { ...state.armed };
  if (armed[control.name] === label) delete armed[control.name];
  else armed[control.name] = label;
  return { state: { armed } };
}
