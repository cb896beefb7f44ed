import type { RelationItem, ResultItem } from './result-item.js';

/**
 * The plain types of regions in the workspace (what is drawn on an object, what is selected), shared by the view kit
 * and by the pure modules of the types that make or join regions. No React here, so those modules stay plain .ts.
 */

/**
 * The items a control's view edits: result items found by `from_name` (every control but one), or relation entries
 * for a control matched by type (Label Studio's relations).
 */
export type ViewItem = ResultItem | RelationItem;

/** What a key or a gesture changed: the control's items, the region state, or both. */
export interface ViewOutcome<I extends ViewItem = ResultItem> {
  items?: I[] | undefined;
  state?: Partial<RegionState> | undefined;
}

/**
 * A region the worker drew on an object and has not labelled yet. `value` is its shape as the result item's `value`
 * holds it (a span: `{start, end, text}` in code points; a box would be `{x, y, width, height}`).
 */
export interface DrawnRegion {
  object: string;
  value: Readonly<Record<string, unknown>>;
  /** How it was drawn on an image (a box, a polygon, a point); spans leave it out. Only a control of that gesture takes it. */
  gesture?: RegionGesture | undefined;
  /** Fields its item carries beside `value` (an image's `original_width`, `original_height`, `image_rotation`). */
  itemFields?: Readonly<Record<string, unknown>> | undefined;
}

/** What a drawing gesture on an image makes: a box (drag), a polygon (clicks, closed on its first point), a point (a click). */
export type RegionGesture = 'rectangle' | 'polygon' | 'point';

/**
 * A region's geometry on an image, in percent of the image as Label Studio's `value` holds it: a box by its top-left
 * corner, size and rotation (degrees clockwise about that corner), a polygon by its vertices, a point by its centre
 * and size.
 */
export type RegionShape =
  | { kind: 'rectangle'; x: number; y: number; width: number; height: number; rotation: number }
  | { kind: 'polygon'; points: readonly (readonly [number, number])[] }
  | { kind: 'point'; x: number; y: number; width: number };

/** How an image region is drawn (the control's `strokeWidth`, `fillOpacity`, `opacity`); the canvas has defaults. */
export interface RegionStyle {
  strokeWidth?: number | undefined;
  fillOpacity?: number | undefined;
  opacity?: number | undefined;
}

/**
 * The worker's work with regions, kept by the workspace across controls (a relation joins regions of any control,
 * Delete removes the selected region whichever control made it). Not part of the answer, so undo leaves it.
 */
export interface RegionState {
  /** The id of the selected region. */
  selected: string | null;
  /** A region drawn while no label was armed, waiting for a label key. */
  drawn: DrawnRegion | null;
  /** Per control name, the label its next drawn region gets (armed by its key or button). */
  armed: Readonly<Record<string, string>>;
  /** Set while a control waits for the worker to pick a second region (relations: the region they start from). */
  linking: { control: string; from: string } | null;
  /**
   * The keyboard caret on a text object (code points) and where Shift was first held (null: no selection); its
   * selection is the region in `drawn`. Unset until a caret key is pressed (the caret then starts at 0).
   */
  caret?: TextCaret | null | undefined;
  /** Regions the worker hid (ids), left out of the canvas until shown again; unset: none. */
  hidden?: readonly string[] | undefined;
  /** Regions the worker locked (ids): drawn, but neither moved nor resized until unlocked; unset: none. */
  locked?: readonly string[] | undefined;
}

/** A caret on the text object `object`: between code points `at - 1` and `at`; the selection runs from `anchor`. */
export interface TextCaret {
  object: string;
  at: number;
  anchor: number | null;
}

export const NO_REGION_STATE: RegionState = { selected: null, drawn: null, armed: {}, linking: null };

/**
 * A region as an object view draws it, with the caption and colour of its label: on a text object a span in code
 * points; on an image its `shape` (with `start` and `end` 0, so the selection keys keep the answer's order).
 */
export interface SpanMark {
  id: string;
  start: number;
  end: number;
  /** On an image: the region's geometry. */
  shape?: RegionShape | undefined;
  /** On an image: how the region is drawn. */
  style?: RegionStyle | undefined;
  /** A box the worker may rotate (the control's `canRotate`). */
  rotatable?: boolean | undefined;
  /** Hidden by the worker (see RegionState.hidden). */
  hidden?: boolean | undefined;
  /** Locked by the worker (see RegionState.locked). */
  locked?: boolean | undefined;
  caption: string;
  color?: string | undefined;
  selected: boolean;
  /** The region drawn but not labelled yet (the object view adds it from `drawn`). */
  pending?: boolean | undefined;
  /** The region a relation is being drawn from. */
  linking?: boolean | undefined;
}

/** A mark as a control places it, on the object named `object`; the workspace sets `selected`. */
export interface PlacedMark extends Omit<SpanMark, 'selected'> {
  object: string;
}
