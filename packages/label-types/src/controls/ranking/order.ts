import { displayText } from '../../objects/display-text.js';
import type { ResultItem } from '../../result-item.js';
import { stringList } from '../options.js';
import { rankingKeys, UNSORTED_BUCKET, type RankingControl } from './schema.js';
import { withOneItem } from '../one-item.js';

/** One item of the task's list as the view shows it: its id (a string, as Label Studio reads it), title and body. */
export interface ListEntry {
  id: string;
  title: string;
  body: string;
}

/** The items of a list object's data (`[{id, title, body}]`); entries without an id are left out. */
export function listEntries(data: unknown): ListEntry[] {
  if (!Array.isArray(data)) return [];
  const entries: ListEntry[] = [];
  for (const item of data) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, title, body } = item as { id?: unknown; title?: unknown; body?: unknown };
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    entries.push({ id: String(id), title: displayText(title), body: displayText(body) });
  }
  return entries;
}

/** Where each item is: the ranking's keys (see rankingKeys) in order, each with its item ids in order. */
export type Columns = { key: string; ids: string[] }[];

/** The column that holds every item at the start: the default bucket, `_` for unsorted ones, or the one ranking. */
export function startColumn(control: RankingControl): string {
  return control.buckets?.find((b) => b.default === true)?.name ?? rankingKeys(control)[0]!;
}

/**
 * The columns of a ranking: from the answer when it has one, otherwise every item in the start column in the
 * list's order. Ids of the answer that the list does not hold are dropped; items the answer does not place go to
 * the end of the start column, so every item of the task is always on screen.
 */
export function columnsOf(control: RankingControl, items: readonly ResultItem[], ids: readonly string[]): Columns {
  const ranker = items[0]?.value.ranker;
  const saved = typeof ranker === 'object' && ranker !== null && !Array.isArray(ranker) ? (ranker as Record<string, unknown>) : {};
  const placed = new Set<string>();
  const columns = rankingKeys(control).map((key) => {
    const list = (stringList(saved[key]) ?? []).filter((id) => ids.includes(id) && !placed.has(id));
    list.forEach((id) => placed.add(id));
    return { key, ids: list };
  });
  const start = columns.find((c) => c.key === startColumn(control))!;
  start.ids.push(...ids.filter((id) => !placed.has(id)));
  return columns;
}

/** Whether the answer holds a ranking yet (the list's order as it came is no answer until kept or changed). */
export const hasRanking = (items: readonly ResultItem[]) => items.length > 0;

/**
 * The control's item for `columns`, in Label Studio's shape: `{ranker: {<key>: [ids]}}` with every key, empty
 * buckets too (Label Studio's Ranker writes each of its columns).
 */
export function withColumns(control: RankingControl, items: readonly ResultItem[], columns: Columns, newId: () => string): ResultItem[] {
  return withOneItem(control, 'ranker', items, { ranker: Object.fromEntries(columns.map((c) => [c.key, [...c.ids]])) }, newId);
}

/** Where an item is: its column's index and its index there, or null when no column holds it. */
export function placeOf(columns: Columns, id: string): { column: number; index: number } | null {
  for (const [column, c] of columns.entries()) {
    const index = c.ids.indexOf(id);
    if (index >= 0) return { column, index };
  }
  return null;
}

/** The columns with item `id` moved to position `index` of column `column` (clamped; the item's own place counts out). */
export function moveTo(columns: Columns, id: string, column: number, index: number): Columns {
  if (placeOf(columns, id) === null || column < 0 || column >= columns.length) return columns;
  const without = columns.map((c) => ({ key: c.key, ids: c.ids.filter((x) => x !== id) }));
  const target = without[column]!;
  target.ids.splice(Math.max(0, Math.min(index, target.ids.length)), 0, id);
  return without;
}

/** The columns with item `id` one place up (`-1`) or down (`+1`) within its column. */
export function moveWithin(columns: Columns, id: string, delta: -1 | 1): Columns {
  const at = placeOf(columns, id);
  return at === null ? columns : moveTo(columns, id, at.column, at.index + delta);
}

/** The columns with item `id` moved to the end of the previous (`-1`) or next (`+1`) column, if there is one. */
export function moveAcross(columns: Columns, id: string, delta: -1 | 1): Columns {
  const at = placeOf(columns, id);
  if (at === null) return columns;
  const column = at.column + delta;
  return column < 0 || column >= columns.length ? columns : moveTo(columns, id, column, columns[column]!.ids.length);
}

/** Every item in the order shown: column by column. Digit keys count positions in it. */
export const shownOrder = (columns: Columns) => columns.flatMap((c) => c.ids);

/**
 * What a key does in a ranking: a digit selects the item at that position, Alt with an arrow moves the selected
 * item (up/down within its column, left/right to the neighbouring column), plain up/down move the selection when
 * the list itself has the focus. Null: not a ranking key.
 */
export type RankingKeyAction = { type: 'select'; id: string } | { type: 'move'; columns: Columns };

export interface RankingKey {
  key: string;
  alt: boolean;
  /** Whether the list has the keyboard's focus (plain arrows are the workspace's otherwise). */
  inList: boolean;
}

export function rankingKey(columns: Columns, selected: string | null, press: RankingKey): RankingKeyAction | null {
  const order = shownOrder(columns);
  if (!press.alt && /^[1-9]$/.test(press.key)) {
    const id = order[Number(press.key) - 1];
    return id === undefined ? null : { type: 'select', id };
  }
  const arrow = press.key === 'ArrowUp' ? -1 : press.key === 'ArrowDown' ? 1 : undefined;
  const side = press.key === 'ArrowLeft' ? -1 : press.key === 'ArrowRight' ? 1 : undefined;
  if (press.alt) {
    if (selected === null) return null;
    if (arrow !== undefined) return { type: 'move', columns: moveWithin(columns, selected, arrow) };
    if (side !== undefined && columns.length > 1) return { type: 'move', columns: moveAcross(columns, selected, side) };
    return null;
  }
  if (press.inList && arrow !== undefined && order.length > 0) {
    const at = selected === null ? -1 : order.indexOf(selected);
    const next = at < 0 ? (arrow === 1 ? 0 : order.length - 1) : Math.min(order.length - 1, Math.max(0, at + arrow));
    return { type: 'select', id: order[next]! };
  }
  return null;
}

/** A column's heading: a bucket's title or name; the unsorted column's is the view's word. */
export function columnTitle(control: RankingControl, key: string): string | null {
  if (key === UNSORTED_BUCKET) return null;
  const bucket = control.buckets?.find((b) => b.name === key);
  return bucket ? (bucket.title ?? bucket.name) : null;
}
