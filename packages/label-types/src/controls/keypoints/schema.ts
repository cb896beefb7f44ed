import { z } from 'zod';
import { refuseRepeats } from '../options.js';
import { imageRegionFields } from '../image-region.js';

/**
 * Points on an image (Label Studio `KeyPointLabels`, or `KeyPoint` without labels). Items:
 * `{type: 'keypointlabels', value: {x, y, width, keypointlabels}}` in percent of the image (`width` is the drawn
 * point's size), with `original_width`, `original_height` and `image_rotation` beside `value`; `type: 'keypoint'`
 * without labels.
 */
export const keypointsControlSchema = z
  .object({
    type: z.literal('keypoints'),
    ...imageRegionFields,
  })
  .superRefine((control, ctx) => refuseRepeats(control.labels, 'labels', 'label', ctx));
export type KeypointsControl = z.infer<typeof keypointsControlSchema>;

/** The `value` of a keypoint item. */
export interface KeypointValue {
  x: number;
  y: number;
  width: number;
  keypointlabels?: string[];
}
