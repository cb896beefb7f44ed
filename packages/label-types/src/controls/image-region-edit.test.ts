import { describe, expect, it } from 'vitest';
import { NO_REGION_STATE } from '../region-state.js';
import { problems } from '../test-helpers.js';
import { drawImageRegion, regionLabelKey, regionMarks } from './image-region-edit.js';
import { polygonKind } from './polygons/edit.js';
import { rectangleKind } from './rectangles/edit.js';
import { rectanglesControlSchema } from './rectangles/schema.js';

const boxes = rectanglesControlSchema.parse({ type: 'rectangles', name: 'box', toName: 'img', labels: [{ value: 'car' }, { value: 'person' }] });
const plain = rectanglesControlSchema.parse({ type: 'rectangles', name: 'plain', toName: 'img', labels: [] });
const config = { objects: [{ type: 'image', name: 'img', value: 'image' }], controls: [boxes] };
const data = { image: 'https://example.org/a.png' };
const itemFields = { original_width: 800, original_height: 400, image_rotation: 0 };
const drawn = { object: 'img', gesture: 'rectangle' as const, value: { x: 10, y: 20, width: 30, height: 40, rotation: 0 }, itemFields };
let n = 0;
const newId = () => `b${++n}`;

describe('boxes drawn on the image canvas', () => {
  it("become items in Label Studio's shape that the server's checks accept", () => {
    const { items, id } = drawImageRegion(rectangleKind, boxes, [], drawn, 'car', newId);
    expect(items).toEqual([
      { id, from_name: 'box', to_name: 'img', type: 'rectanglelabels', ...itemFields, value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['car'] }, origin: 'manual' },
    ]);
    expect(problems(config, items, data)).toEqual([]);
    expect(drawImageRegion(rectangleKind, plain, [], drawn, '', newId).items[0]).toMatchObject({ type: 'rectangle', value: { x: 10, y: 20, width: 30, height: 40, rotation: 0 } });
  });

  it('a label key labels the drawn box and selects it, relabels the selected one, or arms the label', () => {
    const made = regionLabelKey(rectangleKind, boxes, [], 'person', { ...NO_REGION_STATE, drawn }, newId);
    const id = made.items?.[0]?.id;
    expect(made.state).toEqual({ drawn: null, selected: id });
    expect(regionLabelKey(rectangleKind, boxes, made.items ?? [], 'car', { ...NO_REGION_STATE, selected: id ?? null }, newId).items?.[0]?.value.rectanglelabels).toEqual(['car']);
    expect(regionLabelKey(rectangleKind, boxes, [], 'car', NO_REGION_STATE, newId)).toEqual({ state: { armed: { box: 'car' } } });
    // A polygon waiting for a label is not the box control's to take.
    const polygonDrawn = { ...drawn, gesture: 'polygon' as const, value: { points: [[1, 1], [5, 1], [3, 4]] } };
    expect(regionLabelKey(rectangleKind, boxes, [], 'car', { ...NO_REGION_STATE, drawn: polygonDrawn }, newId).items).toBeUndefined();
  });

  it('marks the regions with their geometry, label colour and whether they rotate', () => {
    const { items } = drawImageRegion(rectangleKind, boxes, [], drawn, 'person', newId);
    const [mark] = regionMarks(rectangleKind, boxes, items);
    expect(mark).toMatchObject({ object: 'img', caption: 'person', rotatable: true, shape: { kind: 'rectangle', x: 10, y: 20, width: 30, height: 40, rotation: 0 } });
    expect(polygonKind.shapeOf({ points: [[1, 2], ['x', 3]] })).toBeUndefined();
  });
});
