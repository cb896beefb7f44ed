import type { ComponentType } from 'react';
import type { BaseControl } from './control-type.js';
import type { BaseObject } from './object-type.js';
import type { ResultEntry, ResultItem } from './result-item.js';

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

export interface ControlViewProps<C extends BaseControl> {
  control: C;
  /** This control's items in the answer being edited. */
  items: readonly ResultItem[];
  /** The whole answer being edited, read-only (a relation looks at the spans of other controls). */
  answer: readonly ResultEntry[];
  /** The objects of the config, to find the ones `toName` names. */
  objects: readonly BaseObject[];
  /** The task's data; a view shows `data[object.value]` of its objects (pairwise shows both sides). Untrusted. */
  data: Readonly<Record<string, unknown>>;
  /** Replaces this control's items in the answer. */
  onChange: (items: ResultItem[]) => void;
  /** Whether the keyboard talks to this control now. */
  active: boolean;
  onActivate: () => void;
  /** The key shown for a target, or null when it has none now. */
  keyHint: (target: string) => string | null;
  text: ViewText;
  /** A fresh result item id. */
  newId: () => string;
}

/** Everything the workspace needs to show and drive one control type. */
export interface ControlView<C extends BaseControl> {
  View: ComponentType<ControlViewProps<C>>;
  /** The keys of a control, in the order they are tried. */
  keys(control: C): KeyBinding[];
  /** This control's items after its key for `target` was pressed. */
  press(control: C, items: readonly ResultItem[], target: string, newId: () => string): ResultItem[];
  /**
   * The names of the objects this view shows itself (a pairwise shows its two sides, a ranking its list); the
   * workspace does not show them again. Absent: the view shows none.
   */
  showsObjects?(control: C): readonly string[];
}

/** A region drawn on a text object: a span in code points, with the caption and colour of its label. */
export interface SpanMark {
  id: string;
  start: number;
  end: number;
  caption: string;
  color?: string | undefined;
  selected: boolean;
}

export interface ObjectViewProps<O extends BaseObject> {
  object: O;
  /** The task's data; the object shows `data[object.value]`. Untrusted: never executed or rendered as raw HTML. */
  data: Readonly<Record<string, unknown>>;
  /** Regions of the answer on this object (objects that hold no regions ignore them). */
  marks: readonly SpanMark[];
  /** Present when some control makes spans on this object: the text the user selected, in code points. */
  onSelectSpan?: ((span: { start: number; end: number; text: string }) => void) | undefined;
  onMarkClick?: ((id: string) => void) | undefined;
  text: ViewText;
}

/** How the workspace shows one object type. */
export interface ObjectView<O extends BaseObject> {
  View: ComponentType<ObjectViewProps<O>>;
}
