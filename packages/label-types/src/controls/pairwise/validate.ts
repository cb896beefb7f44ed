import type { ValidationContext } from '../../control-type.js';
import { resultIssue, type ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import type { PairwiseControl } from './schema.js';

/** `value.selected` is `left` or `right` (Label Studio removes the item rather than write `none`). */
export function validatePairwise(item: ResultItem, at: string, control: PairwiseControl, _context: ValidationContext): ResultIssue[] {
  const selected = item.value.selected;
  if (selected === 'left' || selected === 'right') return [];
  return [resultIssue(`${at}.value.selected`, 'invalid_value', `control "${control.name}" takes "left" or "right"`, { control: control.name })];
}
