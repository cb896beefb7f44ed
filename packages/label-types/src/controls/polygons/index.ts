import { aboutItsObject, defineControl } from '../../control-type.js';
import { polygonsControlSchema, type PolygonsControl } from './schema.js';
import { validatePolygon } from './validate.js';
import { polygonsXml } from './xml.js';

export type { PolygonsControl } from './schema.js';

/**
 * Image regions: per-region controls and relations point at them by `id`; an answer holds many. Items are
 * `polygonlabels` (`polygon` for the plain `<Polygon>` tag, a control without labels).
 */
export const polygonsControl = defineControl<PolygonsControl>({
  ...aboutItsObject,
  type: 'polygons',
  tag: 'PolygonLabels',
  aliasTags: ['Polygon'],
  childTags: ['Label'],
  schema: polygonsControlSchema,
  resultType: 'polygonlabels',
  resultTypeOf: (control) => (control.labels.length === 0 ? 'polygon' : 'polygonlabels'),
  targetTypes: ['image'],
  makesRegions: true,
  many: true,
  ...polygonsXml,
  validate: validatePolygon,
});
