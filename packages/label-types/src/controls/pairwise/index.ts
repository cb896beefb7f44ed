import { aboutItsObject, defineControl } from '../../control-type.js';
import { pairwiseControlSchema, type PairwiseControl } from './schema.js';
import { validatePairwise } from './validate.js';
import { pairwiseXml } from './xml.js';

export const pairwiseControl = defineControl<PairwiseControl>({
  ...aboutItsObject,
  type: 'pairwise',
  tag: 'Pairwise',
  schema: pairwiseControlSchema,
  resultType: 'pairwise',
  ...pairwiseXml,
  targets: (c) => c.toName,
  resultToName: (c) => c.name,
  validate: validatePairwise,
});
