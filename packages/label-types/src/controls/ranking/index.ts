import { aboutItsObject, defineControl } from '../../control-type.js';
import { rankingControlSchema, type RankingControl } from './schema.js';
import { validateRanking } from './validate.js';
import { rankingXml } from './xml.js';

export const rankingControl = defineControl<RankingControl>({
  ...aboutItsObject,
  type: 'ranking',
  tag: 'Ranker',
  childTags: ['Bucket'],
  schema: rankingControlSchema,
  resultType: 'ranker',
  targetTypes: ['list'],
  ...rankingXml,
  validate: validateRanking,
});
