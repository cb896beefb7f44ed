import { imageRegionXml } from '../image-region-xml.js';
import type { KeypointsControl } from './schema.js';

/** `<KeyPointLabels name toName ...><Label value alias hotkey background hint/></KeyPointLabels>`, or `<KeyPoint>` without labels. */
const mapping = imageRegionXml('keypoints', 'KeyPointLabels', 'KeyPoint', {}, []);
export const keypointsXml = {
  fromXml: mapping.fromXml,
  toXml: (control: KeypointsControl) => mapping.toXml(control),
};
