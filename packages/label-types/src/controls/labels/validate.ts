import type { ValidationContext } from '../../control-type.js';
import { quote, resultIssue, type ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import { checkPicks } from '../options.js';
import type { LabelsControl } from './schema.js';
import { codePoints, spanText } from './span.js';

const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * A span `{start, end, text, labels}`: whole-number offsets inside the object's text, `text` equal to that slice of
 * the task's data, and labels of the control (one unless `multiple`).
 */
export function validateLabels(item: ResultItem, at: string, control: LabelsControl, context: ValidationContext): ResultIssue[] {
  const { start, end, text } = item.value;
  const name = control.name;
  if (!isOffset(start)) return [resultIssue(`${at}.value.start`, 'invalid_value', `control "${name}" needs a whole-number start offset`, { control: name })];
  if (!isOffset(end)) return [resultIssue(`${at}.value.end`, 'invalid_value', `control "${name}" needs a whole-number end offset`, { control: name })];
  const source = context.dataOf(control.toName);
  const key = context.objectNamed(control.toName)?.value ?? control.toName;
  if (typeof source !== 'string') {
    return [resultIssue(`${at}.to_name`, 'bad_task_data', `the task has no text in data.${key} for object "${control.toName}"`, { object: control.toName, key })];
  }
  const points = codePoints(source);
  if (end <= start) {
    return [resultIssue(`${at}.value.end`, 'span_out_of_range', `the span ends (${end}) at or before it starts (${start})`, { control: name, start, end, length: points.length })];
  }
  if (end > points.length) {
    return [
      resultIssue(`${at}.value.end`, 'span_out_of_range', `the span ${start}-${end} goes past the end of the text of "${control.toName}" (${points.length} characters)`, {
        control: name,
        start,
        end,
        length: points.length,
      }),
    ];
  }
  const slice = spanText(points, start, end);
  if (typeof text !== 'string') return [resultIssue(`${at}.value.text`, 'invalid_value', `control "${name}" needs the span's text`, { control: name })];
  if (text !== slice) {
    return [
      resultIssue(`${at}.value.text`, 'span_text_mismatch', `${quote(text)} is not the text at ${start}-${end}, which is ${quote(slice)}`, {
        control: name,
        start,
        end,
        text: slice,
      }),
    ];
  }
  return checkPicks(item.value.labels, `${at}.value.labels`, {
    control: name,
    allowed: control.labels.map((l) => l.value),
    multiple: control.multiple,
    noun: 'label',
    per: 'per span',
    emptyAllowed: false,
  });
}
