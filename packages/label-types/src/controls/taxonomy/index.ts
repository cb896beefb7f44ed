import { aboutItsObject, defineControl } from '../../control-type.js';
import { taxonomyControlSchema, type TaxonomyControl } from './schema.js';
import { taxonomyAnswer, validateTaxonomy } from './validate.js';
import { taxonomyXml } from './xml.js';

export const taxonomyControl = defineControl<TaxonomyControl>({
  ...aboutItsObject,
  type: 'taxonomy',
  tag: 'Taxonomy',
  childTags: ['Choice'],
  schema: taxonomyControlSchema,
  resultType: 'taxonomy',
  ...taxonomyXml,
  validate: validateTaxonomy,
  answers: taxonomyAnswer,
});
