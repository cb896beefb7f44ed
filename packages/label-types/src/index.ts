/**
 * @biaozhu/label-types: the label config as a framework. Each object type (objects/<type>/) and control type
 * (controls/<type>/) owns its schema, its Label Studio XML mapping both ways and its result checks; registry.ts lists
 * them once. This entry is pure (zod only) and safe for the server; the workspace views are in `./views`.
 */
export * from './label-config.js';
export * from './result-item.js';
export * from './issues.js';
export * from './config-issues.js';
export * from './xml-element.js';
export * from './registry.js';
export * from './validate-result.js';
export type { BaseControl, ControlType, ValidationContext } from './control-type.js';
export type { BaseObject, ObjectType } from './object-type.js';

export { textObjectSchema, type TextObject } from './objects/text/schema.js';
export { imageObjectSchema, type ImageObject } from './objects/image/schema.js';
export { hypertextObjectSchema, type HypertextObject } from './objects/hypertext/schema.js';
export { dialogueObjectSchema, type DialogueObject } from './objects/dialogue/schema.js';
export { listItemIds, listObjectSchema, type ListObject } from './objects/list/schema.js';

export { choiceSchema, choicesControlSchema, type Choice, type ChoicesControl } from './controls/choices/schema.js';
export { labelsControlSchema, spanLabelSchema, type LabelsControl, type SpanLabel } from './controls/labels/schema.js';
export { codePoints, spanText } from './controls/labels/span.js';
export { relationLabelSchema, relationsControlSchema, type RelationsControl } from './controls/relations/schema.js';
export { textareaControlSchema, type TextareaControl } from './controls/textarea/schema.js';
export { ratingControlSchema, type RatingControl } from './controls/rating/schema.js';
export { numberControlSchema, type NumberControl } from './controls/number/schema.js';
export { nodeAt, taxonomyControlSchema, taxonomyNodeSchema, type TaxonomyControl, type TaxonomyNode } from './controls/taxonomy/schema.js';
export { pairwiseControlSchema, type PairwiseControl } from './controls/pairwise/schema.js';
export { bucketSchema, rankingControlSchema, rankingKeys, UNSORTED_BUCKET, type Bucket, type RankingControl } from './controls/ranking/schema.js';
export { IMAGE_REGION_DEFAULTS, regionLabelSchema, type RegionLabel } from './controls/image-region.js';
export { withRegionGeometry } from './controls/region-items.js';
export { rectanglesControlSchema, type RectangleValue, type RectanglesControl } from './controls/rectangles/schema.js';
export { rectangleCorners } from './controls/rectangles/geometry.js';
export { polygonsControlSchema, type PolygonValue, type PolygonsControl } from './controls/polygons/schema.js';
export { keypointsControlSchema, type KeypointValue, type KeypointsControl } from './controls/keypoints/schema.js';
