import { describe, expect, it } from 'vitest';
import { configProblems, controlRoundTrip, el, issuesOf, problems } from '../../test-helpers.js';
import { rectanglesControl } from './index.js';

const config = {
  objects: [{ type: 'image', name: 'img', value: 'image' }],
  controls: [{ type: 'rectangles', name: 'tag', toName: 'img', labels: [{ value: 'Planet' }, { value: 'Moonwalker', background: 'blue' }] }],
};
// The shape of Label Studio's own fixture for its editor (label-studio-frontend e2e/examples/image-bboxes.js, the
// 1.4 line): percent coordinates, the image's size in pixels beside `value`. Not recorded from the editor here.
const box = {
  id: 'Dx_aB91ISN',
  from_name: 'tag',
  to_name: 'img',
  type: 'rectanglelabels',
  original_width: 2242,
  original_height: 2802,
  image_rotation: 0,
  origin: 'manual',
  value: { x: 50.8, y: 5.869797225186766, width: 12.4, height: 10.458911419423693, rotation: 0, rectanglelabels: ['Moonwalker'] },
};
const withValue = (value: Record<string, unknown>) => ({ ...box, value: { ...box.value, ...value } });

describe('rectangles XML', () => {
  it('reads RectangleLabels with its drawing attributes and writes it back unchanged', () => {
    const element = el('RectangleLabels', { name: 'tag', toName: 'img', fillOpacity: '0.5', strokeWidth: '5', canRotate: 'false', opacity: '0.4', strokeColor: '#ff0000', maxUsages: '3' }, [
      el('Label', { value: 'Planet', hotkey: 'p' }),
      el('Label', { value: 'Moonwalker', alias: 'MW', background: 'blue' }),
    ]);
    const { native, xml, again } = controlRoundTrip(rectanglesControl, element);
    expect(native).toEqual({
      type: 'rectangles',
      name: 'tag',
      toName: 'img',
      labels: [{ value: 'Planet', hotkey: 'p' }, { value: 'MW', background: 'blue' }],
      multiple: false,
      required: false,
      fillOpacity: 0.5,
      strokeWidth: 5,
      canRotate: false,
      opacity: 0.4,
      strokeColor: '#ff0000',
      maxUsages: 3,
    });
    expect(xml.tag).toBe('RectangleLabels');
    expect(again).toEqual(native);
  });

  it('reads the plain Rectangle as a control without labels, whose items are of type rectangle', () => {
    const { native, xml, again } = controlRoundTrip(rectanglesControl, el('Rectangle', { name: 'box', toName: 'img' }));
    expect(native).toMatchObject({ type: 'rectangles', labels: [], canRotate: true });
    expect(xml).toMatchObject({ tag: 'Rectangle', attributes: { name: 'box', toName: 'img' } });
    expect(again).toEqual(native);
    const plain = { objects: config.objects, controls: [native] };
    const { rectanglelabels: _, ...value } = box.value;
    expect(problems(plain, [{ ...box, from_name: 'box', type: 'rectangle', value }])).toEqual([]);
    expect(problems(plain, [{ ...box, from_name: 'box' }])).toEqual(['wrong_type result[0].type']);
  });
});

describe('rectangles validation', () => {
  it('accepts a box in Label Studio shape', () => {
    expect(problems(config, [box])).toEqual([]);
  });

  it('keeps the box inside the image, rotated corners included', () => {
    expect(problems(config, [withValue({ x: 95 })])).toEqual(['region_out_of_bounds result[0].value']);
    expect(problems(config, [withValue({ y: -3 })])).toEqual(['region_out_of_bounds result[0].value']);
    // Rounding of the editor: 100.05 is inside the tolerance.
    expect(problems(config, [withValue({ x: 87.65 })])).toEqual([]);
    // Rotated 90 degrees clockwise about its top-left corner, the box swings left of x: at x=5 it leaves the image.
    expect(problems(config, [withValue({ x: 5, rotation: 90 })])).toEqual(['region_out_of_bounds result[0].value']);
    expect(problems(config, [withValue({ x: 30, rotation: 90 })])).toEqual([]);
    const [issue] = issuesOf(config, [withValue({ x: 95 })]);
    expect(issue?.details).toMatchObject({ control: 'tag', x: 107.4 });
  });

  it('needs numbers, a positive size and rotation only where the control rotates', () => {
    expect(problems(config, [withValue({ width: 0 })])).toEqual(['invalid_value result[0].value.width']);
    expect(problems(config, [withValue({ height: '3' })])).toEqual(['invalid_value result[0].value.height']);
    expect(problems(config, [withValue({ rotation: 'left' })])).toEqual(['invalid_value result[0].value.rotation']);
    const still = { ...config, controls: [{ ...config.controls[0], canRotate: false }] };
    expect(problems(still, [withValue({ x: 30, rotation: 90 })])).toEqual(['invalid_value result[0].value.rotation']);
  });

  it('takes labels of the config, one per box unless multiple', () => {
    expect(problems(config, [withValue({ rectanglelabels: ['Car'] })])).toEqual(['unknown_label result[0].value.rectanglelabels']);
    expect(problems(config, [withValue({ rectanglelabels: ['Planet', 'Moonwalker'] })])).toEqual(['too_many_labels result[0].value.rectanglelabels']);
    expect(problems(config, [withValue({ rectanglelabels: [] })])).toEqual(['invalid_value result[0].value.rectanglelabels']);
  });

  it('needs the image size as positive whole pixels when given, and region ids', () => {
    expect(problems(config, [{ ...box, original_width: 0 }])).toEqual(['invalid_value result[0].original_width']);
    expect(problems(config, [{ ...box, original_height: 12.5 }])).toEqual(['invalid_value result[0].original_height']);
    const { original_width: _w, original_height: _h, ...bare } = box;
    expect(problems(config, [bare])).toEqual([]);
    expect(problems(config, [box, { ...box }])).toEqual(['duplicate_id result[1].id']);
  });

  it('applies to image objects only', () => {
    const text = { objects: [{ type: 'text', name: 'img', value: 'text' }], controls: config.controls };
    expect(configProblems(text)).toEqual(['controls.0.toName: a rectangles control applies to image objects; "img" is text']);
  });
});

describe('per-region answers about boxes', () => {
  const perRegion = {
    objects: config.objects,
    controls: [
      ...config.controls,
      { type: 'choices', name: 'colour', toName: 'img', perRegion: true, choices: [{ value: 'red' }, { value: 'blue' }] },
      { type: 'textarea', name: 'note', toName: 'img', perRegion: true, required: false },
      { type: 'number', name: 'occluded', toName: 'img', perRegion: true, min: 0, max: 100, required: false },
    ],
  };
  const about = (from_name: string, type: string, value: Record<string, unknown>, id = box.id) => ({ id, from_name, to_name: 'img', type, original_width: 2242, original_height: 2802, image_rotation: 0, value });

  it('choices, textarea and number answer about a box by carrying its id, as Label Studio writes them', () => {
    const answer = [box, about('colour', 'choices', { choices: ['red'] }), about('note', 'textarea', { text: ['dented'] }), about('occluded', 'number', { number: 40 })];
    expect(problems(perRegion, answer)).toEqual([]);
  });

  it('refuses answers about a box that is not there, and asks for a required one for every box', () => {
    expect(problems(perRegion, [box, about('colour', 'choices', { choices: ['red'] }, 'nope')])).toEqual(['unknown_region result[1].id', 'missing_required result']);
    expect(problems(perRegion, [box])).toEqual(['missing_required result']);
  });
});
