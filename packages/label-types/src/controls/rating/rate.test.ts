import { describe, expect, it } from 'vitest';
import { problems } from '../../test-helpers.js';
import { CLEAR_RATING, RAISE_RATING, rate, ratingKeys, ratingOf } from './rate.js';
import { ratingControlSchema } from './schema.js';

const objects = [{ type: 'text', name: 'answer', value: 'answer' }];
const rating = ratingControlSchema.parse({ type: 'rating', name: 'quality', toName: 'answer', maxRating: 4, hotkey: 'r' });
let n = 0;
const newId = () => `r${++n}`;

describe('rating', () => {
  it('sets the stars pressed, as Label Studio writes them, and the server check takes it', () => {
    const items = rate(rating, [], '3', newId);
    expect(items).toEqual([{ id: 'r1', from_name: 'quality', to_name: 'answer', type: 'rating', value: { rating: 3 } }]);
    expect(problems({ objects, controls: [rating] }, items)).toEqual([]);
    expect(ratingOf(rate(rating, items, '1', newId))).toBe(1);
  });

  it('ignores stars above maxRating, clears, and raises by one back to none after the last', () => {
    const three = rate(rating, [], '3', newId);
    expect(rate(rating, three, '5', newId)).toEqual(three);
    expect(rate(rating, three, CLEAR_RATING, newId)).toEqual([]);
    const four = rate(rating, three, RAISE_RATING, newId);
    expect(ratingOf(four)).toBe(4);
    expect(rate(rating, four, RAISE_RATING, newId)).toEqual([]);
    expect(ratingOf(rate(rating, [], RAISE_RATING, newId))).toBe(1);
  });

  it('binds 1 to maxRating and 0 while active, its hotkey from anywhere', () => {
    const keys = ratingKeys(rating);
    expect(keys.filter((k) => k.scope === 'active').map((k) => k.key)).toEqual(['1', '2', '3', '4', '0']);
    expect(keys.find((k) => k.scope === 'always')).toMatchObject({ key: 'r', target: RAISE_RATING });
    const ten = ratingControlSchema.parse({ type: 'rating', name: 'q', toName: 'answer', maxRating: 10 });
    expect(ratingKeys(ten).map((k) => k.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
  });
});
