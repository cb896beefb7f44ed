import type { LabelConfig, LabelControl } from '@biaozhu/contract';
import { objectViewOf, viewOf, type CaretMove, type DrawnRegion, type RegionGesture, type RegionState, type SpanMark } from '@biaozhu/label-types/views';
import { itemsOf, viewItemsOf, withItems, withoutRegion, type Answer } from './build-result';

/**
 * The workspace's side of regions, for every control type alike: which marks each object draws, which control takes
 * a region drawn on an object, what a click on a mark does, Delete and moving the selection. Pure: the task form
 * keeps the answer and the region state and applies what these return.
 */

export interface RegionStep {
  answer: Answer;
  state: RegionState;
}

const toolOf = (control: LabelControl) => viewOf(control)?.regions;

/** The controls that draw regions on an object, the active one first. */
function drawersOn(config: LabelConfig, objectName: string, activeIndex: number): LabelControl[] {
  const drawers = config.controls.filter((c) => toolOf(c)?.objects(c).includes(objectName) === true);
  const active = config.controls[activeIndex];
  return active && drawers.includes(active) ? [active, ...drawers.filter((c) => c !== active)] : drawers;
}

/** Whether some control draws regions on the object (its view then takes selections). */
export function drawsOn(config: LabelConfig, objectName: string): boolean {
  return drawersOn(config, objectName, -1).length > 0;
}

/** Every region mark of the answer, in the config's order of controls, with the selected and linking ones flagged. */
export function allMarks(config: LabelConfig, answer: Answer, state: RegionState): (SpanMark & { object: string })[] {
  return config.controls.flatMap((control) => {
    const tool = toolOf(control);
    if (!tool) return [];
    const hidden = new Set(state.hidden ?? []);
    const locked = new Set(state.locked ?? []);
    return tool.marks(control, viewItemsOf(answer, control)).map((m) => ({
      ...m,
      selected: m.id === state.selected,
      linking: m.id === state.linking?.from,
      hidden: hidden.has(m.id),
      locked: locked.has(m.id),
    }));
  });
}

/**
 * What a drawing gesture on an image makes now: the gesture of a control with a label armed there (the active one
 * first), else of the active control when it draws there, else of the first control drawing there. Undefined for
 * objects whose controls draw no shapes (text).
 */
export function gestureOn(config: LabelConfig, state: RegionState, activeIndex: number, objectName: string): RegionGesture | undefined {
  const drawers = drawersOn(config, objectName, activeIndex);
  const control = drawers.find((c) => state.armed[c.name] !== undefined) ?? drawers[0];
  return control ? toolOf(control)?.gesture : undefined;
}

/**
 * The answer with region `id` moved or resized: its item's `value` takes the new geometry fields (its labels stay).
 * The same answer when no control of the config holds that region.
 */
export function reshapeRegion(config: LabelConfig, answer: Answer, id: string, geometry: Readonly<Record<string, unknown>>): Answer {
  for (const control of config.controls) {
    if (!toolOf(control)) continue;
    const items = itemsOf(answer, control);
    if (!items.some((i) => i.id === id)) continue;
    return withItems(answer, control, items.map((i) => (i.id === id ? { ...i, value: { ...i.value, ...geometry } } : i)));
  }
  return answer;
}

/** The marks drawn on one object. */
export function marksOn(config: LabelConfig, answer: Answer, state: RegionState, objectName: string): SpanMark[] {
  return allMarks(config, answer, state).filter((m) => m.object === objectName);
}

/**
 * A region drawn on an object: made at once by the first control drawing there that has a label armed (the active
 * one first), or that takes no labels; else it waits in `drawn` for a label key. On an image only controls of the
 * gesture it was drawn with take it, and the region made is selected (to resize it or answer about it at once).
 */
export function drawRegion(
  config: LabelConfig,
  answer: Answer,
  state: RegionState,
  activeIndex: number,
  objectName: string,
  value: Readonly<Record<string, unknown>>,
  newId: () => string,
  drawnAs: Pick<DrawnRegion, 'gesture' | 'itemFields'> = {},
): RegionStep {
  const drawn: DrawnRegion = { object: objectName, value, ...drawnAs };
  // A mouse selection also ends the keyboard's (Shift with an arrow then extends the mouse's, from its start).
  const caret = typeof value.start === 'number' && typeof value.end === 'number' ? { object: objectName, at: value.end, anchor: value.start } : (state.caret ?? null);
  for (const control of drawersOn(config, objectName, activeIndex)) {
    const tool = toolOf(control);
    if (!tool || tool.gesture !== drawn.gesture) continue;
    const label = state.armed[control.name] ?? (tool.labelless?.(control) === true ? '' : undefined);
    if (label === undefined) continue;
    const made = tool.draw(control, viewItemsOf(answer, control), drawn, label, newId);
    const selected = drawn.gesture !== undefined ? made.id : null;
    return { answer: withItems(answer, control, made.items), state: { ...state, drawn: null, selected, caret: caret && { ...caret, anchor: null } } };
  }
  return { answer, state: { ...state, drawn, selected: null, caret } };
}

/**
 * Space: the waiting region made with the armed label of a control drawing there (as a mouse selection is made at
 * once when a label is armed); null when nothing waits or no such label is armed.
 */
