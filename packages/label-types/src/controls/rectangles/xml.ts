import { imageRegionXml } from '../image-region-xml.js';
import type { RectanglesControl } from './schema.js';

/** `<RectangleLabels name toName ...><Label value alias hotkey background hint/></RectangleLabels>`, or `<Rectangle>` without labels. */
const mapping = imageRegionXml('rectangles', 'RectangleLabels', 'Rectangle', { canRotate: 'boolean' }, ['canRotate']);
export const rectanglesXml = {
  fromXml: mapping.fromXml,
  toXml: (control: RectanglesControl) => mapping.toXml(control),
};
