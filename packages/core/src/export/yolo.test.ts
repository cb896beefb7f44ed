import { describe, expect, it } from 'vitest';
import type { ImageRegion } from './image-regions.js';
import { fixed, yoloLabels } from './yolo.js';

describe('yolo fixed', () => {
  it('writes six decimals without trailing zeros, as String(Math.round(v * 1e6) / 1e6) does', () => {
    const edges = [0, 1, 0.5, 0.1, 1e-6, 4e-7, 5e-7, 0.9999994, 0.9999996, 0.000010, 0.123456789, 0.3, 0.7, 0.0625, 1 / 3];
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const values = [...edges, ...Array.from({ length: 20000 }, random), ...Array.from({ length: 1000 }, () => Math.round(random() * 1e6) / 1e6)];
    for (const v of values) expect(fixed(v), String(v)).toBe(String(Math.round(v * 1e6) / 1e6));
  });

  it('writes a box as centre, width and height of the image', () => {
    const box: ImageRegion = { kind: 'box', category: 2, x: 10, y: 20, width: 100, height: 50, rotation: 0, corners: [[10, 20], [110, 20], [110, 70], [10, 70]] };
    expect(yoloLabels([box], { width: 200, height: 100 }, false)).toBe('2 0.3 0.45 0.5 0.5\n');
  });
});
