import type { RectangleValue } from './schema.js';

/**
 * The four corners of a box, in percent of the image. Label Studio rotates a box about its top-left corner, clockwise,
 * in pixels: with the image's size known the corners are turned in pixels and brought back to percent; without it
 * the image is taken as square (a rotated box is then checked approximately).
 */
export function rectangleCorners(value: Pick<RectangleValue, 'x' | 'y' | 'width' | 'height' | 'rotation'>, imageWidth = 100, imageHeight = 100): [number, number][] {
  const sx = imageWidth / 100;
  const sy = imageHeight / 100;
  const a = (value.rotation * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const w = value.width * sx;
  const h = value.height * sy;
  const offsets: [number, number][] = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  return offsets.map(([dx, dy]) => [value.x + (dx * cos - dy * sin) / sx, value.y + (dx * sin + dy * cos) / sy]);
}
