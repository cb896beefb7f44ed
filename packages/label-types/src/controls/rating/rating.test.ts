import { describe, expect, it } from 'vitest';
import { controlRoundTrip, el, problems } from '../../test-helpers.js';
import { ratingControl } from './index.js';

const config = { objects: [{ type: 'text', name: 'answer', value: 'answer' }], controls: [{ type: 'rating', name: 'quality', toName: 'answer', maxRating: 5 }] };
// Written by Label Studio 1.4.0's editor after clicking the third star.
const rated = { id: 'zfIIs-5Mbr', from_name: 'quality', to_name: 'answer', type: 'rating', value: { rating: 3 }, origin: 'manual' };

describe('rating XML', () => {
  it('reads a Label Studio Rating (icon and size are looks) and writes it back', () => {
    const { native, again } = controlRoundTrip(ratingControl, el('Rating', { name: 'quality', toName: 'answer', maxRating: '10', icon: 'star', size: 'medium' }));
    expect(native).toEqual({ type: 'rating', name: 'quality', toName: 'answer', maxRating: 10, required: false });
    expect(again).toEqual(native);
    expect(ratingControl.schema.parse(ratingControl.fromXml(el('Rating', { name: 'r', toName: 'a' }), undefined)).maxRating).toBe(5);
  });
});

describe('rating validation', () => {
  it('takes a whole number from 1 to maxRating', () => {
    expect(problems(config, [rated])).toEqual([]);
    expect(problems(config, [{ ...rated, value: { rating: 6 } }])).toEqual(['out_of_range result[0].value.rating']);
    expect(problems(config, [{ ...rated, value: { rating: 0 } }])).toEqual(['out_of_range result[0].value.rating']);
    expect(problems(config, [{ ...rated, value: { rating: 2.5 } }])).toEqual(['invalid_value result[0].value.rating']);
    expect(problems(config, [{ ...rated, value: { rating: '3' } }])).toEqual(['invalid_value result[0].value.rating']);
  });

  it('is answered once, and when required', () => {
    expect(problems(config, [rated, rated])).toEqual(['duplicate_control result[1]']);
    expect(problems(config, [])).toEqual(['missing_required result']);
  });
});
