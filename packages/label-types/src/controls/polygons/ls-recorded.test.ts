import { describe, expect, it } from 'vitest';
import { problems } from '../../test-helpers.js';
import { ourAnswer, recordedAnswer, shapeOf } from '../recorded-answers.test-support.js';
import { polygonKind } from './edit.js';
import { polygonsControlSchema } from './schema.js';

// What Label Studio 1.4.0's editor wrote for a polygon clicked vertex by vertex and closed on its first vertex, with
// per-region choices, textarea and number about it (scripts/record-ls-results.mjs; the config is in the file).
const recorded = recordedAnswer(new URL('./ls-1.4.0-result.json', import.meta.url));
const seg = polygonsControlSchema.parse({ type: 'polygons', name: 'seg', toName: 'img', labels: [{ value: 'Road' }, { value: 'Car' }] });
const config = {
  objects: [{ type: 'image', name: 'img', value: 'image' }],
  controls: [
    seg,
    { type: 'choices', name: 'colour', toName: 'img', perRegion: true, choices: [{ value: 'red' }, { value: 'blue' }] },
    { type: 'textarea', name: 'note', toName: 'img', perRegion: true },
    { type: 'number', name: 'occluded', toName: 'img', perRegion: true, min: 0, max: 100 },
  ],
};
const [region] = recorded.result;

describe("polygons as Label Studio 1.4.0's editor writes them", () => {
  it('the recording is what the tests below read: a closed polygon, answered by all three per-region controls', () => {
    expect(recorded.perRegionAnswered).toEqual(['colour', 'note', 'occluded']);
    expect(region?.type).toBe('polygonlabels');
    // A closed polygon is saved without `closed` (later versions add it); the last vertex is not the first repeated.
    expect(region?.value).not.toHaveProperty('closed');
    const points = region?.value.points as number[][];
    expect(points).toHaveLength(4);
    expect(points[3]).not.toEqual(points[0]);
  });

  it('our checks accept the recorded answer as it is', () => {
    expect(problems(config, recorded.result)).toEqual([]);
  });

  it('our workspace writes the same items: keys, types, units (percent, image size in pixels) and the shared id', () => {
    const ours = ourAnswer(polygonKind, seg, recorded, { points: region?.value.points }, 'Road');
    expect(ours.map(shapeOf)).toEqual(recorded.result.map(shapeOf));
    expect(ours).toEqual(recorded.result);
  });
});
