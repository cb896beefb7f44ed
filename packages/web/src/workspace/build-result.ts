import type { LabelConfig, LabelControl, ResultEntry, ResultItem } from '@biaozhu/contract';
import { controlTypeOf, isRelationItem, unansweredRequired, withRegionGeometry } from '@biaozhu/label-types';
import { NO_REGION_STATE, viewOf, type RegionState, type ViewItem } from '@biaozhu/label-types/views';

/**
 * The answer being edited: result entries in Label Studio's shape, as they will be submitted. Each control's view
 * edits its own items; entries of controls without a view pass through untouched.
 */
export type Answer = ResultEntry[];

/** Whether an entry belongs to a control: by `from_name`, or by its type for a control matched by type (relations). */
function belongsTo(entry: ResultEntry, control: LabelControl): boolean {
  const type = controlTypeOf(control);
  if (type?.matchedBy === 'by-type') return isRelationItem(entry) && entry.type === type.resultType;
  return !isRelationItem(entry) && entry.from_name === control.name;
}

/** The items of one control found by `from_name` in the answer. */
export function itemsOf(answer: Answer, control: LabelControl): ResultItem[] {
  return answer.filter((e): e is ResultItem => !isRelationItem(e) && belongsTo(e, control));
}

/** The entries a control's view edits: its items, or the relations for the relations control. */
export function viewItemsOf(answer: Answer, control: LabelControl): ViewItem[] {
  return answer.filter((e) => belongsTo(e, control));
}

/**
 * The answer with one control's entries replaced, the rest kept in place; relations and per-region items left
 * pointing at a region that is gone are dropped with it (the server would refuse them).
 */
export function withItems(answer: Answer, control: LabelControl, items: readonly ViewItem[]): Answer {
  const next = [...answer.filter((e) => !belongsTo(e, control)), ...items];
  if (controlTypeOf(control)?.makesRegions !== true) return withoutRelationsOfGone(answer, next);
  // A region this control no longer has takes along what other controls said about it (per-region items share its id).
  const kept = new Set(items.flatMap((i) => (!isRelationItem(i) && i.id !== undefined ? [i.id] : [])));
  const removed = new Set(itemsOf(answer, control).flatMap((i) => (i.id !== undefined && !kept.has(i.id) ? [i.id] : [])));
  return withoutRelationsOfGone(answer, removed.size === 0 ? next : next.filter((e) => isRelationItem(e) || e.id === undefined || !removed.has(e.id)));
}

/** The ids of the regions (spans, ...) in the answer: items that carry an id. */
export function regionIds(answer: Answer): Set<string> {
  return new Set(answer.flatMap((e) => (!isRelationItem(e) && e.id !== undefined ? [e.id] : [])));
}

/**
 * `next` without the relations of regions that were in `before` and are gone from it. Relations that pointed at no
 * region already (a correction of an answer from elsewhere) are left for the server to judge, not dropped.
 */
function withoutRelationsOfGone(before: Answer, next: Answer): Answer {
  const now = regionIds(next);
  const gone = [...regionIds(before)].filter((id) => !now.has(id));
  if (gone.length === 0) return next;
  return next.filter((e) => !isRelationItem(e) || (!gone.includes(e.from_id) && !gone.includes(e.to_id)));
}

/** The answer without region `id`: every item of it (the span and what other controls said about it) and its relations. */
export function withoutRegion(answer: Answer, id: string): Answer {
  return withoutRelationsOfGone(answer, answer.filter((e) => isRelationItem(e) || e.id !== id));
}

/** The first required control left unanswered, if any (its label or name is shown to the worker). */
export function missingRequired(config: LabelConfig, answer: Answer): LabelControl | undefined {
  return unansweredRequired(config, answer)[0]?.control;
}

/**
 * The answer as it is submitted: items in the config's order of controls, items that hold no answer (a cleared
 * choice) left out, entries of no known control last and unchanged; per-region items about an image region carry
 * its geometry and image size as Label Studio's editor writes them (withRegionGeometry), from the region as it is now.
 */
export function buildResult(config: LabelConfig, answer: Answer): Answer {
  const ordered: Answer = [];
  const taken = new Set<ResultEntry>();
  for (const control of config.controls) {
    const type = controlTypeOf(control);
    for (const entry of viewItemsOf(answer, control)) {
      taken.add(entry);
      if (isRelationItem(entry) || type?.answers(entry) !== false) ordered.push(entry);
    }
  }
  return withRegionGeometry([...ordered, ...answer.filter((e) => !taken.has(e))]);
}

/** What a key changed: the answer, and the region state when the key was about regions. */
export interface Pressed {
  answer: Answer;
  state?: Partial<RegionState> | undefined;
}

/**
 * The answer after a control's key for `target` was pressed (see resolve-key.ts): through the view's `act` when it
 * has one (its keys depend on the regions), else its `press`. Null when the key does nothing now.
 */
export function pressWith(answer: Answer, control: LabelControl, target: string, state: RegionState, newId: () => string): Pressed | null {
  const view = viewOf(control);
  if (!view) return null;
  const items = viewItemsOf(answer, control);
  if (!view.act) return { answer: withItems(answer, control, view.press(control, items, target, newId)) };
  const outcome = view.act(control, items, target, state, newId);
  if (!outcome) return null;
  return { answer: outcome.items ? withItems(answer, control, outcome.items) : answer, state: outcome.state };
}

/** The answer after a control's key for `target` was pressed where no regions are shown. */
export function pressed(answer: Answer, control: LabelControl, target: string, newId: () => string): Answer {
  return pressWith(answer, control, target, NO_REGION_STATE, newId)?.answer ?? answer;
}
