import { describe, expect, it } from 'vitest';
import { problems } from '../../test-helpers.js';
import { pairwiseKeys, pickedSide, pickSide } from './pick-side.js';
import { pairwiseControlSchema } from './schema.js';
import { sideContent } from './sides.js';

const objects = [
  { type: 'text', name: 'a', value: 'answer_a' },
  { type: 'hypertext', name: 'b', value: 'answer_b' },
];
const pw = pairwiseControlSchema.parse({ type: 'pairwise', name: 'pw', toName: ['a', 'b'] });
const newId = () => 'p1';

describe('pairwise', () => {
  it('writes the pick as Label Studio 1.4.0 did (to_name is the control), and the server check takes it', () => {
    const items = pickSide(pw, [], 'left', newId);
    expect(items).toEqual([{ id: 'p1', from_name: 'pw', to_name: 'pw', type: 'pairwise', value: { selected: 'left' } }]);
    expect(problems({ objects, controls: [pw] }, items)).toEqual([]);
    expect(pickedSide(pickSide(pw, items, 'right', newId))).toBe('right');
  });

  it('takes the pick back when the picked side is pressed again, and ignores other targets', () => {
    const left = pickSide(pw, [], 'left', newId);
    expect(pickSide(pw, left, 'left', newId)).toEqual([]);
    expect(pickSide(pw, left, 'none', newId)).toEqual(left);
  });

  it('binds 1 and 2, keys the workspace leaves to the active control', () => {
    expect(pairwiseKeys(pw).map((k) => [k.key, k.target, k.scope])).toEqual([
      ['1', 'left', 'active'],
      ['2', 'right', 'active'],
    ]);
  });

  it("shows each side's data as text; HTML goes through the given parser, never into markup", () => {
    const data = { answer_a: '<b>not bold</b>', answer_b: '<p>para</p>' };
    expect(sideContent('a', objects, data, () => 'parsed')).toEqual({ name: 'a', title: null, text: '<b>not bold</b>' });
    expect(sideContent('b', objects, data, (html) => html.replace(/<[^>]+>/g, ''))).toEqual({ name: 'b', title: null, text: 'para' });
    expect(sideContent('missing', objects, data, () => '')).toEqual({ name: 'missing', title: null, text: '' });
  });
});
