import { describe, expect, it } from 'vitest';
import { controlRoundTrip, el, problems } from '../../test-helpers.js';
import { keypointsControl } from './index.js';

const config = {
  objects: [{ type: 'image', name: 'img', value: 'image' }],
  controls: [{ type: 'keypoints', name: 'kp', toName: 'img', labels: [{ value: 'Eye' }, { value: 'Nose' }] }],
};
// Label Studio's documented keypoint item: the point and its drawn size (`width`) in percent.
const point = { id: 'k1', from_name: 'kp', to_name: 'img', type: 'keypointlabels', original_width: 640, original_height: 480, image_rotation: 0, value: { x: 45.5, y: 30, width: 0.75, keypointlabels: ['Eye'] } };
const withValue = (value: Record<string, unknown>) => ({ ...point, value: { ...point.value, ...value } });

describe('keypoints XML', () => {
  it('reads KeyPointLabels and the plain KeyPoint and writes them back unchanged', () => {
    const labelled = controlRoundTrip(keypointsControl, el('KeyPointLabels', { name: 'kp', toName: 'img', strokeWidth: '2', fillColor: '#8bad00' }, [el('Label', { value: 'Eye', hotkey: 'e' })]));
    expect(labelled.native).toMatchObject({ type: 'keypoints', labels: [{ value: 'Eye', hotkey: 'e' }], strokeWidth: 2, fillColor: '#8bad00' });
    expect(labelled.again).toEqual(labelled.native);
    const plain = controlRoundTrip(keypointsControl, el('KeyPoint', { name: 'kp', toName: 'img' }));
    expect(plain.xml.tag).toBe('KeyPoint');
    expect(plain.again).toEqual(plain.native);
  });
});

describe('keypoints validation', () => {
  it('accepts a point in Label Studio shape', () => {
    expect(problems(config, [point])).toEqual([]);
  });

  it('keeps the point inside the image with a size of zero or more', () => {
    expect(problems(config, [withValue({ x: 100.5 })])).toEqual(['region_out_of_bounds result[0].value']);
    expect(problems(config, [withValue({ width: -1 })])).toEqual(['invalid_value result[0].value.width']);
    expect(problems(config, [withValue({ y: null })])).toEqual(['invalid_value result[0].value.y']);
  });

  it('takes labels of the config', () => {
    expect(problems(config, [withValue({ keypointlabels: ['Ear'] })])).toEqual(['unknown_label result[0].value.keypointlabels']);
  });
});
