import { describe, expect, it } from 'vitest';
import { problems } from '../../test-helpers.js';
import type { ResultItem } from '../../result-item.js';
import { ourAnswer, recordedAnswer, shapeOf } from '../recorded-answers.test-support.js';
import { keypointKind, keypointWidth } from './edit.js';
import { keypointsControlSchema } from './schema.js';

// What Label Studio 1.4.0's editor wrote for a point clicked on the image, with per-region choices, textarea and
// number about it (scripts/record-ls-results.mjs): once with the default strokeWidth, once with strokeWidth="4".
const byDefault = recordedAnswer(new URL('./ls-1.4.0-result.json', import.meta.url));
const wide = recordedAnswer(new URL('./ls-1.4.0-result-strokewidth.json', import.meta.url));
const control = (strokeWidth?: number) =>
  keypointsControlSchema.parse({ type: 'keypoints', name: 'kp', toName: 'img', labels: [{ value: 'Eye' }, { value: 'Nose' }], ...(strokeWidth === undefined ? {} : { strokeWidth }) });
const configOf = (kp: unknown) => ({
  objects: [{ type: 'image', name: 'img', value: 'image' }],
  controls: [
    kp,
    { type: 'choices', name: 'colour', toName: 'img', perRegion: true, choices: [{ value: 'red' }, { value: 'blue' }] },
    { type: 'textarea', name: 'note', toName: 'img', perRegion: true },
    { type: 'number', name: 'occluded', toName: 'img', perRegion: true, min: 0, max: 100 },
  ],
});
const widthOf = (item: ResultItem | undefined) => item?.value.width as number;
const withWidth = (items: readonly ResultItem[], width: number) => items.map((i) => ({ ...i, value: { ...i.value, width } }));

describe("keypoints as Label Studio 1.4.0's editor writes them", () => {
  it("width is the strokeWidth (2 by default) in the shown image's pixels, as percent of its shown width", () => {
    expect(byDefault.perRegionAnswered).toEqual(['colour', 'note', 'occluded']);
    expect(widthOf(byDefault.result[0])).toBeCloseTo((2 / byDefault.stage.width) * 100, 6);
    expect(widthOf(wide.result[0])).toBeCloseTo((4 / wide.stage.width) * 100, 6);
  });

  it('our checks accept both recorded answers as they are', () => {
    expect(problems(configOf(control()), byDefault.result)).toEqual([]);
    expect(problems(configOf(control(4)), wide.result)).toEqual([]);
  });

  it('our workspace writes the same items; width in the same unit, of the image at its own size', () => {
    for (const [recorded, strokeWidth] of [[byDefault, undefined], [wide, 4]] as const) {
      const [point] = recorded.result;
      const ours = ourAnswer(keypointKind, control(strokeWidth), recorded, { x: point?.value.x, y: point?.value.y }, point?.value.keypointlabels instanceof Array ? String(point.value.keypointlabels[0]) : '');
      expect(ours.map(shapeOf)).toEqual(recorded.result.map(shapeOf));
      // Label Studio divides by the width the image was shown at; we by the image's own (800 px): the one difference.
      const width = keypointWidth(strokeWidth, recorded.image.width);
      expect(width).toBeCloseTo(((strokeWidth ?? 2) / 800) * 100, 9);
      expect(ours).toEqual(withWidth(recorded.result, width));
    }
  });

  it('a point written before the fix (width 1, the strokeWidth taken as percent) is still accepted', () => {
    const [point, ...about] = byDefault.result;
    expect(problems(configOf(control()), [{ ...point, value: { ...point?.value, width: 1 } }, ...about])).toEqual([]);
  });
});
