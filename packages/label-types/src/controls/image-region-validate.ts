import { resultIssue, type ResultIssue } from '../issues.js';
import type { ResultItem } from '../result-item.js';
import { checkPicks } from './options.js';
import type { RegionLabel } from './image-region.js';

/**
 * Checks shared by the image region controls: the image size beside `value`, coordinates in percent inside the
 * image (with a small tolerance for the rounding of Label Studio's editor and of converters), and the labels.
 */

/** How far outside 0..100 a coordinate may lie, in percent: rounding, not drawing outside the image. */
export const BOUNDS_TOLERANCE = 0.1;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const inside = (v: number) => v >= -BOUNDS_TOLERANCE && v <= 100 + BOUNDS_TOLERANCE;

/** `original_width`/`original_height` (positive whole pixels) and `image_rotation` (degrees), when present. */
export function checkImageSize(item: ResultItem, at: string, control: string): ResultIssue[] {
  for (const key of ['original_width', 'original_height'] as const) {
    const v = item[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v > 0)) {
      return [resultIssue(`${at}.${key}`, 'invalid_value', `${key} must be the image's size in whole pixels (a positive integer)`, { control })];
    }
  }
  if (item.image_rotation !== undefined && !isNumber(item.image_rotation)) {
    return [resultIssue(`${at}.image_rotation`, 'invalid_value', 'image_rotation must be a number of degrees', { control })];
  }
  return [];
}

/** The issue for a number that is missing or not finite, or undefined when `value[key]` is one. */
export function needNumber(value: Record<string, unknown>, key: string, path: string, control: string): ResultIssue | undefined {
  return isNumber(value[key]) ? undefined : resultIssue(`${path}.${key}`, 'invalid_value', `control "${control}" needs a number in ${key} (percent of the image)`, { control });
}

/** The issue for points outside the image, naming the first one. */
export function checkInside(points: readonly (readonly [number, number])[], path: string, control: string): ResultIssue[] {
  const outside = points.find(([x, y]) => !inside(x) || !inside(y));
  if (outside === undefined) return [];
  const [x, y] = outside.map((v) => Math.round(v * 100) / 100);
  return [resultIssue(path, 'region_out_of_bounds', `the region of control "${control}" reaches outside the image (a point at ${x}%, ${y}%)`, { control, x, y })];
}

/** The labels of a region in `value[key]`: of the control, one unless multiple; a control without labels takes none. */
export function checkRegionLabels(item: ResultItem, at: string, control: { name: string; labels: readonly RegionLabel[]; multiple: boolean }, key: string): ResultIssue[] {
  if (control.labels.length === 0) {
    // A plain tag (`<Rectangle>`): Label Studio writes no labels key; a label here would name a category nobody offered.
    const given = item.value[key];
    if (given === undefined || (Array.isArray(given) && given.length === 0)) return [];
    return [resultIssue(`${at}.value.${key}`, 'invalid_value', `control "${control.name}" has no labels; leave out ${key}`, { control: control.name })];
  }
  return checkPicks(item.value[key], `${at}.value.${key}`, {
    control: control.name,
    allowed: control.labels.map((l) => l.value),
    multiple: control.multiple,
    noun: 'label',
    per: 'per region',
    emptyAllowed: false,
  });
}
