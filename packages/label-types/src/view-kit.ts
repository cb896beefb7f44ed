import type { ComponentType } from 'react';
import type { BaseControl } from './control-type.js';
import type { BaseObject } from './object-type.js';
import type { DrawnRegion, PlacedMark, RegionGesture, RegionState, SpanMark, ViewItem, ViewOutcome } from './region-state.js';
import type { ResultEntry, ResultItem } from './result-item.js';
import type { CaretMove, CaretPlace } from './objects/text/caret.js';

export type { DrawnRegion, PlacedMark, RegionGesture, RegionShape, RegionState, RegionStyle, SpanMark, TextCaret, ViewItem, ViewOutcome } from './region-state.js';
export type { CaretMove, CaretPlace } from './objects/text/caret.js';
export { NO_REGION_STATE } from './region-state.js';

/**
 * The small interface between the workspace and a control's view: all a view may use besides React. The workspace
 * owns i18n, ids, drafts and the keyboard; a view gets them through these props and never imports the web app.
 */

/**
 * The interface words a view shows, by key; the workspace translates them (packages/web/src/i18n/views*.json, under
 * `views.`), with `{{name}}` placeholders filled from `vars`.
 */
export type ViewText = (word: string, vars?: Readonly<Record<string, string | number>>) => string;

/**
 * A key a view answers to. `always` keys work whichever control is active (a choice's own hotkey); `active` keys
 * only while this control is the active one (1-9 by position). Where two bindings want the same key, an `always`
 * one wins and the `active` one is neither pressed nor shown.
 */
export interface KeyBinding {
  /** What the key does, in the view's own terms (for choices: the choice value). */
  target: string;
  /** `KeyboardEvent.key`; letters compare case-insensitively. */
  key: string;
  scope: 'always' | 'active';
  /** Whether the key is shown on the option (a second way to press the same option is not). */
  shown: boolean;
}

export interface ControlViewProps<C extends BaseControl, I extends ViewItem = ResultItem> {
  control: C;
  /** This control's items in the answer being edited. */
  items: readonly I[];
  /** The whole answer being edited, read-only (a relation looks at the spans of other controls). */
  answer: readonly ResultEntry[];
  /** The objects of the config, to find the ones `toName` names. */
  objects: readonly BaseObject[];
  /** The task's data; a view shows `data[object.value]` of its objects (pairwise shows both sides). Untrusted. */
  data: Readonly<Record<string, unknown>>;
  /** Replaces this control's items in the answer. */
  onChange: (items: I[]) => void;
  /** Whether the keyboard talks to this control now. */
  active: boolean;
  onActivate: () => void;
  /** The key shown for a target, or null when it has none now. */
  keyHint: (target: string) => string | null;
  text: ViewText;
  /** A fresh result item id. */
  newId: () => string;
  /**
   * What the worker is doing with regions (the selected one, the armed labels, a pending relation). Views of
   * controls that make or join regions read it; a workspace that shows no objects passes nothing.
   */
  regionState?: RegionState | undefined;
  /** Changes part of the region state (select a span from the list, arm a label, start a relation). */
  onRegionState?: ((change: Partial<RegionState>) => void) | undefined;
}

/** Everything the workspace needs to show and drive one control type. */
export interface ControlView<C extends BaseControl, I extends ViewItem = ResultItem> {
  View: ComponentType<ControlViewProps<C, I>>;
  /** The keys of a control, in the order they are tried. */
  keys(control: C): KeyBinding[];
  /** This control's items after its key for `target` was pressed. */
  press(control: C, items: readonly I[], target: string, newId: () => string): I[];
  /**
   * Optional, for keys whose meaning depends on the regions (a label key relabels the selected span, labels the text
   * just selected, or arms the label): when present the workspace calls it instead of `press`. Returns null when the
   * key does nothing now, so it is left to the browser.
   */
  act?(control: C, items: readonly I[], target: string, state: RegionState, newId: () => string): ViewOutcome<I> | null;
  /** Optional, for controls that draw regions on objects (spans now, boxes later): see RegionTool. */
  regions?: RegionTool<C, I> | undefined;
  /**
   * Optional, for controls that join regions (relations): the items after the worker picked region `to` while this
   * control was waiting for it (`state.linking` names the control and the region `from`).
   */
  link?(control: C, items: readonly I[], from: string, to: string, newId: () => string): I[];
  /**
   * The names of the objects this view shows itself (a pairwise shows its two sides, a ranking its list); the
   * workspace does not show them again. Absent: the view shows none.
   */
  showsObjects?(control: C): readonly string[];
}

