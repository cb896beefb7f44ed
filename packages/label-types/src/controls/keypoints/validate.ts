import type { ValidationContext } from '../../control-type.js';
import { resultIssue, type ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import { checkImageSize, checkInside, checkRegionLabels, needNumber } from '../image-region-validate.js';
import type { KeypointsControl } from './schema.js';

/** A point `{x, y, width}` in percent: inside the image, a size of zero or more, labels of the control. */
export function validateKeypoint(item: ResultItem, at: string, control: KeypointsControl, _context: ValidationContext): ResultIssue[] {
  const name = control.name;
  const size = checkImageSize(item, at, name);
  if (size.length > 0) return size;
  const v = item.value;
  for (const key of ['x', 'y']) {
    const issue = needNumber(v, key, `${at}.value`, name);
    if (issue) return [issue];
  }
  if (v.width !== undefined && !(typeof v.width === 'number' && Number.isFinite(v.width) && v.width >= 0)) {
    return [resultIssue(`${at}.value.width`, 'invalid_value', "width is the point's size in percent, zero or more", { control: name })];
  }
  const outside = checkInside([[v.x as number, v.y as number]], `${at}.value`, name);
  if (outside.length > 0) return outside;
  return checkRegionLabels(item, at, control, 'keypointlabels');
}
