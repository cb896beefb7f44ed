import { z } from 'zod';
import { refuseRepeats } from '../options.js';
import { imageRegionFields } from '../image-region.js';

/**
 * Polygons on an image (Label Studio `PolygonLabels`, or `Polygon` without labels). Items:
 * `{type: 'polygonlabels', value: {points: [[x, y], ...], polygonlabels}}` in percent of the image, with
 * `original_width`, `original_height` and `image_rotation` beside `value`; `type: 'polygon'` without labels.
 */
export const polygonsControlSchema = z
  .object({
    type: z.literal('polygons'),
    ...imageRegionFields,
    /** Size of the vertex handles (Label Studio `pointSize`). */
    pointSize: z.enum(['small', 'medium', 'large']).optional(),
    /** Shape of the vertex handles (Label Studio `pointStyle`). */
    pointStyle: z.enum(['circle', 'rectangle']).optional(),
  })
  .superRefine((control, ctx) => refuseRepeats(control.labels, 'labels', 'label', ctx));
export type PolygonsControl = z.infer<typeof polygonsControlSchema>;

/** The `value` of a polygon item: at least three vertices, in order; the last joins the first. */
export interface PolygonValue {
  points: [number, number][];
  polygonlabels?: string[];
  /** Written by later Label Studio versions; 1.4 saves only closed polygons and leaves it out. */
  closed?: boolean;
}
