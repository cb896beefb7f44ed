import type { ValidationContext } from '../../control-type.js';
import { resultIssue, type ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import type { NumberControl } from './schema.js';

/** `value.number` is a finite number within `min`..`max`, on the step grid from `min` (or 0), as Label Studio checks. */
export function validateNumber(item: ResultItem, at: string, control: NumberControl, _context: ValidationContext): ResultIssue[] {
  const path = `${at}.value.number`;
  const n = item.value.number;
  const name = control.name;
  if (typeof n !== 'number' || !Number.isFinite(n)) return [resultIssue(path, 'invalid_value', `control "${name}" needs a number`, { control: name })];
  const { min, max, step } = control;
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    return [resultIssue(path, 'out_of_range', `${n} is outside ${min ?? '-∞'} to ${max ?? '∞'} of control "${name}"`, { control: name, min: min ?? '-∞', max: max ?? '∞' })];
  }
  if (step !== undefined) {
    const steps = (n - (min ?? 0)) / step;
    // Decimal steps (0.1) do not divide exactly in binary; a millionth of a step is rounding, not a wrong value.
    if (Math.abs(steps - Math.round(steps)) > 1e-6) {
      return [resultIssue(path, 'off_step', `${n} is not on the steps of ${step} from ${min ?? 0} of control "${name}"`, { control: name, step, from: min ?? 0 })];
    }
  }
  return [];
}
