import { z } from 'zod';
import { controlLabelSchema, hotkeySchema, nameSchema } from '../name.js';

/**
 * What the image region controls (rectangles, polygons, keypoints) share: their labels and the drawing attributes
 * Label Studio 1.4 reads on `RectangleLabels`, `PolygonLabels` and `KeyPointLabels` (and their plain forms without
 * labels). Attributes left out of a config stay out of the native control, so a config goes back to XML as it came;
 * `IMAGE_REGION_DEFAULTS` are Label Studio's defaults for the views.
 */

export const regionLabelSchema = z.object({
  /** What results carry (Label Studio's `alias` when one is set, else its `value`). */
  value: z.string().min(1).max(200),
  hotkey: hotkeySchema,
  /** The region's colour, as Label Studio's `background` (any CSS colour). */
  background: z.string().max(50).optional(),
  hint: z.string().max(500).optional(),
});
export type RegionLabel = z.infer<typeof regionLabelSchema>;

const colour = z.string().min(1).max(50).optional();
const fraction = z.number().min(0).max(1).optional();

/** The fields every image region control has, spread into each schema. */
export const imageRegionFields = {
  name: nameSchema,
  /** Name of the image object the regions are drawn on. */
  toName: z.string().min(1),
  /** The labels a region may carry; none for Label Studio's plain `Rectangle`, `Polygon`, `KeyPoint` tags. */
  labels: z.array(regionLabelSchema).max(200),
  /** Whether one region may carry several labels (Label Studio `choice="multiple"`). */
  multiple: z.boolean().default(false),
  /** At least one region is needed. */
  required: z.boolean().default(false),
  /** How many regions of one label an answer may hold (Label Studio `maxUsages`). */
  maxUsages: z.number().int().min(1).max(100_000).optional(),
  /** Whether the labels are shown on one line (Label Studio `showInline`, true there by default). */
  showInline: z.boolean().optional(),
  /** Opacity of the whole region, 0..1 (Label Studio `opacity`). */
  opacity: fraction,
  /** Opacity of the region's fill, 0..1 (Label Studio `fillOpacity`). */
  fillOpacity: fraction,
  fillColor: colour,
  strokeColor: colour,
  /** Width of the outline in screen pixels. */
  strokeWidth: z.number().min(0).max(100).optional(),
  label: controlLabelSchema,
};

/**
 * Label Studio 1.4's defaults for the attributes a config leaves out, by control type. The keypoints' `strokeWidth` is
 * what its `KeyPoint` model defaults to (2; its documentation says 1), which is the point's size (keypoints/edit.ts).
 */
export const IMAGE_REGION_DEFAULTS = {
  rectangles: { opacity: 0.6, fillOpacity: 0.2, strokeColor: '#f48a42', strokeWidth: 1, canRotate: true },
  polygons: { opacity: 0.6, fillOpacity: 0.2, strokeColor: '#f48a42', strokeWidth: 3, pointSize: 'small', pointStyle: 'circle' },
  keypoints: { opacity: 0.9, fillOpacity: 1, fillColor: '#8bad00', strokeColor: '#8bad00', strokeWidth: 2 },
} as const;
