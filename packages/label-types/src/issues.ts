/**
 * Every code a result check can report. Core turns an issue into its 400 with this code; the web translates each one
 * (packages/web/src/i18n, checked by error-codes.test.ts).
 */
export const RESULT_ISSUE_CODES = [
  'unknown_control',
  'wrong_object',
  'wrong_type',
  'invalid_value',
  'unknown_choice',
  'too_many_choices',
  'duplicate_choice',
  'duplicate_control',
  'missing_required',
  'missing_id',
  'duplicate_id',
  'unknown_region',
  'bad_task_data',
  'span_out_of_range',
  'span_text_mismatch',
  'unknown_label',
  'too_many_labels',
  'duplicate_label',
  'self_relation',
  'duplicate_relation',
  'too_many_submissions',
  'out_of_range',
  'off_step',
  'unknown_path',
  'not_a_leaf',
  'too_many_paths',
  'unknown_bucket',
  'unknown_item',
  'duplicate_item',
  'incomplete_ranking',
  'region_out_of_bounds',
  'too_few_points',
] as const;
export type ResultIssueCode = (typeof RESULT_ISSUE_CODES)[number];

/**
 * One problem with a submitted result: where (`result[3].value.end`), a stable code, and a sentence that names the
 * control. `details` carries what a translated message fills in (`control`, `choice`, `allowed`, ...).
 */
export interface ResultIssue {
  path: string;
  code: ResultIssueCode;
  message: string;
  details: Record<string, unknown>;
}

/** Builds an issue; `details` always names the field. */
export function resultIssue(path: string, code: ResultIssueCode, message: string, details: Record<string, unknown> = {}): ResultIssue {
  return { path, code, message, details: { field: path, ...details } };
}

/** Quotes a value from an answer for a message, cut short so a huge answer cannot make a huge error. */
export function quote(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