export function makeWithArmed(config: LabelConfig, answer: Answer, state: RegionState, activeIndex: number, newId: () => string): RegionStep | null {
  const drawn = state.drawn;
  if (drawn === null || !drawersOn(config, drawn.object, activeIndex).some((c) => state.armed[c.name] !== undefined)) return null;
  return drawRegion(config, answer, state, activeIndex, drawn.object, drawn.value, newId, { gesture: drawn.gesture, itemFields: drawn.itemFields });
}

/** The object the keyboard caret moves over while the control at `activeIndex` is active: the first it draws on that has a caret (text); null when none. */
export function caretObjectOf(config: LabelConfig, activeIndex: number): string | null {
  const control = config.controls[activeIndex];
  const tool = control && toolOf(control);
  if (!control || !tool) return null;
  const names = tool.objects(control);
  return config.objects.find((o) => names.includes(o.name) && objectViewOf(o)?.caret !== undefined)?.name ?? null;
}

/** Where the caret is on an object (0 before the first caret key). */
export function caretAt(state: RegionState, objectName: string): number {
  return state.caret?.object === objectName ? state.caret.at : 0;
}

/**
 * A caret key (arrows, Home, End; with Ctrl by word, with Shift selecting): moves the caret on the active control's
 * text. Its selection is the region waiting for a label key, exactly as a mouse selection is (so a label key makes
 * the span, Esc drops it); a move without Shift ends it. The selection lives while that region does: once labelled
 * or dropped, Shift starts a new one at the caret. Null when the active control draws on no text.
 */
export function caretStep(config: LabelConfig, data: Readonly<Record<string, unknown>>, state: RegionState, activeIndex: number, move: CaretMove): RegionState | null {
  const name = caretObjectOf(config, activeIndex);
  const object = config.objects.find((o) => o.name === name);
  const tool = object && objectViewOf(object)?.caret;
  if (!object || !tool) return null;
  const drawnHere = state.drawn?.object === object.name;
  const own = state.caret?.object === object.name ? state.caret : null;
  const place = { at: own?.at ?? 0, anchor: drawnHere ? (own?.anchor ?? null) : null };
  const next = tool.move(object, data, place, move);
  const caret = { object: object.name, ...next.place };
  if (move.extend) return { ...state, caret, selected: null, drawn: next.span ? { object: object.name, value: next.span } : drawnHere ? null : state.drawn };
  return { ...state, caret, drawn: drawnHere ? null : state.drawn };
}

/**
 * A click on a mark: while a control waits for a second region (a relation being drawn) the region becomes its other
 * end; otherwise it selects the region, or unselects it when it was selected.
 */
export function clickRegion(config: LabelConfig, answer: Answer, state: RegionState, id: string, newId: () => string): RegionStep {
  const linking = state.linking;
  if (linking && linking.from !== id) {
    const control = config.controls.find((c) => c.name === linking.control);
    const view = control && viewOf(control);
    if (control && view?.link) {
      const items = view.link(control, viewItemsOf(answer, control), linking.from, id, newId);
      return { answer: withItems(answer, control, items), state: { ...state, linking: null, selected: null } };
    }
  }
  return { answer, state: { ...state, drawn: null, selected: state.selected === id ? null : id } };
}

/** Delete or Backspace: removes the selected region (with its relations), or forgets the drawn one; null when neither. */
export function deleteSelected(answer: Answer, state: RegionState): RegionStep | null {
  if (state.selected !== null) return { answer: withoutRegion(answer, state.selected), state: { ...state, selected: null, linking: null } };
  if (state.drawn !== null) return { answer, state: { ...state, drawn: null } };
  return null;
}

/** Escape: cancels a relation being drawn, else a drawn region, else the selection; null when there is nothing to cancel. */
export function cancelStep(state: RegionState): RegionState | null {
  if (state.linking !== null) return { ...state, linking: null };
  if (state.drawn !== null) return { ...state, drawn: null };
  if (state.selected !== null) return { ...state, selected: null };
  return null;
}

/** `]` and `[`: select the next or previous region in reading order (objects in config order, then by start). */
export function moveSelection(config: LabelConfig, answer: Answer, state: RegionState, step: 1 | -1): RegionState | null {
  const order = new Map(config.objects.map((o, i) => [o.name, i]));
  const marks = allMarks(config, answer, state).sort((a, b) => (order.get(a.object) ?? 0) - (order.get(b.object) ?? 0) || a.start - b.start || b.end - a.end);
  if (marks.length === 0) return null;
  const at = marks.findIndex((m) => m.id === state.selected);
  const next = at < 0 ? (step === 1 ? 0 : marks.length - 1) : (at + step + marks.length) % marks.length;
  return { ...state, drawn: null, selected: marks[next]?.id ?? null };
}

/** The region state with references to regions no longer in the answer (after an undo) dropped. */
export function stateFor(answer: Answer, state: RegionState): RegionState {
  const ids = new Set(answer.flatMap((e) => ('id' in e && typeof e.id === 'string' ? [e.id] : [])));
  const selected = state.selected !== null && !ids.has(state.selected) ? null : state.selected;
  const linking = state.linking !== null && !ids.has(state.linking.from) ? null : state.linking;
  return selected === state.selected && linking === state.linking ? state : { ...state, selected, linking };
}
