import { imageRegionXml } from '../image-region-xml.js';
import type { PolygonsControl } from './schema.js';

/** `<PolygonLabels name toName ...><Label value alias hotkey background hint/></PolygonLabels>`, or `<Polygon>` without labels. */
const mapping = imageRegionXml('polygons', 'PolygonLabels', 'Polygon', { pointSize: 'text', pointStyle: 'text' }, []);
export const polygonsXml = {
  fromXml: mapping.fromXml,
  toXml: (control: PolygonsControl) => mapping.toXml(control),
};
