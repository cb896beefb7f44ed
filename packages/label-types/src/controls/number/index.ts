import { aboutItsObject, defineControl } from '../../control-type.js';
import { numberControlSchema, type NumberControl } from './schema.js';
import { validateNumber } from './validate.js';
import { numberXml } from './xml.js';

export const numberControl = defineControl<NumberControl>({
  ...aboutItsObject,
  type: 'number',
  tag: 'Number',
  schema: numberControlSchema,
  resultType: 'number',
  ...numberXml,
  validate: validateNumber,
});
