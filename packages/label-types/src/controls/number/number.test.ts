import { describe, expect, it } from 'vitest';
import { configProblems, controlRoundTrip, el, problems } from '../../test-helpers.js';
import { numberControl } from './index.js';

const objects = [{ type: 'text', name: 't', value: 't' }];
const config = { objects, controls: [{ type: 'number', name: 'n', toName: 't', min: 0, max: 10, step: 0.5 }] };
// Written by Label Studio 1.4.0's editor after typing 7.
const typed = { id: 'wqwgAJK-iF', from_name: 'n', to_name: 't', type: 'number', value: { number: 7 }, origin: 'manual' };

describe('number XML', () => {
  it('reads a Label Studio Number and writes it back unchanged', () => {
    const { native, again } = controlRoundTrip(numberControl, el('Number', { name: 'n', toName: 't', min: '0', max: '10', step: '0.5', required: 'true' }));
    expect(native).toEqual({ type: 'number', name: 'n', toName: 't', min: 0, max: 10, step: 0.5, required: true });
    expect(again).toEqual(native);
  });

  it('refuses a maximum below the minimum', () => {
    expect(configProblems({ objects, controls: [{ type: 'number', name: 'n', toName: 't', min: 5, max: 1 }] })).toEqual(['controls.0.max: max (1) is below min (5)']);
  });
});

describe('number validation', () => {
  it('takes a finite number within min and max, on the steps from min', () => {
    expect(problems(config, [typed])).toEqual([]);
    expect(problems(config, [{ ...typed, value: { number: 9.5 } }])).toEqual([]);
    expect(problems(config, [{ ...typed, value: { number: 11 } }])).toEqual(['out_of_range result[0].value.number']);
    expect(problems(config, [{ ...typed, value: { number: 0.3 } }])).toEqual(['off_step result[0].value.number']);
    expect(problems(config, [{ ...typed, value: { number: '7' } }])).toEqual(['invalid_value result[0].value.number']);
  });

  it('accepts decimal steps despite binary rounding', () => {
    const tenths = { objects, controls: [{ type: 'number', name: 'n', toName: 't', min: 0.1, step: 0.1 }] };
    expect(problems(tenths, [{ ...typed, value: { number: 0.7 } }])).toEqual([]);
  });
});
