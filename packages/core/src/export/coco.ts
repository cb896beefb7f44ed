import type { ImageCategory } from './image-targets.js';
import { bounds, polygonArea, px, type ImageRegion, type ImageSize, type Point } from './image-regions.js';

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
  // Each object written out whole (no spread of a common base): spreads followed by more properties cost
  // microseconds each on Node 20's V8, and a project has an annotation per region.
  return regions.map((r, i) => {
    const id = firstId + i;
    const category_id = r.category + 1;
    switch (r.kind) {
      case 'box': {
        const bbox = box(r.corners);
        const area = px(r.width * r.height);
        if (r.rotation % 360 === 0) return JSON.stringify({ id, image_id: imageId, category_id, iscrowd: 0, bbox, area, segmentation: [] });
        return JSON.stringify({ id, image_id: imageId, category_id, iscrowd: 0, bbox, area, segmentation: [flat(r.corners)], attributes: { rotation: r.rotation } });
      }
      case 'polygon':
        return JSON.stringify({ id, image_id: imageId, category_id, iscrowd: 0, bbox: box(r.points), area: px(polygonArea(r.points)), segmentation: [flat(r.points)] });
      case 'keypoint': {
        const [x, y] = r.point;
        return JSON.stringify({ id, image_id: imageId, category_id, iscrowd: 0, bbox: [px(x), px(y), 0, 0], area: 0, segmentation: [], keypoints: [px(x), px(y), 2], num_keypoints: 1 });
      }
    }
  });
}

function box(points: readonly Point[]): number[] {
  const [xmin, ymin, xmax, ymax] = bounds(points);
  return [px(xmin), px(ymin), px(xmax - xmin), px(ymax - ymin)];
}

function flat(points: readonly Point[]): number[] {
  return points.flatMap(([x, y]) => [px(x), px(y)]);
}
