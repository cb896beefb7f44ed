import type { ValidationContext } from '../../control-type.js';
import { quote, resultIssue, type ResultIssue } from '../../issues.js';
import { listItemIds } from '../../objects/list/schema.js';
import type { ResultItem } from '../../result-item.js';
import { stringList } from '../options.js';
import { rankingKeys, type RankingControl } from './schema.js';

/**
 * `value.ranker` maps the ranking's keys (see {@link rankingKeys}) to item ids of the task's list; an id is placed at
 * most once; without buckets the one ranking orders every item.
 */
export function validateRanking(item: ResultItem, at: string, control: RankingControl, context: ValidationContext): ResultIssue[] {
  const path = `${at}.value.ranker`;
  const name = control.name;
  const ranker = item.value.ranker;
  if (typeof ranker !== 'object' || ranker === null || Array.isArray(ranker)) {
    return [resultIssue(path, 'invalid_value', `control "${name}" needs an object of id lists`, { control: name })];
  }
  const ids = listItemIds(context.dataOf(control.toName));
  const key = context.objectNamed(control.toName)?.value ?? control.toName;
  if (ids === null) {
    return [resultIssue(`${at}.to_name`, 'bad_task_data', `the task has no list of items with ids in data.${key} for object "${control.toName}"`, { object: control.toName, key })];
  }
  const keys = rankingKeys(control);
  const placed = new Set<string>();
  for (const [bucket, value] of Object.entries(ranker as Record<string, unknown>)) {
    const at2 = `${path}.${bucket}`;
    if (!keys.includes(bucket)) return [resultIssue(at2, 'unknown_bucket', `${quote(bucket)} is not a bucket of control "${name}"`, { control: name, bucket, allowed: keys })];
    const list = stringList(value);
    if (list === null) return [resultIssue(at2, 'invalid_value', `control "${name}" needs an array of item ids in ${quote(bucket)}`, { control: name })];
    for (const id of list) {
      if (!ids.includes(id)) return [resultIssue(at2, 'unknown_item', `${quote(id)} is not an item of "${control.toName}"`, { control: name, id, allowed: ids })];
      if (placed.has(id)) return [resultIssue(at2, 'duplicate_item', `item ${quote(id)} is placed twice`, { control: name, id })];
      placed.add(id);
    }
  }
  const missing = ids.filter((id) => !placed.has(id));
  if ((control.buckets ?? []).length === 0 && missing.length > 0) {
    return [
      resultIssue(`${path}.${name}`, 'incomplete_ranking', `the ranking must order all ${ids.length} items of "${control.toName}"; missing ${missing.map((m) => quote(m)).join(', ')}`, {
        control: name,
        missing,
      }),
    ];
  }
  return [];
}
