import { describe, expect, it } from 'vitest';
import { controlRoundTrip, el, problems } from '../test-helpers.js';
import type { ResultItem } from '../result-item.js';
import type { ImageRegionControl, RegionKind } from './image-region-edit.js';
import { keypointKind, keypointWidth } from './keypoints/edit.js';
import { keypointsControl } from './keypoints/index.js';
import { polygonKind } from './polygons/edit.js';
import { polygonsControl } from './polygons/index.js';
import { ourAnswer, recordedAnswer, shapeOf } from './recorded-answers.test-support.js';
import { rectangleKind } from './rectangles/edit.js';
import { rectanglesControl } from './rectangles/index.js';

// What Label Studio 1.4.0's editor wrote for the plain tags, without labels (`<Rectangle>`, `<Polygon>`,
// `<KeyPoint>`): the tool chosen by its key, the region drawn, picked with the select tool and answered by per-region
// choices, textarea and number (scripts/record-ls-results.mjs, LS_ONLY=plain; each config is in its file).
const PLAIN = [
  { tag: 'Rectangle', name: 'tag', type: 'rectangle', control: rectanglesControl, kind: rectangleKind, folder: 'rectangles' },
  { tag: 'Polygon', name: 'seg', type: 'polygon', control: polygonsControl, kind: polygonKind, folder: 'polygons' },
  { tag: 'KeyPoint', name: 'kp', type: 'keypoint', control: keypointsControl, kind: keypointKind, folder: 'keypoints' },
] as const;

const PER_REGION = [
  { type: 'choices', name: 'colour', toName: 'img', perRegion: true, choices: [{ value: 'red' }, { value: 'blue' }] },
  { type: 'textarea', name: 'note', toName: 'img', perRegion: true },
  { type: 'number', name: 'occluded', toName: 'img', perRegion: true, min: 0, max: 100 },
];

describe.each(PLAIN)("the plain <$tag> as Label Studio 1.4.0's editor writes it", ({ tag, name, type, control, kind, folder }) => {
  const recorded = recordedAnswer(new URL(`./${folder}/ls-1.4.0-result-plain.json`, import.meta.url));
  const element = el(tag, { name, toName: 'img' });
  const { native } = controlRoundTrip(control as never, element);
  const config = { objects: [{ type: 'image', name: 'img', value: 'image' }], controls: [native, ...PER_REGION] };
  const [region, ...about] = recorded.result;

  it(`is recorded from the config we read: ${tag} without labels, its region of type ${type} with no labels key`, () => {
    expect(recorded.config).toContain(`<${tag} name="${name}" toName="img"/>`);
    expect((native as ImageRegionControl).labels).toEqual([]);
    expect(region?.type).toBe(type);
    expect(Object.keys(region?.value ?? {}).some((k) => k.endsWith('labels'))).toBe(false);
    expect(recorded.perRegionAnswered).toEqual(['colour', 'note', 'occluded']);
    expect(about.map((i) => i.id)).toEqual([region?.id, region?.id, region?.id]);
  });

  it('our checks accept the recorded answer as it is', () => {
    expect(problems(config, recorded.result)).toEqual([]);
  });

  it('a labels key on a plain region is refused (the config offers none)', () => {
    const labelled = { ...region, value: { ...region?.value, [kind.labelsKey]: ['car'] } } as ResultItem;
    expect(problems(config, [labelled, ...about])).toEqual([`invalid_value result[0].value.${kind.labelsKey}`]);
    const emptyLabels = { ...region, value: { ...region?.value, [kind.labelsKey]: [] } } as ResultItem;
    expect(problems(config, [emptyLabels, ...about])).toEqual([]);
  });

  it('our workspace writes the same items: keys, types, units and the shared id', () => {
    const value = region?.value as Record<string, unknown>;
    // A keypoint's width is the workspace's own (from strokeWidth), not part of what the canvas hands over.
    const { width: shownWidth, ...point } = value;
    const ours = ourAnswer(kind as RegionKind<ImageRegionControl>, native as ImageRegionControl, recorded, type === 'keypoint' ? point : value, '');
    expect(ours.map(shapeOf)).toEqual(recorded.result.map(shapeOf));
    // A keypoint's width: Label Studio divides its strokeWidth by the width the image was shown at, we by the image's
    // own (keypoints/ls-recorded.test.ts); everything else is the same.
    const width = type === 'keypoint' ? keypointWidth(undefined, recorded.image.width) : shownWidth;
    expect(ours).toEqual(recorded.result.map((i) => ({ ...i, value: { ...i.value, width } })));
  });
});
