import { describe, expect, it } from 'vitest';
import { captionAnchor, polygonFromPixels, rectFromDrag, rectFromPixels } from './geometry.js';
import { clickDraft, closeDraft } from './polygon-draft.js';
import { fitViewport, panBy, toImage, zoomAt, ZOOM_IN_LIMIT } from './viewport.js';

const image = { width: 800, height: 400 };

describe('the image viewport', () => {
  it('fits the whole image, centred', () => {
    expect(fitViewport({ width: 400, height: 400 }, image)).toEqual({ scale: 0.5, x: 0, y: 100 });
  });

  it('zooms about the cursor: the image pixel under it stays there', () => {
    const fit = fitViewport({ width: 400, height: 400 }, image);
    const cursor = { x: 123, y: 250 };
    const before = toImage(fit, cursor);
    const zoomed = zoomAt(fit, cursor, 2, fit.scale);
    expect(zoomed.scale).toBe(1);
    expect(toImage(zoomed, cursor).x).toBeCloseTo(before.x);
    expect(toImage(zoomed, cursor).y).toBeCloseTo(before.y);
    expect(zoomAt(zoomed, cursor, 1e6, fit.scale).scale).toBe(fit.scale * ZOOM_IN_LIMIT);
    expect(toImage(panBy(fit, 10, -20), { x: 10, y: 80 })).toEqual({ x: 0, y: 0 });
  });
});

describe('regions between canvas pixels and percent of the image', () => {
  it('makes a box from a drag in any direction, cut at the image edges', () => {
    expect(rectFromDrag({ x: 400, y: 300 }, { x: 200, y: 100 }, image)).toEqual({ x: 25, y: 25, width: 25, height: 50, rotation: 0 });
    expect(rectFromDrag({ x: -50, y: 200 }, { x: 80, y: 999 }, image)).toEqual({ x: 0, y: 50, width: 10, height: 50, rotation: 0 });
  });

  it('pushes a box dragged past an edge back inside, rotation included, and refuses one larger than the image', () => {
    expect(rectFromPixels({ x: 760, y: -10, width: 80, height: 40, rotation: 0 }, image)).toEqual({ x: 90, y: 0, width: 10, height: 10, rotation: 0 });
    // Turned 90° clockwise about its top-left corner, a box at x=0 reaches left of the image by its height.
    const turned = rectFromPixels({ x: 0, y: 100, width: 80, height: 40, rotation: 90 }, image);
    expect(turned?.x).toBeCloseTo(5);
    expect(turned?.rotation).toBe(90);
    expect(rectFromPixels({ x: 0, y: 0, width: 900, height: 10, rotation: 0 }, image)).toBeNull();
    expect(rectFromPixels({ x: 10, y: 10, width: 10, height: 10, rotation: -30 }, image)?.rotation).toBe(330);
  });

  it('moves a polygon back inside as a whole', () => {
    expect(polygonFromPixels([-40, 0, 40, 0, 0, 40], image)).toEqual([
      [0, 0],
      [10, 0],
      [5, 10],
    ]);
    expect(polygonFromPixels([0, 0, 900, 0, 0, 40], image)).toBeNull();
  });
});

describe('a polygon being drawn', () => {
  it('adds a corner per click and closes on the first one once it has three', () => {
    let points = clickDraft([], { x: 10, y: 10 }, 5).points;
    points = clickDraft(points, { x: 100, y: 10 }, 5).points;
    expect(clickDraft(points, { x: 12, y: 11 }, 5)).toEqual({ kind: 'open', points: [...points, { x: 12, y: 11 }] });
    points = clickDraft(points, { x: 100, y: 100 }, 5).points;
    expect(clickDraft(points, { x: 100.5, y: 100 }, 5).points).toHaveLength(3);
    expect(clickDraft(points, { x: 12, y: 11 }, 5)).toEqual({ kind: 'closed', points });
    expect(closeDraft(points.slice(0, 2))).toBeNull();
  });
});

describe('where a region\'s label is drawn', () => {
  it('at a box\'s own corner (turning with it), above a polygon\'s topmost vertex, beside a point', () => {
    expect(captionAnchor({ kind: 'rectangle', x: 10, y: 50, width: 20, height: 10, rotation: 30 }, image, 14, 4)).toEqual({ x: 80, y: 200, rotation: 30 });
    expect(captionAnchor({ kind: 'polygon', points: [[50, 50], [25, 10], [75, 60]] }, image, 14, 4)).toEqual({ x: 200, y: 40 - 14, rotation: 0 });
    expect(captionAnchor({ kind: 'point', x: 50, y: 50, width: 1 }, image, 14, 4)).toEqual({ x: 408, y: 192, rotation: 0 });
    expect(captionAnchor({ kind: 'point', x: 50, y: 50, width: 0 }, image, 14, 4)).toEqual({ x: 404, y: 196, rotation: 0 });
  });
});
