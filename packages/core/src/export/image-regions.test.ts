import { describe, expect, it } from 'vitest';
import { bounds, imageRegions, polygonArea, px, pxText, rotatedCorners } from './image-regions.js';

const target = { object: 'img', controls: new Set(['box', 'poly', 'kp']) };
const categories = new Map([
  ['car', 0],
  ['person', 1],
]);
const item = (over: Record<string, unknown>) => ({ id: 'r', from_name: 'box', to_name: 'img', original_width: 200, original_height: 100, ...over });

describe('imageRegions', () => {
  it('converts percent boxes, polygons and keypoints to pixels of the original image', () => {
    const { size, regions } = imageRegions(
      [
        item({ type: 'rectanglelabels', value: { x: 10, y: 20, width: 50, height: 40, rotation: 0, rectanglelabels: ['car'] } }),
        item({ from_name: 'poly', type: 'polygonlabels', value: { points: [[0, 0], [50, 0], [50, 50]], polygonlabels: ['person'] } }),
        item({ from_name: 'kp', type: 'keypointlabels', value: { x: 25, y: 75, width: 1, keypointlabels: ['person'] } }),
      ],
      target,
      categories,
    );
    expect(size).toEqual({ width: 200, height: 100 });
    expect(regions[0]).toMatchObject({ kind: 'box', category: 0, x: 20, y: 20, width: 100, height: 40 });
    expect(regions[1]).toEqual({ kind: 'polygon', category: 1, points: [[0, 0], [100, 0], [100, 50]] });
    expect(regions[2]).toEqual({ kind: 'keypoint', category: 1, point: [50, 75] });
  });

  it('leaves out other objects, unknown labels and items without an image size; a region with two labels is two', () => {
    const { regions } = imageRegions(
      [
        item({ to_name: 'other', type: 'rectanglelabels', value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['car'] } }),
        item({ type: 'rectanglelabels', value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['bus'] } }),
        item({ type: 'rectanglelabels', original_width: undefined, value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['car'] } }),
        item({ type: 'rectanglelabels', value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['car', 'person'] } }),
      ],
      target,
      categories,
    );
    expect(regions.map((r) => r.category)).toEqual([0, 1]);
  });
});

describe('rotatedCorners', () => {
  it('rotates clockwise about the top-left corner, as Label Studio does', () => {
    const corners = rotatedCorners({ x: 10, y: 10, width: 20, height: 10 }, 90).map(([x, y]) => [Math.round(x), Math.round(y)]);
    expect(corners).toEqual([
      [10, 10],
      [10, 30],
      [0, 30],
      [0, 10],
    ]);
    expect(bounds(rotatedCorners({ x: 10, y: 10, width: 20, height: 10 }, 90)).map(Math.round)).toEqual([0, 10, 10, 30]);
  });

  it('keeps the area of the rectangle', () => {
    expect(polygonArea(rotatedCorners({ x: 5, y: 5, width: 30, height: 12 }, 33))).toBeCloseTo(360, 6);
  });
});

describe('pxText', () => {
  it('writes a coordinate as String(px(n)) does: at most 2 decimals, no -0', () => {
    const edges = [0, -0, 0.004, -0.004, 0.005, -0.005, 1.005, 2.675, 99.995, 1919.999, 1e-9, 0.1, 0.01, 0.1 + 0.2, 1e8 + 0.37, -1234.5, 5e12, Number.NaN, Infinity, -Infinity];
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const values = [
      ...edges,
      ...Array.from({ length: 20000 }, () => (random() - 0.1) * 4000),
      ...Array.from({ length: 2000 }, () => Math.round(random() * 400000) / 100),
      ...Array.from({ length: 2000 }, () => random() * 1e-2),
    ];
    for (const v of values) expect(pxText(v), String(v)).toBe(String(px(v)));
  });
});
