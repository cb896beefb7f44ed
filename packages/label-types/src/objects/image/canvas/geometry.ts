import { rectangleCorners } from '../../../controls/rectangles/geometry.js';
import type { RegionShape } from '../../../region-state.js';
import type { Point, Size } from './viewport.js';

/**
 * Regions between the canvas (image pixels) and the answer (percent of the image, as Label Studio writes them), kept
 * inside the image as the server's checks want: a region dragged past an edge is pushed back in, one that cannot fit
 * is refused.
 */

type Rectangle = Extract<RegionShape, { kind: 'rectangle' }>;
type Polygon = Extract<RegionShape, { kind: 'polygon' }>;
type PointShape = Extract<RegionShape, { kind: 'point' }>;

/** A box in image pixels (x, y its top-left corner before rotation). */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
}

const pct = (v: number, of: number) => (v / of) * 100;
const px = (v: number, of: number) => (v / 100) * of;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const rectToPixels = (r: Rectangle, image: Size): PixelBox => ({
  x: px(r.x, image.width),
  y: px(r.y, image.height),
  width: px(r.width, image.width),
  height: px(r.height, image.height),
  rotation: r.rotation,
});

export const pointsToPixels = (points: Polygon['points'], image: Size): number[] => points.flatMap(([x, y]) => [px(x, image.width), px(y, image.height)]);

export const pointToPixels = (p: PointShape, image: Size): Point => ({ x: px(p.x, image.width), y: px(p.y, image.height) });

/** The box dragged from one image pixel to another (either way round), cut to the image, in percent. */
export function rectFromDrag(from: Point, to: Point, image: Size): Omit<Rectangle, 'kind'> {
  const x0 = clamp(Math.min(from.x, to.x), 0, image.width);
  const y0 = clamp(Math.min(from.y, to.y), 0, image.height);
  const x1 = clamp(Math.max(from.x, to.x), 0, image.width);
  const y1 = clamp(Math.max(from.y, to.y), 0, image.height);
  return { x: pct(x0, image.width), y: pct(y0, image.height), width: pct(x1 - x0, image.width), height: pct(y1 - y0, image.height), rotation: 0 };
}

/** The shift that brings points (percent) inside 0..100 on both axes, or null when they span more than the image. */
function shiftInside(points: readonly (readonly [number, number])[]): [number, number] | null {
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // A thousandth of a percent of slack: the rounding of turning corners, not a way out of the image.
  if (maxX - minX > 100.001 || maxY - minY > 100.001) return null;
  const dx = minX < 0 ? -minX : maxX > 100 ? 100 - maxX : 0;
  const dy = minY < 0 ? -minY : maxY > 100 ? 100 - maxY : 0;
  return [dx, dy];
}

/**
 * A box from the canvas (image pixels, rotated about its top-left corner) as a value in percent, moved back inside
 * the image if a corner left it; null when it is larger than the image.
 */
export function rectFromPixels(box: PixelBox, image: Size): Omit<Rectangle, 'kind'> | null {
  const rotation = ((box.rotation % 360) + 360) % 360;
  const value = { x: pct(box.x, image.width), y: pct(box.y, image.height), width: pct(box.width, image.width), height: pct(box.height, image.height), rotation };
  const shift = shiftInside(rectangleCorners(value, image.width, image.height));
  if (!shift) return null;
  return { ...value, x: value.x + shift[0], y: value.y + shift[1] };
}

/** A polygon from the canvas (flat image-pixel coordinates) in percent, moved back inside the image; null when larger. */
export function polygonFromPixels(flat: readonly number[], image: Size): [number, number][] | null {
  const points: [number, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) points.push([pct(flat[i] as number, image.width), pct(flat[i + 1] as number, image.height)]);
  const shift = shiftInside(points);
  if (!shift) return null;
  return points.map(([x, y]) => [x + shift[0], y + shift[1]]);
}

/** A point from the canvas in percent, held inside the image. */
export function pointFromPixels(at: Point, image: Size): { x: number; y: number } {
  return { x: clamp(pct(at.x, image.width), 0, 100), y: clamp(pct(at.y, image.height), 0, 100) };
}

/** An image pixel held inside the image (a polygon vertex clicked just past an edge). */
export function insideImage(at: Point, image: Size): Point {
  return { x: clamp(at.x, 0, image.width), y: clamp(at.y, 0, image.height) };
}

/**
 * Where a region's label is drawn (its top-left corner, image pixels, and its turn in degrees): a box's own top-left
 * corner, turning with the box; just above a polygon's topmost vertex (`lineHeight` above it); beside a point, at the
 * top right of its circle (`minRadius` the smallest one drawn).
 */
export function captionAnchor(shape: RegionShape, image: Size, lineHeight: number, minRadius: number): { x: number; y: number; rotation: number } {
  switch (shape.kind) {
    case 'rectangle': {
      const box = rectToPixels(shape, image);
      return { x: box.x, y: box.y, rotation: box.rotation ?? 0 };
    }
    case 'polygon': {
      let top = shape.points[0] ?? [0, 0];
      for (const p of shape.points) if (p[1] < top[1]) top = p;
      return { x: px(top[0], image.width), y: px(top[1], image.height) - lineHeight, rotation: 0 };
    }
    case 'point': {
      const centre = pointToPixels(shape, image);
      const radius = Math.max(px(shape.width, image.width), minRadius);
      return { x: centre.x + radius, y: centre.y - radius, rotation: 0 };
    }
  }
}
