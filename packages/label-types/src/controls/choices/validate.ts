import type { ValidationContext } from '../../control-type.js';
import type { ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import { checkPicks, stringList } from '../options.js';
import type { ChoicesControl } from './schema.js';

/** `value.choices` holds strings that are choices of the control, one unless `multiple`, none repeated. */
export function validateChoices(item: ResultItem, at: string, control: ChoicesControl, _context: ValidationContext): ResultIssue[] {
  return checkPicks(item.value.choices, `${at}.value.choices`, {
    control: control.name,
    allowed: control.choices.map((c) => c.value),
    multiple: control.multiple,
    noun: 'choice',
    emptyAllowed: true,
  });
}

/** An empty choice list is no answer (the worker cleared it). */
export const choicesAnswer = (item: ResultItem) => (stringList(item.value.choices)?.length ?? 0) > 0;
