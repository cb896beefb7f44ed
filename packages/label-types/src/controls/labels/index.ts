import { aboutItsObject, defineControl } from '../../control-type.js';
import { labelsControlSchema, type LabelsControl } from './schema.js';
import { validateLabels } from './validate.js';
import { labelsXml } from './xml.js';

/** Spans are regions: relations and per-region controls point at them by `id`; an answer holds many. */
export const labelsControl = defineControl<LabelsControl>({
  ...aboutItsObject,
  type: 'labels',
  tag: 'Labels',
  childTags: ['Label'],
  schema: labelsControlSchema,
  resultType: 'labels',
  targetTypes: ['text'],
  makesRegions: true,
  many: true,
  ...labelsXml,
  validate: validateLabels,
});
