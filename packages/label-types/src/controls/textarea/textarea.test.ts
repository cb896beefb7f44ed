import { describe, expect, it } from 'vitest';
import { controlRoundTrip, el, problems } from '../../test-helpers.js';
import { textareaControl } from './index.js';

const text = { type: 'text', name: 'text', value: 'text' };
const data = { text: '张三在😀腾讯工作' };
// Written by Label Studio 1.4.0's editor: a box answer, and a per-region one whose text array replaces the span's text.
const answer = { id: 'oxCWL3_oUH', from_name: 'note', to_name: 'text', type: 'textarea', value: { text: ['first answer'] }, origin: 'manual' };
const span = { id: 'dCWXoiVYWm', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '腾讯', labels: ['PER'] } };
const perRegion = { id: 'dCWXoiVYWm', from_name: 'note', to_name: 'text', type: 'textarea', value: { start: 4, end: 6, text: ['note on it'] } };

describe('textarea XML', () => {
  it('reads a Label Studio TextArea and writes it back unchanged', () => {
    const element = el('TextArea', { name: 'note', toName: 'text', maxSubmissions: '2', placeholder: 'Write the reply', rows: '4', required: 'true', perRegion: 'true' });
    const { native, again } = controlRoundTrip(textareaControl, element);
    expect(native).toEqual({ type: 'textarea', name: 'note', toName: 'text', required: true, perRegion: true, maxSubmissions: 2, placeholder: 'Write the reply', rows: 4 });
    expect(again).toEqual(native);
  });

  it('names an attribute that is not a number', () => {
    expect(textareaControl.schema.safeParse(textareaControl.fromXml(el('TextArea', { name: 'n', toName: 't', rows: 'four' }), undefined)).error?.issues[0]?.path).toEqual(['rows']);
  });
});

describe('textarea validation', () => {
  const config = { objects: [text], controls: [{ type: 'textarea', name: 'note', toName: 'text', maxSubmissions: 1 }] };

  it('accepts texts as Label Studio writes them', () => {
    expect(problems(config, [answer], data)).toEqual([]);
  });

  it('needs an array of strings, at most maxSubmissions of them', () => {
    expect(problems(config, [{ ...answer, value: { text: 'a reply' } }], data)).toEqual(['invalid_value result[0].value.text', 'missing_required result']);
    expect(problems(config, [{ ...answer, value: { text: ['a', 'b'] } }], data)).toEqual(['too_many_submissions result[0].value.text']);
  });

  it('counts only text that is not blank as an answer to a required control', () => {
    expect(problems(config, [{ ...answer, value: { text: ['  '] } }], data)).toEqual(['missing_required result']);
    expect(problems(config, [], data)).toEqual(['missing_required result']);
  });

  it('answers per region when perRegion', () => {
    const regional = {
      objects: [text],
      controls: [{ type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }] }, { type: 'textarea', name: 'note', toName: 'text', perRegion: true }],
    };
    expect(problems(regional, [span, perRegion], data)).toEqual([]);
    expect(problems(regional, [span], data)).toEqual(['missing_required result']);
    expect(problems(regional, [span, { ...perRegion, id: 'zzz' }], data)).toEqual(['unknown_region result[1].id', 'missing_required result']);
  });
});
