import { aboutItsObject, defineControl } from '../../control-type.js';
import { rectanglesControlSchema, type RectanglesControl } from './schema.js';
import { validateRectangle } from './validate.js';
import { rectanglesXml } from './xml.js';

export type { RectanglesControl } from './schema.js';

/**
 * Image regions: per-region controls and relations point at them by `id`; an answer holds many. Items are
 * `rectanglelabels` (`rectangle` for the plain `<Rectangle>` tag, a control without labels).
 */
export const rectanglesControl = defineControl<RectanglesControl>({
  ...aboutItsObject,
  type: 'rectangles',
  tag: 'RectangleLabels',
  aliasTags: ['Rectangle'],
  childTags: ['Label'],
  schema: rectanglesControlSchema,
  resultType: 'rectanglelabels',
  resultTypeOf: (control) => (control.labels.length === 0 ? 'rectangle' : 'rectanglelabels'),
  targetTypes: ['image'],
  makesRegions: true,
  many: true,
  ...rectanglesXml,
  validate: validateRectangle,
});
