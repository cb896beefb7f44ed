import type { LabelConfig } from '@biaozhu/contract';
import { NO_REGION_STATE } from '@biaozhu/label-types/views';
import { describe, expect, it } from 'vitest';
import { buildResult, pressWith } from './build-result';
import { drawRegion, gestureOn, marksOn, reshapeRegion } from './regions';

const config = {
  objects: [{ type: 'image', name: 'img', value: 'image' }],
  controls: [
    { type: 'rectangles', name: 'box', toName: 'img', labels: [{ value: 'car' }], multiple: false, required: false, canRotate: true },
    { type: 'polygons', name: 'poly', toName: 'img', labels: [{ value: 'road' }], multiple: false, required: false },
  ],
} as unknown as LabelConfig;
const itemFields = { original_width: 800, original_height: 400, image_rotation: 0 };
const box = { x: 10, y: 20, width: 30, height: 40, rotation: 0 };
let n = 0;
const newId = () => `r${++n}`;

describe('regions on an image in the workspace', () => {
  it('draws with the gesture of an armed control first, else the active one', () => {
    expect(gestureOn(config, NO_REGION_STATE, 0, 'img')).toBe('rectangle');
    expect(gestureOn(config, NO_REGION_STATE, 1, 'img')).toBe('polygon');
    expect(gestureOn(config, { ...NO_REGION_STATE, armed: { poly: 'road' } }, 0, 'img')).toBe('polygon');
  });

  it('gives a drawn box only to the box control, selects it, and moves it keeping its label', () => {
    const armed = { ...NO_REGION_STATE, armed: { box: 'car', poly: 'road' } };
    const step = drawRegion(config, [], armed, 1, 'img', box, newId, { gesture: 'rectangle', itemFields });
    expect(step.answer).toHaveLength(1);
    const [item] = step.answer as unknown as [{ id: string; from_name: string; value: Record<string, unknown> }];
    expect(item).toMatchObject({ from_name: 'box', original_width: 800, value: { ...box, rectanglelabels: ['car'] } });
    expect(step.state.selected).toBe(item.id);
    const moved = reshapeRegion(config, step.answer, item.id, { x: 50, y: 5 });
    expect(moved[0]).toMatchObject({ value: { x: 50, y: 5, width: 30, height: 40, rectanglelabels: ['car'] } });
    const hidden = marksOn(config, moved, { ...step.state, hidden: [item.id], locked: [item.id] }, 'img');
    expect(hidden[0]).toMatchObject({ hidden: true, locked: true, selected: true, shape: { kind: 'rectangle', x: 50 } });
  });

  it('keeps a box drawn with no label armed waiting for a label key', () => {
    const step = drawRegion(config, [], NO_REGION_STATE, 0, 'img', box, newId, { gesture: 'rectangle', itemFields });
    expect(step.answer).toEqual([]);
    expect(step.state.drawn).toEqual({ object: 'img', value: box, gesture: 'rectangle', itemFields });
  });

  it("submits a per-region answer about a box with the box's geometry and image size, as Label Studio writes it, after the box moved", () => {
    const withColour = {
      ...config,
      controls: [...config.controls, { type: 'choices', name: 'colour', toName: 'img', perRegion: true, multiple: false, required: false, choices: [{ value: 'red' }] }],
    } as unknown as LabelConfig;
    const step = drawRegion(withColour, [], { ...NO_REGION_STATE, armed: { box: 'car' } }, 0, 'img', box, newId, { gesture: 'rectangle', itemFields });
    const id = step.state.selected ?? '';
    const colour = withColour.controls[2] as LabelConfig['controls'][0];
    const picked = pressWith(step.answer, colour, 'red', step.state, newId)?.answer ?? [];
    const moved = reshapeRegion(withColour, picked, id, { x: 50, y: 5 });
    const [, about] = buildResult(withColour, moved);
    expect(about).toEqual({ id, from_name: 'colour', to_name: 'img', type: 'choices', ...itemFields, origin: 'manual', value: { x: 50, y: 5, width: 30, height: 40, rotation: 0, choices: ['red'] } });
  });
});
