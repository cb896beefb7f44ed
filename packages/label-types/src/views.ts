/**
 * The browser side of the label types: each control type's workspace view, kept out of the main entry so the server
 * never loads React. A type without a view here is shown with a note in the workspace.
 */
import type { BaseControl } from './control-type.js';
import { choicesView } from './controls/choices/view.js';
import type { LabelControl } from './label-config.js';
import type { ControlView } from './view-kit.js';

type Views = { readonly [T in LabelControl['type']]?: ControlView<Extract<LabelControl, { type: T }>> };

/** Every control type's view, once; a new view is a `view.tsx` in its folder and a line here. */
const CONTROL_VIEWS: Views = {
  choices: choicesView,
};

/** The view of a control's type, or `undefined` when that type has no workspace view yet. */
export function viewOf(control: LabelControl): ControlView<BaseControl> | undefined {
  // Keyed by type, so a control only ever reaches its own type's view.
  return CONTROL_VIEWS[control.type] as ControlView<BaseControl> | undefined;
}

export type { ControlView, ControlViewProps, KeyBinding, ViewText } from './view-kit.js';
