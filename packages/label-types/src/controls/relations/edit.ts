import type { RelationItem, ResultEntry } from '../../result-item.js';
import type { RegionState, ViewOutcome } from '../../region-state.js';
import type { RelationsControl } from './schema.js';

/**
 * What the relations control does to its relations, free of React: join two regions, turn the arrow, label and
 * remove a relation, and what its key means given the regions (see `relationKey`).
 */

/** The key target of the relations control: start a relation from the selected region, or finish one. */
export const LINK = 'link';

export const DIRECTIONS = ['right', 'left', 'bi'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * The relations with one from `from` to `to`, as Label Studio's editor writes it (`direction: 'right'`, no labels
 * yet). A pair already related (either way round) is left as it is: the validator refuses the same pair twice.
 */
export function linkRegions(_control: RelationsControl, items: readonly RelationItem[], from: string, to: string): RelationItem[] {
  if (from === to || items.some((r) => (r.from_id === from && r.to_id === to) || (r.from_id === to && r.to_id === from))) return [...items];
  return [...items, { type: 'relation', from_id: from, to_id: to, direction: 'right', labels: [] }];
}

const same = (a: RelationItem, b: RelationItem) => a.from_id === b.from_id && a.to_id === b.to_id;

/** The relation's arrow turned to the next direction: right (from to to), left, both ways. */
export function turnDirection(items: readonly RelationItem[], relation: RelationItem): RelationItem[] {
  const next = DIRECTIONS[(DIRECTIONS.indexOf(relation.direction) + 1) % DIRECTIONS.length] ?? 'right';
  return items.map((r) => (same(r, relation) ? { ...r, direction: next } : r));
}

/** The relation with `label` added or removed; one label unless the control is `multiple`. */
export function toggleRelationLabel(control: RelationsControl, items: readonly RelationItem[], relation: RelationItem, label: string): RelationItem[] {
  return items.map((r) => {
    if (!same(r, relation)) return r;
    const current = r.labels ?? [];
    const labels = current.includes(label) ? current.filter((l) => l !== label) : control.multiple ? [...current, label] : [label];
    return { ...r, labels };
  });
}

export function removeRelation(items: readonly RelationItem[], relation: RelationItem): RelationItem[] {
  return items.filter((r) => !same(r, relation));
}

/**
 * The relation key: with a region selected it starts a relation from it (the next region clicked, or selected and
 * confirmed with the key again, is its other end); pressed again while waiting it finishes the relation on the
 * region selected meanwhile, or cancels when that is still the first one. Without a selected region it does nothing.
 */
export function relationKey(control: RelationsControl, items: readonly RelationItem[], _target: string, state: RegionState): ViewOutcome<RelationItem> | null {
  if (state.linking !== null && state.linking.control === control.name) {
    const { from } = state.linking;
    if (state.selected !== null && state.selected !== from) {
      return { items: linkRegions(control, items, from, state.selected), state: { linking: null, selected: null } };
    }
    return { state: { linking: null } };
  }
  if (state.selected === null) return null;
  return { state: { linking: { control: control.name, from: state.selected } } };
}

/** A region's words for the relation list: its text (or other value) and labels, from the answer. */
export function regionCaption(answer: readonly ResultEntry[], id: string): { text: string; labels: string } {
  const item = answer.find((e) => !('from_id' in e) && (e as { id?: unknown }).id === id);
  if (!item || !('value' in item)) return { text: id, labels: '' };
  const value = item.value as Record<string, unknown>;
  const labels = Array.isArray(value.labels) ? value.labels.filter((l) => typeof l === 'string').join(', ') : '';
  return { text: typeof value.text === 'string' ? value.text : id, labels };
}
