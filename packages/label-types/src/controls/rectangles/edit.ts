import { isNumber, type RegionKind } from '../image-region-edit.js';
import type { RectanglesControl } from './schema.js';

/** Boxes: drawn by dragging, `value {x, y, width, height, rotation}` in percent, rotated when the control allows it. */
export const rectangleKind: RegionKind<RectanglesControl> = {
  gesture: 'rectangle',
  labelsKey: 'rectanglelabels',
  plainType: 'rectangle',
  shapeOf(v) {
    const { x, y, width, height, rotation } = v;
    if (!isNumber(x) || !isNumber(y) || !isNumber(width) || !isNumber(height)) return undefined;
    return { kind: 'rectangle', x, y, width, height, rotation: isNumber(rotation) ? rotation : 0 };
  },
  valueOf: (_control, drawn) => ({ x: drawn.x, y: drawn.y, width: drawn.width, height: drawn.height, rotation: isNumber(drawn.rotation) ? drawn.rotation : 0 }),
  rotatable: (control) => control.canRotate,
};
