import type { ValidationContext } from '../../control-type.js';
import { quote, resultIssue, type ResultIssue } from '../../issues.js';
import { isRelationItem, type RelationItem } from '../../result-item.js';
import { checkPicks } from '../options.js';
import type { RelationsControl } from './schema.js';

/**
 * A relation `{from_id, to_id, direction, labels}`: both ends are regions of this answer, not the same one, the pair
 * is related once, and its labels are relation labels of the config (one unless `multiple`).
 */
export function validateRelation(item: RelationItem, at: string, control: RelationsControl, context: ValidationContext): ResultIssue[] {
  for (const end of ['from_id', 'to_id'] as const) {
    if (context.region(item[end]) === undefined) {
      return [resultIssue(`${at}.${end}`, 'unknown_region', `no region with id ${quote(item[end])} in this answer`, { control: control.name, id: item[end] })];
    }
  }
  if (item.from_id === item.to_id) {
    return [resultIssue(`${at}.to_id`, 'self_relation', `a relation needs two different regions (both ends are ${quote(item.from_id)})`, { control: control.name })];
  }
  const index = context.entries.indexOf(item);
  const earlier = context.entries.slice(0, index).some((e) => isRelationItem(e) && e.from_id === item.from_id && e.to_id === item.to_id);
  if (earlier) {
    return [resultIssue(at, 'duplicate_relation', `${quote(item.from_id)} and ${quote(item.to_id)} are related twice`, { control: control.name })];
  }
  if (item.labels === undefined) return [];
  return checkPicks(item.labels, `${at}.labels`, {
    control: control.name,
    allowed: control.labels.map((l) => l.value),
    multiple: control.multiple,
    noun: 'label',
    per: 'per relation',
    emptyAllowed: true,
  });
}
