import { describe, expect, it } from 'vitest';
import { problems } from '../../test-helpers.js';
import { ourAnswer, recordedAnswer, shapeOf } from '../recorded-answers.test-support.js';
import { rectangleKind } from './edit.js';
import { rectangleCorners } from './geometry.js';
import { rectanglesControlSchema } from './schema.js';

// What Label Studio 1.4.0's editor wrote for a box dragged out and then turned by its rotation handle, with per-region
// choices, textarea and number about it (scripts/record-ls-results.mjs; the config is in the file).
const recorded = recordedAnswer(new URL('./ls-1.4.0-result.json', import.meta.url));
const tag = rectanglesControlSchema.parse({ type: 'rectangles', name: 'tag', toName: 'img', labels: [{ value: 'Planet' }, { value: 'Moonwalker' }] });
const config = {
  objects: [{ type: 'image', name: 'img', value: 'image' }],
  controls: [
    tag,
    { type: 'choices', name: 'colour', toName: 'img', perRegion: true, choices: [{ value: 'red' }, { value: 'blue' }] },
    { type: 'textarea', name: 'note', toName: 'img', perRegion: true },
    { type: 'number', name: 'occluded', toName: 'img', perRegion: true, min: 0, max: 100 },
  ],
};
const [region] = recorded.result;
const box = region?.value as { x: number; y: number; width: number; height: number; rotation: number };

describe("rotated rectangles as Label Studio 1.4.0's editor writes them", () => {
  it('the recording holds a rotated box answered by all three per-region controls', () => {
    expect(recorded.perRegionAnswered).toEqual(['colour', 'note', 'occluded']);
    expect(box.rotation).toBeGreaterThan(10);
  });

  it('its x, y are the corner the box turns about: turned back about it, the box is the one dragged out', () => {
    // The box was dragged from (30%, 30%) to (55%, 50%) and turned about its centre by the handle; Label Studio keeps
    // the turned top-left corner in x, y. Its centre, found by turning about that corner as our geometry does, is
    // where the dragged box's centre was.
    const corners = rectangleCorners(box, recorded.image.width, recorded.image.height);
    const centre = [0, 1].map((axis) => corners.reduce((sum, c) => sum + (c[axis] ?? 0), 0) / corners.length);
    expect(centre[0]).toBeCloseTo(42.5, 0);
    expect(centre[1]).toBeCloseTo(40, 0);
  });

  it('our checks accept the recorded answer as it is', () => {
    expect(problems(config, recorded.result)).toEqual([]);
  });

  it('our workspace writes the same items: keys, types, units and the shared id', () => {
    const { rectanglelabels: _, ...geometry } = box as typeof box & { rectanglelabels: string[] };
    const ours = ourAnswer(rectangleKind, tag, recorded, geometry, 'Planet');
    expect(ours.map(shapeOf)).toEqual(recorded.result.map(shapeOf));
    expect(ours).toEqual(recorded.result);
  });
});
