import type { ImageCategory } from './image-targets.js';
import { bounds, type ImageRegion, type ImageSize, type Point } from './image-regions.js';

/**
 * YOLO (Ultralytics' layout): `classes.txt` (one name per line, line n is class n), `data.yaml` and one
 * `labels/<image stem>.txt` per image. Coordinates are fractions of the image's width and height, clamped to 0..1,
 * with 6 decimals. A project without polygon controls is a detection data set: `class cx cy w h` per box (a rotated
 * box by its axis-aligned bounds). A project with polygons is a segmentation data set, where every line of a file
 * must be a polygon (Ultralytics reads a file as segments when one line is): `class x1 y1 x2 y2 ...`, a box written
 * as its four corners (rotated ones exactly). Keypoints have no place in either (YOLO pose needs a fixed skeleton per
 * object) and are left out.
 */

export function yoloClasses(categories: readonly ImageCategory[]): string {
  return categories.map((c) => c.name.replace(/[\r\n]+/g, ' ') + '\n').join('');
}

/** `data.yaml`: the data set root (the unpacked folder), train and val images, class count and names by index. */
export function yoloDataYaml(categories: readonly ImageCategory[]): string {
  // JSON strings are YAML double-quoted scalars: names with colons, quotes or Chinese need no further care.
  const names = categories.map((c) => `  ${c.index}: ${JSON.stringify(c.name)}\n`).join('');
  return `path: .\ntrain: images\nval: images\nnc: ${categories.length}\nnames:\n${names}`;
}

/** The label file of one image; empty for an image whose answer has no region (a background image). */
export function yoloLabels(regions: readonly ImageRegion[], size: ImageSize, segmentation: boolean): string {
  let out = '';
  for (const r of regions) {
    if (r.kind === 'keypoint') continue;
    const points = r.kind === 'box' ? r.corners : r.points;
    if (segmentation) {
      out += `${r.category} ${points.map(([x, y]) => `${norm(x, size.width)} ${norm(y, size.height)}`).join(' ')}\n`;
      continue;
    }
    out += `${r.category} ${centreBox(points, size)}\n`;
  }
  return out;
}

function centreBox(points: readonly Point[], size: ImageSize): string {
  const b = bounds(points);
  const xmin = clamp(b[0] / size.width);
  const ymin = clamp(b[1] / size.height);
  const xmax = clamp(b[2] / size.width);
  const ymax = clamp(b[3] / size.height);
  return `${fixed((xmin + xmax) / 2)} ${fixed((ymin + ymax) / 2)} ${fixed(xmax - xmin)} ${fixed(ymax - ymin)}`;
}

function norm(v: number, extent: number): string {
  return fixed(clamp(v / extent));
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * `v` (within 0..1) to six decimals without trailing zeros, as `String(Math.round(v * 1e6) / 1e6)` writes it, from
 * the integer of millionths: an export of 50,000 images with a few boxes each calls this a million times, and
 * printing an integer is several times cheaper than printing the shortest form of a double.
 */
export function fixed(v: number): string {
  const millionths = Math.round(v * 1e6);
  if (millionths <= 0) return '0';
  if (millionths >= 1e6) return '1';
  const text = String(millionths);
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  return '0.' + '0'.repeat(6 - text.length) + text.slice(0, end);
}
