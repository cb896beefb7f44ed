import { describe, expect, it } from 'vitest';
import { configProblems, controlRoundTrip, el, issuesOf, problems } from '../../test-helpers.js';
import { labelsControl } from './index.js';

const config = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [{ type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }, { value: 'ORG' }] }],
};
const data = { text: '张三在😀腾讯工作' };
// Written by Label Studio 1.4.0's editor in Chromium after selecting 腾讯: offsets count code points (the emoji is one).
const span = { id: 'Xb_jgY18qB', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '腾讯', labels: ['ORG'] }, origin: 'manual' };
const withValue = (value: Record<string, unknown>) => ({ ...span, value: { ...span.value, ...value } });

describe('labels XML', () => {
  it('reads a Label Studio NER config (Labels with aliases, hotkeys and colours) and writes it back unchanged', () => {
    const element = el('Labels', { name: 'ner', toName: 'text', choice: 'multiple' }, [
      el('Label', { value: 'Person', alias: 'PER', hotkey: 'p', background: 'red' }),
      el('Label', { value: 'ORG', background: '#00ff00', hint: 'companies, agencies' }),
    ]);
    const { native, xml, again } = controlRoundTrip(labelsControl, element);
    expect(native).toEqual({
      type: 'labels',
      name: 'ner',
      toName: 'text',
      multiple: true,
      required: false,
      labels: [{ value: 'PER', hotkey: 'p', background: 'red' }, { value: 'ORG', background: '#00ff00', hint: 'companies, agencies' }],
    });
    expect(xml.attributes).toEqual({ name: 'ner', toName: 'text', choice: 'multiple' });
    expect(again).toEqual(native);
  });
});

describe('labels validation', () => {
  it('accepts a span as Label Studio writes it', () => {
    expect(problems(config, [span], data)).toEqual([]);
  });

  it('keeps the span inside its text', () => {
    expect(problems(config, [withValue({ end: 10, text: '腾讯工作' })], data)).toEqual(['span_out_of_range result[0].value.end']);
    expect(problems(config, [withValue({ start: 6, end: 6 })], data)).toEqual(['span_out_of_range result[0].value.end']);
    expect(problems(config, [withValue({ start: -1 })], data)).toEqual(['invalid_value result[0].value.start']);
    expect(problems(config, [withValue({ end: 5.5 })], data)).toEqual(['invalid_value result[0].value.end']);
  });

  it('needs the text to be that slice of the task data (code points, not UTF-16 units)', () => {
    const [issue] = issuesOf(config, [withValue({ start: 5, end: 7 })], data);
    expect(issue).toMatchObject({ code: 'span_text_mismatch', path: 'result[0].value.text', details: { text: '讯工' } });
    expect(issue?.message).toBe('"腾讯" is not the text at 5-7, which is "讯工"');
    expect(problems(config, [withValue({ text: undefined })], data)).toEqual(['invalid_value result[0].value.text']);
  });

  it('takes labels of the control, one per span unless multiple', () => {
    expect(problems(config, [withValue({ labels: ['LOC'] })], data)).toEqual(['unknown_label result[0].value.labels']);
    expect(problems(config, [withValue({ labels: ['PER', 'ORG'] })], data)).toEqual(['too_many_labels result[0].value.labels']);
    expect(problems(config, [withValue({ labels: [] })], data)).toEqual(['invalid_value result[0].value.labels']);
  });

  it('needs a text in the task data and region ids that are there and unique', () => {
    expect(problems(config, [span], { text: 42 })).toEqual(['bad_task_data result[0].to_name']);
    expect(problems(config, [{ ...span, id: undefined }], data)).toEqual(['missing_id result[0].id']);
    expect(problems(config, [span, withValue({ start: 0, end: 2, text: '张三' })], data)).toEqual(['duplicate_id result[1].id']);
  });

  it('applies to text objects only', () => {
    const image = { objects: [{ type: 'image', name: 'text', value: 'url' }], controls: config.controls };
    expect(configProblems(image)).toEqual(['controls.0.toName: a labels control applies to text objects; "text" is image']);
  });
});