/**
 * The part of a control view that draws regions on objects. The workspace gathers every control's marks per object
 * and gives a region drawn on an object to a control that draws there (the active one first, else one with a label
 * armed); with none armed, the region waits in `RegionState.drawn` for a label key.
 */
export interface RegionTool<C extends BaseControl, I extends ViewItem = ResultItem> {
  /** The names of the objects this control draws regions on. */
  objects(control: C): readonly string[];
  /** The marks of this control's items. */
  marks(control: C, items: readonly I[]): PlacedMark[];
  /** This control's items with a region made from `drawn` carrying `label`, and the new region's id. */
  draw(control: C, items: readonly I[], drawn: DrawnRegion, label: string, newId: () => string): { items: I[]; id: string };
  /** On images: the gesture that draws this control's regions; only regions drawn with it come to the control. Absent: spans. */
  gesture?: RegionGesture | undefined;
  /** True when the control's regions carry no label (Label Studio's plain `Rectangle`): a drawn region is made at once, with label ''. */
  labelless?(control: C): boolean;
}

/** The task an object is shown for: which project's stored images (and `s3://` references) it may load. */
export interface MediaScope {
  projectId: number;
  taskId: number;
}

export interface ObjectViewProps<O extends BaseObject> {
  object: O;
  /** Set in the workspace: lets an image load its project's media routes (objects/image/view.tsx). */
  mediaScope?: MediaScope | undefined;
  /** The task's data; the object shows `data[object.value]`. Untrusted: never executed or rendered as raw HTML. */
  data: Readonly<Record<string, unknown>>;
  /** Regions of the answer on this object (objects that hold no regions ignore them). */
  marks: readonly SpanMark[];
  /** Present when some control makes spans on this object: the text the user selected, in code points. */
  onSelectSpan?: ((span: { start: number; end: number; text: string }) => void) | undefined;
  onMarkClick?: ((id: string) => void) | undefined;
  /** The `value` of a region drawn on this object that waits for a label (a span: `{start, end, text}`), shown as pending. */
  drawn?: Readonly<Record<string, unknown>> | null | undefined;
  /** The keyboard caret's place (code points) while the keys move it on this object (its drawing control active); else unset. */
  caret?: number | undefined;
  /** A click in the text (no selection): the caret goes there (code points). Given with `caret`. */
  onPlaceCaret?: ((at: number) => void) | undefined;
  /** Present when some control draws regions on this image: what a drawing gesture makes now (the drawing control's). */
  gesture?: RegionGesture | undefined;
  /** A region drawn on an image (`gesture` and the item fields set), given to the workspace like a selected span. */
  onDraw?: ((drawn: Omit<DrawnRegion, 'object'>) => void) | undefined;
  /** A region moved, resized or rotated on an image: the new geometry fields of its `value` (labels untouched). */
  onReshape?: ((id: string, value: Readonly<Record<string, unknown>>) => void) | undefined;
  text: ViewText;
}

/** An object of the task in hand, as it will open: its data and the regions on it (a prediction's, a draft's). */
export interface PreparedObject<O extends BaseObject> {
  object: O;
  data: Readonly<Record<string, unknown>>;
  mediaScope?: MediaScope | undefined;
  marks: readonly SpanMark[];
}

/** How the workspace shows one object type. */
export interface ObjectView<O extends BaseObject> {
  View: ComponentType<ObjectViewProps<O>>;
  /**
   * The view stays mounted when the workspace moves to the next task with the same config, and takes the new task's
   * data and marks as props (it must reset whatever it keeps for one task itself). The image canvas says so: its Konva
   * stage and nodes are reused instead of rebuilt, which with 1,000 regions is most of the cost of showing a task.
   */
  keptAcrossTasks?: boolean;
  /**
   * Work ahead for the task the workspace holds in hand (leased while the worker is on this one, shown after it):
   * what the view will show then may be fetched and painted now. The image view decodes the picture and paints the
   * regions the task opens with, so the next image shows with them at once after a submit.
   */
  prepare?(ahead: PreparedObject<O>): void;
  /**
   * Objects a keyboard caret moves over (text): the caret after a move on the task's data, and the span its selection
   * makes (`{start, end, text}`, as a mouse selection gives `onSelectSpan`), null without one.
   */
  caret?: {
    move(object: O, data: Readonly<Record<string, unknown>>, place: CaretPlace, move: CaretMove): { place: CaretPlace; span: { start: number; end: number; text: string } | null };
  };
}
