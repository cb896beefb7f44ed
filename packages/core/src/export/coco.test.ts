import { describe, expect, it } from 'vitest';
import { cocoAnnotations } from './coco.js';
import { rotatedCorners, type ImageRegion } from './image-regions.js';

describe('cocoAnnotations', () => {
  it('writes each region as one JSON object in pixels, ids counting from firstId', () => {
    const corners = rotatedCorners({ x: 100, y: 50, width: 40, height: 20 }, 30);
    const regions: ImageRegion[] = [
      { kind: 'box', category: 0, x: 10.004, y: 20.5, width: 100.25, height: 50, rotation: 0, corners: rotatedCorners({ x: 10.004, y: 20.5, width: 100.25, height: 50 }, 0) },
      { kind: 'box', category: 1, x: 100, y: 50, width: 40, height: 20, rotation: 30, corners },
      { kind: 'polygon', category: 2, points: [[0, 0], [10, 0], [10, 10.333]] },
      { kind: 'keypoint', category: 3, point: [5.5, -0.001] },
    ];
    const parsed = cocoAnnotations(7, regions, 41).map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(parsed[0]).toEqual({ id: 41, image_id: 7, category_id: 1, iscrowd: 0, bbox: [10, 20.5, 100.25, 50], area: 5012.5, segmentation: [] });
    // Rotated 30 degrees about the top-left corner: bounds of the four corners, the rectangle's own area, the corners as a polygon.
    expect(parsed[1]).toEqual({
      id: 42,
      image_id: 7,
      category_id: 2,
      iscrowd: 0,
      bbox: [90, 50, 44.64, 37.32],
      area: 800,
      segmentation: [[100, 50, 134.64, 70, 124.64, 87.32, 90, 67.32]],
      attributes: { rotation: 30 },
    });
    expect(parsed[2]).toEqual({ id: 43, image_id: 7, category_id: 3, iscrowd: 0, bbox: [0, 0, 10, 10.33], area: 51.67, segmentation: [[0, 0, 10, 0, 10, 10.33]] });
    expect(parsed[3]).toEqual({ id: 44, image_id: 7, category_id: 4, iscrowd: 0, bbox: [5.5, 0, 0, 0], area: 0, segmentation: [], keypoints: [5.5, 0, 2], num_keypoints: 1 });
    expect(cocoAnnotations(7, regions, 41)[3]).not.toContain('-0');
  });
});
