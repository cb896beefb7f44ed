import { IMAGE_REGION_DEFAULTS } from '../image-region.js';
import { isNumber, type RegionKind } from '../image-region-edit.js';
import type { KeypointsControl } from './schema.js';

/**
 * The point's size in `value.width`: the control's `strokeWidth` in pixels (2 when left out, as Label Studio 1.4's
 * `KeyPoint` model defaults it), written as percent of the image's width. Label Studio's editor divides by the width
 * the image is shown at (its stage; recorded in keypoints/ls-1.4.0-result.json), so its figure changes with the
 * window; we divide by the image's own width, the same unit at the image's natural size. (Before this, the workspace
 * wrote `strokeWidth` itself, `width: 1`, as percent; such answers stay valid and are drawn at that size.) The
 * canvas always gives the image's width; without one the pixels are written as they are.
 */
export function keypointWidth(strokeWidth: number | undefined, originalWidth: unknown): number {
  const pixels = strokeWidth ?? IMAGE_REGION_DEFAULTS.keypoints.strokeWidth;
  return isNumber(originalWidth) && originalWidth > 0 ? (pixels / originalWidth) * 100 : pixels;
}

/** The size a point without `width` (Label Studio requires one; a converter may leave it out) is drawn at, in percent. */
const MISSING_WIDTH_PERCENT = 1;

/** Points: placed by a click, `value {x, y, width}` in percent (see keypointWidth). */
export const keypointKind: RegionKind<KeypointsControl> = {
  gesture: 'point',
  labelsKey: 'keypointlabels',
  plainType: 'keypoint',
  shapeOf(v) {
    const { x, y, width } = v;
    if (!isNumber(x) || !isNumber(y)) return undefined;
    return { kind: 'point', x, y, width: isNumber(width) ? width : MISSING_WIDTH_PERCENT };
  },
  valueOf: (control, drawn, image) => ({ x: drawn.x, y: drawn.y, width: keypointWidth(control.strokeWidth, image.original_width) }),
};
