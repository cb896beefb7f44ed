import { describe, expect, it } from 'vitest';
import { configProblems, controlRoundTrip, el, problems } from '../../test-helpers.js';
import { relationsControl } from './index.js';

const config = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    { type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }, { value: 'ORG' }] },
    { type: 'relations', multiple: false, labels: [{ value: 'works_for' }, { value: 'founded' }] },
  ],
};
const data = { text: '张三在😀腾讯工作' };
// Written by Label Studio 1.4.0's editor: the spans, then the relation with no from_name, to_name or value.
const a = { id: 'WP414u2vso', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } };
const b = { id: 'Xb_jgY18qB', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '腾讯', labels: ['ORG'] } };
const relation = { from_id: 'WP414u2vso', to_id: 'Xb_jgY18qB', type: 'relation', direction: 'right', labels: ['works_for'] };

describe('relations XML', () => {
  it("reads Label Studio's Relations (no name; multiple unless choice says single) and writes it back", () => {
    const { native, xml, again } = controlRoundTrip(relationsControl, el('Relations', {}, [el('Relation', { value: 'works_for' }), el('Relation', { value: 'founded', background: 'blue' })]));
    expect(native).toEqual({ type: 'relations', name: 'relations', multiple: true, labels: [{ value: 'works_for' }, { value: 'founded', background: 'blue' }] });
    expect(xml.attributes).toEqual({ choice: 'multiple' });
    expect(again).toEqual(native);
  });
});

describe('relations validation', () => {
  it('accepts a relation between two regions of the answer, as Label Studio writes it', () => {
    expect(problems(config, [a, b, relation], data)).toEqual([]);
    expect(problems(config, [a, b, { ...relation, labels: undefined, direction: 'bi' }], data)).toEqual([]);
  });

  it('joins regions of this answer, two different ones, once', () => {
    expect(problems(config, [a, b, { ...relation, to_id: 'elsewhere' }], data)).toEqual(['unknown_region result[2].to_id']);
    expect(problems(config, [a, b, { ...relation, to_id: a.id }], data)).toEqual(['self_relation result[2].to_id']);
    expect(problems(config, [a, b, relation, relation], data)).toEqual(['duplicate_relation result[3]']);
  });

  it('carries relation labels of the config, one unless multiple', () => {
    expect(problems(config, [a, b, { ...relation, labels: ['married'] }], data)).toEqual(['unknown_label result[2].labels']);
    expect(problems(config, [a, b, { ...relation, labels: ['works_for', 'founded'] }], data)).toEqual(['too_many_labels result[2].labels']);
  });

  it('needs a Relations control, and a known direction', () => {
    const none = { objects: config.objects, controls: [config.controls[0]] };
    expect(problems(none, [a, b, relation], data)).toEqual(['unknown_control result[2]']);
    expect(() => problems(config, [a, b, { ...relation, direction: 'up' }], data)).toThrow(/direction/);
  });

  it('allows one Relations control per config', () => {
    expect(configProblems({ ...config, controls: [...config.controls, { type: 'relations', name: 'more' }] })).toEqual([
      'controls.2.type: a config has at most one "relations" control',
    ]);
  });
});
