import type { ValidationContext } from '../../control-type.js';
import { resultIssue, type ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import { stringList } from '../options.js';
import type { TextareaControl } from './schema.js';

/** `value.text` is an array of strings, at most `maxSubmissions` of them. */
export function validateTextarea(item: ResultItem, at: string, control: TextareaControl, _context: ValidationContext): ResultIssue[] {
  const path = `${at}.value.text`;
  const texts = stringList(item.value.text);
  if (texts === null) return [resultIssue(path, 'invalid_value', `control "${control.name}" needs an array of strings`, { control: control.name })];
  const max = control.maxSubmissions;
  if (max !== undefined && texts.length > max) {
    return [resultIssue(path, 'too_many_submissions', `control "${control.name}" takes at most ${max} text(s), not ${texts.length}`, { control: control.name, max })];
  }
  return [];
}

/** Only text that is not blank is an answer. */
export const textareaAnswer = (item: ResultItem) => (stringList(item.value.text) ?? []).some((t) => t.trim() !== '');
