import type { ComponentType } from 'react';
import type { BaseControl } from './control-type.js';
import type { ResultItem } from './result-item.js';

/**
 * The small interface between the workspace and a control's view: all a view may use besides React. The workspace
 * owns i18n, ids, drafts and the keyboard; a view gets them through these props and never imports the web app.
 */

/** The interface words a view shows; the workspace translates them. */
export type ViewText = 'required' | 'pickOne' | 'pickMany';

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
  /** Replaces this control's items in the answer. */
  onChange: (items: ResultItem[]) => void;
  /** Whether the keyboard talks to this control now. */
  active: boolean;
  onActivate: () => void;
  /** The key shown for a target, or null when it has none now. */
  keyHint: (target: string) => string | null;
  text: (word: ViewText) => string;
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
}
