import type { ValidationContext } from '../../control-type.js';
import { resultIssue, type ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import { checkImageSize, checkInside, checkRegionLabels } from '../image-region-validate.js';
import type { PolygonsControl } from './schema.js';

const isPoint = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every((c) => typeof c === 'number' && Number.isFinite(c));

/** A polygon `{points: [[x, y], ...]}` in percent: at least three vertices, each inside the image; labels of the control. */
export function validatePolygon(item: ResultItem, at: string, control: PolygonsControl, _context: ValidationContext): ResultIssue[] {
  const name = control.name;
  const size = checkImageSize(item, at, name);
  if (size.length > 0) return size;
  const { points } = item.value;
  if (!Array.isArray(points)) return [resultIssue(`${at}.value.points`, 'invalid_value', `control "${name}" needs points as [[x, y], ...] in percent`, { control: name })];
  const bad = points.findIndex((p) => !isPoint(p));
  if (bad >= 0) return [resultIssue(`${at}.value.points[${bad}]`, 'invalid_value', 'a point is a pair of numbers [x, y] in percent', { control: name })];
  if (points.length < 3) {
    return [resultIssue(`${at}.value.points`, 'too_few_points', `a polygon needs at least 3 points; this one has ${points.length}`, { control: name, count: points.length })];
  }
  if (item.value.closed !== undefined && typeof item.value.closed !== 'boolean') {
    return [resultIssue(`${at}.value.closed`, 'invalid_value', 'closed must be true or false', { control: name })];
  }
  const outside = checkInside(points as [number, number][], `${at}.value.points`, name);
  if (outside.length > 0) return outside;
  return checkRegionLabels(item, at, control, 'polygonlabels');
}
