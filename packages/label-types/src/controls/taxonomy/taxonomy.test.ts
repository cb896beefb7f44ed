import { describe, expect, it } from 'vitest';
import { configProblems, controlRoundTrip, el, problems } from '../../test-helpers.js';
import { taxonomyControl } from './index.js';

const objects = [{ type: 'text', name: 'text', value: 'text' }];
const tree = [{ value: 'Online', children: [{ value: 'UGC' }, { value: 'Paywall', children: [{ value: 'NY Times' }] }] }, { value: 'Offline' }];
const config = { objects, controls: [{ type: 'taxonomy', name: 'media', toName: 'text', choices: tree }] };
// Written by Label Studio 1.4.0's editor after ticking a nested choice.
const picked = { id: 'RqHs1px5-9', from_name: 'media', to_name: 'text', type: 'taxonomy', value: { taxonomy: [['Online', 'UGC']] }, origin: 'manual' };
const paths = (...p: string[][]) => ({ ...picked, value: { taxonomy: p } });

describe('taxonomy XML', () => {
  it("reads Label Studio's Taxonomy example (nested Choice) and writes it back unchanged", () => {
    const element = el('Taxonomy', { name: 'media', toName: 'text', leafsOnly: 'true', maxUsages: '2' }, [
      el('Choice', { value: 'Online' }, [el('Choice', { value: 'UGC' }), el('Choice', { value: 'Paywall' }, [el('Choice', { value: 'New York Times', alias: 'NY Times' })])]),
      el('Choice', { value: 'Offline' }),
    ]);
    const { native, again } = controlRoundTrip(taxonomyControl, element);
    expect(native).toEqual({ type: 'taxonomy', name: 'media', toName: 'text', choices: tree, leafsOnly: true, maxUsages: 2, required: false });
    expect(again).toEqual(native);
  });

  it('refuses a tree loaded from a server, and repeated values at one level', () => {
    expect(() => taxonomyControl.fromXml(el('Taxonomy', { name: 't', toName: 'x', apiUrl: 'https://example.com/tree' }), undefined)).toThrow(/apiUrl/);
    const twice = { objects, controls: [{ type: 'taxonomy', name: 'm', toName: 'text', choices: [{ value: 'A', children: [{ value: 'x' }, { value: 'x' }] }] }] };
    expect(configProblems(twice)).toEqual(['controls.0.choices.0.children.1.value: duplicate choice "x" at one level']);
  });
});

describe('taxonomy validation', () => {
  it('takes real paths of the tree', () => {
    expect(problems(config, [picked])).toEqual([]);
    expect(problems(config, [paths(['Online', 'Paywall', 'NY Times'], ['Offline'])])).toEqual([]);
    expect(problems(config, [paths(['Online', 'NY Times'])])).toEqual(['unknown_path result[0].value.taxonomy[0]']);
    expect(problems(config, [paths(['UGC'])])).toEqual(['unknown_path result[0].value.taxonomy[0]']);
    expect(problems(config, [paths(['Offline'], ['Offline'])])).toEqual(['duplicate_choice result[0].value.taxonomy[1]']);
    expect(problems(config, [{ ...picked, value: { taxonomy: ['Online'] } }])).toEqual(['invalid_value result[0].value.taxonomy', 'missing_required result']);
  });

  it('takes leaves only when leafsOnly, and at most maxUsages paths', () => {
    const strict = { objects, controls: [{ type: 'taxonomy', name: 'media', toName: 'text', choices: tree, leafsOnly: true, maxUsages: 1 }] };
    expect(problems(strict, [paths(['Online'])])).toEqual(['not_a_leaf result[0].value.taxonomy[0]']);
    expect(problems(strict, [paths(['Offline'], ['Online', 'UGC'])])).toEqual(['too_many_paths result[0].value.taxonomy']);
  });

  it('counts an empty list as no answer', () => {
    expect(problems(config, [paths()])).toEqual(['missing_required result']);
  });
});
