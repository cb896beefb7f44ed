import type { ValidationContext } from '../../control-type.js';
import { resultIssue, type ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import { checkImageSize, checkInside, checkRegionLabels, needNumber } from '../image-region-validate.js';
import { rectangleCorners } from './geometry.js';
import type { RectanglesControl } from './schema.js';

/**
 * A box `{x, y, width, height, rotation}` in percent: a positive size, every corner (rotated as Label Studio rotates)
 * inside the image, labels of the control in `rectanglelabels`.
 */
export function validateRectangle(item: ResultItem, at: string, control: RectanglesControl, _context: ValidationContext): ResultIssue[] {
  const name = control.name;
  const size = checkImageSize(item, at, name);
  if (size.length > 0) return size;
  const v = item.value;
  for (const key of ['x', 'y', 'width', 'height']) {
    const issue = needNumber(v, key, `${at}.value`, name);
    if (issue) return [issue];
  }
  if (v.rotation !== undefined && !(typeof v.rotation === 'number' && Number.isFinite(v.rotation))) {
    return [resultIssue(`${at}.value.rotation`, 'invalid_value', 'rotation must be a number of degrees', { control: name })];
  }
  const box = { x: v.x as number, y: v.y as number, width: v.width as number, height: v.height as number, rotation: typeof v.rotation === 'number' ? v.rotation : 0 };
  if (box.width <= 0 || box.height <= 0) {
    return [resultIssue(`${at}.value.${box.width <= 0 ? 'width' : 'height'}`, 'invalid_value', `a box of control "${name}" needs a positive width and height`, { control: name })];
  }
  if (box.rotation !== 0 && !control.canRotate) {
    return [resultIssue(`${at}.value.rotation`, 'invalid_value', `control "${name}" does not rotate boxes (canRotate="false")`, { control: name })];
  }
  const w = typeof item.original_width === 'number' ? item.original_width : 100;
  const h = typeof item.original_height === 'number' ? item.original_height : 100;
  const outside = checkInside(rectangleCorners(box, w, h), `${at}.value`, name);
  if (outside.length > 0) return outside;
  return checkRegionLabels(item, at, control, 'rectanglelabels');
}
