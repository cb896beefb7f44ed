import { z } from 'zod';
import { refuseRepeats } from '../options.js';
import { imageRegionFields } from '../image-region.js';

/**
 * Boxes on an image, optionally rotated (Label Studio `RectangleLabels`, or `Rectangle` without labels). Items:
 * `{type: 'rectanglelabels', value: {x, y, width, height, rotation, rectanglelabels}}` in percent of the image, with
 * `original_width`, `original_height` and `image_rotation` beside `value`; `type: 'rectangle'` without labels.
 */
export const rectanglesControlSchema = z
  .object({
    type: z.literal('rectangles'),
    ...imageRegionFields,
    /** Whether boxes may be rotated (Label Studio `canRotate`, true by default). */
    canRotate: z.boolean().default(true),
  })
  .superRefine((control, ctx) => refuseRepeats(control.labels, 'labels', 'label', ctx));
export type RectanglesControl = z.infer<typeof rectanglesControlSchema>;

/** The `value` of a rectangle item: top-left corner, size and rotation (degrees clockwise about the top-left corner). */
export interface RectangleValue {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  rectanglelabels?: string[];
}
