import { describe, expect, it } from 'vitest';
import { configProblems, controlRoundTrip, el, problems } from '../../test-helpers.js';
import { pairwiseControl } from './index.js';

const objects = [
  { type: 'text', name: 'prompt', value: 'prompt' },
  { type: 'text', name: 'a', value: 'a' },
  { type: 'text', name: 'b', value: 'b' },
];
const config = { objects, controls: [{ type: 'pairwise', name: 'pw', toName: ['a', 'b'] }] };
// Written by Label Studio 1.4.0's editor after clicking the left text: to_name is the control's own name.
const chosen = { id: 'OBAW6CGeWu', from_name: 'pw', to_name: 'pw', type: 'pairwise', value: { selected: 'left' }, origin: 'manual' };

describe('pairwise XML', () => {
  it('reads toName="a,b" as the left and right objects and writes it back', () => {
    const { native, xml, again } = controlRoundTrip(pairwiseControl, el('Pairwise', { name: 'pw', toName: 'a,b', leftClass: 'left', rightClass: 'right' }));
    expect(native).toEqual({ type: 'pairwise', name: 'pw', toName: ['a', 'b'], required: true });
    expect(xml.attributes).toEqual({ name: 'pw', toName: 'a,b' });
    expect(again).toEqual(native);
  });

  it('needs two different objects that exist', () => {
    expect(pairwiseControl.schema.safeParse(pairwiseControl.fromXml(el('Pairwise', { name: 'pw', toName: 'a' }), undefined)).success).toBe(false);
    expect(configProblems({ objects, controls: [{ type: 'pairwise', name: 'pw', toName: ['a', 'a'] }] })).toEqual(['controls.0.toName: compares "a" with itself; name two objects']);
    expect(configProblems({ objects, controls: [{ type: 'pairwise', name: 'pw', toName: ['a', 'c'] }] })).toEqual(['controls.0.toName.1: no object named "c"']);
  });
});

describe('pairwise validation', () => {
  it('takes left or right, with the control as to_name as Label Studio writes it', () => {
    expect(problems(config, [chosen])).toEqual([]);
    expect(problems(config, [{ ...chosen, value: { selected: 'right' } }])).toEqual([]);
    expect(problems(config, [{ ...chosen, value: { selected: 'none' } }])).toEqual(['invalid_value result[0].value.selected']);
    expect(problems(config, [{ ...chosen, to_name: 'a' }])).toEqual(['wrong_object result[0].to_name']);
    expect(problems(config, [])).toEqual(['missing_required result']);
  });
});
