import { describe, expect, it } from 'vitest';
import { controlRoundTrip, el, problems } from '../../test-helpers.js';
import { polygonsControl } from './index.js';

const config = {
  objects: [{ type: 'image', name: 'img', value: 'image' }],
  controls: [{ type: 'polygons', name: 'seg', toName: 'img', labels: [{ value: 'Road' }, { value: 'Car' }] }],
};
// Label Studio's documented polygon item: vertices as [x, y] pairs in percent.
const polygon = {
  id: 'p1',
  from_name: 'seg',
  to_name: 'img',
  type: 'polygonlabels',
  original_width: 800,
  original_height: 600,
  image_rotation: 0,
  value: { points: [[10, 10], [40.5, 12], [30, 60.25]], polygonlabels: ['Road'] },
};
const withValue = (value: Record<string, unknown>) => ({ ...polygon, value: { ...polygon.value, ...value } });

describe('polygons XML', () => {
  it('reads PolygonLabels with its point attributes and writes it back unchanged', () => {
    const element = el('PolygonLabels', { name: 'seg', toName: 'img', strokeWidth: '3', pointSize: 'small', pointStyle: 'circle', opacity: '0.6', choice: 'multiple' }, [
      el('Label', { value: 'Road', background: '#00f' }),
    ]);
    const { native, xml, again } = controlRoundTrip(polygonsControl, element);
    expect(native).toEqual({
      type: 'polygons',
      name: 'seg',
      toName: 'img',
      labels: [{ value: 'Road', background: '#00f' }],
      multiple: true,
      required: false,
      strokeWidth: 3,
      pointSize: 'small',
      pointStyle: 'circle',
      opacity: 0.6,
    });
    expect(xml.attributes).toEqual({ name: 'seg', toName: 'img', choice: 'multiple', strokeWidth: '3', pointSize: 'small', pointStyle: 'circle', opacity: '0.6' });
    expect(again).toEqual(native);
  });

  it('refuses a point style Label Studio does not draw', () => {
    expect(() => polygonsControl.schema.parse(polygonsControl.fromXml(el('Polygon', { name: 'p', toName: 'img', pointStyle: 'star' }), undefined))).toThrow();
  });
});

describe('polygons validation', () => {
  it('accepts a polygon in Label Studio shape, with or without closed', () => {
    expect(problems(config, [polygon])).toEqual([]);
    expect(problems(config, [withValue({ closed: true })])).toEqual([]);
  });

  it('needs at least 3 points, each a pair of numbers inside the image', () => {
    expect(problems(config, [withValue({ points: [[10, 10], [20, 20]] })])).toEqual(['too_few_points result[0].value.points']);
    expect(problems(config, [withValue({ points: [[10, 10], [20], [30, 30]] })])).toEqual(['invalid_value result[0].value.points[1]']);
    expect(problems(config, [withValue({ points: [[10, 10], [101, 20], [30, 30]] })])).toEqual(['region_out_of_bounds result[0].value.points']);
    expect(problems(config, [withValue({ points: 'M 0 0' })])).toEqual(['invalid_value result[0].value.points']);
  });

  it('takes labels of the config', () => {
    expect(problems(config, [withValue({ polygonlabels: ['Tree'] })])).toEqual(['unknown_label result[0].value.polygonlabels']);
  });
});
