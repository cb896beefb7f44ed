import { defineControl } from '../../control-type.js';
import type { RelationItem } from '../../result-item.js';
import { relationsControlSchema, type RelationsControl } from './schema.js';
import { validateRelation } from './validate.js';
import { relationsXml } from './xml.js';

export const relationsControl = defineControl<RelationsControl, RelationItem>({
  type: 'relations',
  tag: 'Relations',
  childTags: ['Relation'],
  schema: relationsControlSchema,
  resultType: 'relation',
  matchedBy: 'by-type',
  makesRegions: false,
  many: true,
  ...relationsXml,
  targets: () => [],
  resultToName: () => undefined,
  perRegion: () => false,
  required: () => false,
  validate: validateRelation,
  answers: () => true,
});
