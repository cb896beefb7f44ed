/**
 * The browser side of the label types: each control type's workspace view, kept out of the main entry so the server
 * never loads React. A type without a view here is shown with a note in the workspace.
 */
import type { BaseControl } from './control-type.js';
import { choicesView } from './controls/choices/view.js';
import { labelsView } from './controls/labels/view.js';
import { relationsView } from './controls/relations/view.js';
import { numberView } from './controls/number/view.js';
import { pairwiseView } from './controls/pairwise/view.js';
import { rankingView } from './controls/ranking/view.js';
import { ratingView } from './controls/rating/view.js';
import { taxonomyView } from './controls/taxonomy/view.js';
import { textareaView } from './controls/textarea/view.js';
import { rectanglesView } from './controls/rectangles/view.js';
import { polygonsView } from './controls/polygons/view.js';
import { keypointsView } from './controls/keypoints/view.js';
import type { DialogueObject } from './objects/dialogue/schema.js';
import type { HypertextObject } from './objects/hypertext/schema.js';
import type { ImageObject } from './objects/image/schema.js';
import type { ListObject } from './objects/list/schema.js';
import type { TextObject } from './objects/text/schema.js';
import { dialogueObjectView } from './objects/dialogue/view.js';
import { hypertextObjectView } from './objects/hypertext/view.js';
import { imageObjectView } from './objects/image/view.js';
import { listObjectView } from './objects/list/view.js';
import { textObjectView } from './objects/text/view.js';
import type { LabelControl, LabelObject } from './label-config.js';
import type { BaseObject } from './object-type.js';
import type { RelationItem } from './result-item.js';
import type { ControlView, ObjectView, ViewItem } from './view-kit.js';

/** A control's view edits its result items, or relation entries for a control matched by type (relations). */
type Views = { readonly [T in LabelControl['type']]?: ControlView<Extract<LabelControl, { type: T }>> | ControlView<Extract<LabelControl, { type: T }>, RelationItem> };

/** Every control type's view, once; a new view is a `view.tsx` in its folder and a line here. */
const CONTROL_VIEWS: Views = {
  choices: choicesView,
  labels: labelsView,
  relations: relationsView,
  textarea: textareaView,
  rating: ratingView,
  number: numberView,
  taxonomy: taxonomyView,
  pairwise: pairwiseView,
  ranking: rankingView,
  rectangles: rectanglesView,
  polygons: polygonsView,
  keypoints: keypointsView,
};

/** The view of a control's type, or `undefined` when that type has no workspace view yet. */
export function viewOf(control: LabelControl): ControlView<BaseControl, ViewItem> | undefined {
  // Keyed by type, so a control only ever reaches its own type's view (and the items its type matches).
  return CONTROL_VIEWS[control.type] as ControlView<BaseControl, ViewItem> | undefined;
}

/** The names of the objects that some control's view shows itself (a pairwise's sides); the task leaves them out. */
export function objectsShownByControls(controls: readonly LabelControl[]): ReadonlySet<string> {
  return new Set(controls.flatMap((c) => viewOf(c)?.showsObjects?.(c) ?? []));
}

/** Each object type with the view of its own objects (typed per key: a view only ever gets its own type's object). */
interface ObjectViews {
  readonly text?: ObjectView<TextObject>;
  readonly image?: ObjectView<ImageObject>;
  readonly hypertext?: ObjectView<HypertextObject>;
  readonly dialogue?: ObjectView<DialogueObject>;
  readonly list?: ObjectView<ListObject>;
}

/** Every object type's view, once; a new one is a `view.tsx` in its folder and a line here. */
const OBJECT_VIEWS: ObjectViews = {
  text: textObjectView,
  image: imageObjectView,
  hypertext: hypertextObjectView,
  dialogue: dialogueObjectView,
  list: listObjectView,
};

/** The view of an object's type, or `undefined` when it has none (the workspace then shows the value as plain text). */
export function objectViewOf(object: LabelObject): ObjectView<BaseObject> | undefined {
  return (OBJECT_VIEWS as Record<string, unknown>)[object.type] as ObjectView<BaseObject> | undefined;
}

export type {
  CaretMove,
  CaretPlace,
  ControlView,
  ControlViewProps,
  DrawnRegion,
  KeyBinding,
  MediaScope,
  ObjectView,
  ObjectViewProps,
  PlacedMark,
  RegionGesture,
  RegionShape,
  RegionState,
  RegionStyle,
  RegionTool,
  SpanMark,
  TextCaret,
  ViewItem,
  ViewOutcome,
  ViewText,
} from './view-kit.js';
export { NO_REGION_STATE } from './view-kit.js';
export { safeImageUrl } from './objects/image/view.js';
