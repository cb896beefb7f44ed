import { aboutItsObject, defineControl } from '../../control-type.js';
import { ratingControlSchema, type RatingControl } from './schema.js';
import { validateRating } from './validate.js';
import { ratingXml } from './xml.js';

export const ratingControl = defineControl<RatingControl>({
  ...aboutItsObject,
  type: 'rating',
  tag: 'Rating',
  schema: ratingControlSchema,
  resultType: 'rating',
  ...ratingXml,
  validate: validateRating,
});
