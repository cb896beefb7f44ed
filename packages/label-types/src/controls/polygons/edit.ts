import { isNumber, type RegionKind } from '../image-region-edit.js';
import type { PolygonsControl } from './schema.js';

const isPair = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && isNumber(p[0]) && isNumber(p[1]);

/** Polygons: drawn by clicking vertices and closing on the first, `value {points: [[x, y], ...]}` in percent. */
export const polygonKind: RegionKind<PolygonsControl> = {
  gesture: 'polygon',
  labelsKey: 'polygonlabels',
  plainType: 'polygon',
  shapeOf(v) {
    const points = v.points;
    if (!Array.isArray(points) || points.length === 0 || !points.every(isPair)) return undefined;
    return { kind: 'polygon', points };
  },
  valueOf: (_control, drawn) => ({ points: drawn.points }),
};
