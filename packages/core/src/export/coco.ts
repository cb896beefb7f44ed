import type { ImageCategory } from './image-targets.js';
import { bounds, polygonArea, pxText, type ImageRegion, type ImageSize, type Point } from './image-regions.js';

/**
 * COCO object detection (cocodataset.org/#format-data), written in pieces so that a project of any size streams:
 * the head with `categories` (known from the config), then `images` and `annotations` as two arrays of one JSON
 * object each per element. Category ids are the config order from 1; an image's id is its task's id; annotation ids
 * count from 1 in the order written.
 */

/** The categories: `{id, name, supercategory}`, a keypoint label also with `keypoints: [name]` and no skeleton. */
export function cocoCategories(categories: readonly ImageCategory[]): unknown[] {
  return categories.map((c) => ({ id: c.index + 1, name: c.name, supercategory: '', ...(c.keypoint ? { keypoints: [c.name], skeleton: [] } : {}) }));
}

/** An `images` element, with the task's `external_id` when it has one. */
export function cocoImage(id: number, fileName: string, size: ImageSize, externalId: string | null): string {
  const image = { id, file_name: fileName, width: size.width, height: size.height };
  return JSON.stringify(externalId === null ? image : { id, file_name: fileName, width: size.width, height: size.height, external_id: externalId });
}

/**
 * The `annotations` elements of one image's regions, ids from `firstId`, each `{id, image_id, category_id, bbox,
 * area, segmentation, iscrowd: 0}` in pixels:
 * - box: `bbox` `[x, y, w, h]` of its axis-aligned bounds; unrotated, `segmentation` is `[]` and `area` `w * h`;
 *   rotated, `segmentation` holds the rotated rectangle's four corners, `area` is the rectangle's own (`w * h`
 *   before rotation) and `attributes.rotation` its clockwise degrees (as CVAT writes rotated boxes);
 * - polygon: `segmentation` `[[x1, y1, x2, y2, ...]]`, `bbox` its bounds, `area` its shoelace area;
 * - keypoint: `keypoints` `[x, y, 2]` (labelled and visible), `num_keypoints` 1, `bbox` `[x, y, 0, 0]`, `area` 0.
 */
export function cocoAnnotations(imageId: number, regions: readonly ImageRegion[], firstId: number): string[] {
  // Written as text, in the key order JSON.stringify would give the objects (coco.test.ts holds them equal): the
  // numbers from integers (pxText) and no intermediate arrays, since a project has an annotation per region.
  const out: string[] = [];
  for (let i = 0; i < regions.length; i++) {
    const r = regions[i]!;
    const head = `{"id":${firstId + i},"image_id":${imageId},"category_id":${r.category + 1},"iscrowd":0,"bbox":`;
    switch (r.kind) {
      case 'box': {
        const area = pxText(r.width * r.height);
        if (r.rotation % 360 === 0) out.push(`${head}${box(r.corners)},"area":${area},"segmentation":[]}`);
        else out.push(`${head}${box(r.corners)},"area":${area},"segmentation":[${flat(r.corners)}],"attributes":{"rotation":${String(r.rotation)}}}`);
        break;
      }
      case 'polygon':
        out.push(`${head}${box(r.points)},"area":${pxText(polygonArea(r.points))},"segmentation":[${flat(r.points)}]}`);
        break;
      case 'keypoint': {
        const x = pxText(r.point[0]);
        const y = pxText(r.point[1]);
        out.push(`${head}[${x},${y},0,0],"area":0,"segmentation":[],"keypoints":[${x},${y},2],"num_keypoints":1}`);
        break;
      }
    }
  }
  return out;
}

/** `[x, y, w, h]` of the points' axis-aligned bounds, as JSON. */
function box(points: readonly Point[]): string {
  const [xmin, ymin, xmax, ymax] = bounds(points);
  return `[${pxText(xmin)},${pxText(ymin)},${pxText(xmax - xmin)},${pxText(ymax - ymin)}]`;
}

/** `[x1, y1, x2, y2, ...]` as JSON. */
function flat(points: readonly Point[]): string {
  let out = '[';
  for (let i = 0; i < points.length; i++) out += (i === 0 ? '' : ',') + pxText(points[i]![0]) + ',' + pxText(points[i]![1]);
  return out + ']';
}
