import type { DrawnRegion, PlacedMark, RegionState, ViewOutcome } from '../../region-state.js';
import type { ResultItem } from '../../result-item.js';
import type { LabelsControl } from './schema.js';

/**
 * What the labels control does to its spans, free of React: make a span from a drawn region, relabel one, mark
 * them for the text view, and what a label key means given the regions (see `labelKey`).
 */

/** Colours for labels without a `background` of their own, by position (readable under black text). */
const PALETTE = ['#f59e0b', '#3b82f6', '#10b981', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6', '#f97316', '#6366f1', '#84cc16'];

/** The colour a label's regions are drawn in: its `background`, else one of the palette by its position. */
export function labelColor(control: { labels: readonly { value: string; background?: string | undefined }[] }, label: string): string {
  const index = control.labels.findIndex((l) => l.value === label);
  const own = index >= 0 ? control.labels[index]?.background : undefined;
  return own ?? PALETTE[(index >= 0 ? index : 0) % PALETTE.length] ?? '#f59e0b';
}

const labelsOf = (item: ResultItem): string[] => (Array.isArray(item.value.labels) ? item.value.labels.filter((l): l is string => typeof l === 'string') : []);

/** A span as the text view and the span list need it; undefined for an item that is no span (a broken draft). */
export function spanOf(item: ResultItem): { id: string; start: number; end: number; text: string; labels: string[] } | undefined {
  const { start, end, text } = item.value;
  if (item.id === undefined || typeof start !== 'number' || typeof end !== 'number') return undefined;
  return { id: item.id, start, end, text: typeof text === 'string' ? text : '', labels: labelsOf(item) };
}

/** The spans in reading order (by start, the longer one first when two start together). */
export function spansInOrder(items: readonly ResultItem[]) {
  return items
    .map(spanOf)
    .filter((s) => s !== undefined)
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The spans as marks on the control's text object, captioned with their labels and coloured by the first. */
export function spanMarks(control: LabelsControl, items: readonly ResultItem[]): PlacedMark[] {
  return spansInOrder(items).map((s) => ({
    id: s.id,
    object: control.toName,
    start: s.start,
    end: s.end,
    caption: s.labels.join(', '),
    color: labelColor(control, s.labels[0] ?? ''),
  }));
}

/**
 * The control's items with a span made from a drawn region (`{start, end, text}` in code points), in Label Studio's
 * shape: `{id, from_name, to_name, type: 'labels', value: {start, end, text, labels: [label]}}`.
 */
export function drawSpan(control: LabelsControl, items: readonly ResultItem[], drawn: DrawnRegion, label: string, newId: () => string): { items: ResultItem[]; id: string } {
  const { start, end, text } = drawn.value;
  const id = newId();
  const span: ResultItem = {
    id,
    from_name: control.name,
    to_name: control.toName,
    type: 'labels',
    value: { start, end, text, labels: [label] },
    origin: 'manual',
  };
  return { items: [...items, span], id };
}

/**
 * The items with span `id` relabelled: one label per span unless the control is `multiple`, where the key adds or
 * removes that label (the last one stays: a span carries at least one).
 */
export function relabel(control: LabelsControl, items: readonly ResultItem[], id: string, label: string): ResultItem[] {
  return items.map((item) => {
    if (item.id !== id) return item;
    const current = labelsOf(item);
    let labels = [label];
    if (control.multiple) labels = current.includes(label) ? (current.length > 1 ? current.filter((l) => l !== label) : current) : [...current, label];
    return { ...item, value: { ...item.value, labels } };
  });
}

/**
 * What a label key (or a click on a label) does, in this order: relabels the selected span when it is one of this
 * control's; labels the region drawn on this control's text while no label was armed; else arms the label for the
 * next selection (pressed again, disarms it).
 */
export function labelKey(control: LabelsControl, items: readonly ResultItem[], label: string, state: RegionState, newId: () => string): ViewOutcome {
  if (state.selected !== null && items.some((i) => i.id === state.selected)) return { items: relabel(control, items, state.selected, label) };
  if (state.drawn !== null && state.drawn.object === control.toName) {
    return { items: drawSpan(control, items, state.drawn, label, newId).items, state: { drawn: null } };
  }
  const armed = { ...state.armed };
  if (armed[control.name] === label) delete armed[control.name];
  else armed[control.name] = label;
  return { state: { armed } };
}

/** Without the region state (a key pressed where no objects are shown) a label key relabels nothing: items unchanged. */
export function pressLabel(_control: LabelsControl, items: readonly ResultItem[]): ResultItem[] {
  return [...items];
}
