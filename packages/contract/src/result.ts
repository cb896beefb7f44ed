/** Result items (Label Studio's shape) live with the label types; contract re-exports them under their old names. */
export {
  isRelationItem,
  relationItemSchema,
  resultEntrySchema,
  resultItemSchema,
  resultSchema,
  type RelationItem,
  type ResultEntry,
  type ResultItem,
} from '@biaozhu/label-types';
