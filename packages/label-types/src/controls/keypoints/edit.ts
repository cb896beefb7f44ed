import { IMAGE_REGION_DEFAULTS } from '../image-region.js';
import { isNumber, type RegionKind } from '../image-region-edit.js';
import type { KeypointsControl } from './schema.js';

/**
 * Points: placed by a click, `value {x, y, width}` in percent. `width` is the point's size: Label Studio 1.4's editor
 * writes the control's `strokeWidth` there, and so do we.
 */
export const keypointKind: RegionKind<KeypointsControl> = {
  gesture: 'point',
  labelsKey: 'keypointlabels',
  plainType: 'keypoint',
  shapeOf(v) {
    const { x, y, width } = v;
    if (!isNumber(x) || !isNumber(y)) return undefined;
    return { kind: 'point', x, y, width: isNumber(width) ? width : IMAGE_REGION_DEFAULTS.keypoints.strokeWidth };
  },
  valueOf: (control, drawn) => ({ x: drawn.x, y: drawn.y, width: control.strokeWidth ?? IMAGE_REGION_DEFAULTS.keypoints.strokeWidth }),
};
