import type { ValidationContext } from '../../control-type.js';
import { resultIssue, type ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import type { RatingControl } from './schema.js';

/** `value.rating` is a whole number from 1 to `maxRating` (Label Studio writes no item for 0 stars). */
export function validateRating(item: ResultItem, at: string, control: RatingControl, _context: ValidationContext): ResultIssue[] {
  const path = `${at}.value.rating`;
  const rating = item.value.rating;
  if (typeof rating !== 'number' || !Number.isInteger(rating)) {
    return [resultIssue(path, 'invalid_value', `control "${control.name}" needs a whole-number rating`, { control: control.name })];
  }
  if (rating < 1 || rating > control.maxRating) {
    return [
      resultIssue(path, 'out_of_range', `rating ${rating} is outside 1 to ${control.maxRating} of control "${control.name}"`, {
        control: control.name,
        min: 1,
        max: control.maxRating,
      }),
    ];
  }
  return [];
}
