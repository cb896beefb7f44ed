import { describe, expect, it } from 'vitest';
import { configProblems, controlRoundTrip, el, problems } from '../../test-helpers.js';
import { choicesControl } from './index.js';
import { choicesControlSchema } from './schema.js';

const text = { type: 'text', name: 'text', value: 'text' };
const spans = { type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }] };
const kind = { type: 'choices', name: 'kind', toName: 'text', perRegion: true, required: false, choices: [{ value: 'famous' }, { value: 'obscure' }] };
const data = { text: '张三在😀腾讯工作' };
// Written by Label Studio 1.4.0's editor in Chromium: a span and a per-region choice share the region's id and value.
const span = { id: 'dCWXoiVYWm', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '腾讯', labels: ['PER'] }, origin: 'manual' };
const perRegion = { id: 'dCWXoiVYWm', from_name: 'kind', to_name: 'text', type: 'choices', value: { start: 4, end: 6, text: '腾讯', choices: ['famous'] }, origin: 'manual' };

describe('choices schema', () => {
  it('fills the native defaults (single, required) and refuses repeated choices and hotkeys', () => {
    expect(choicesControlSchema.parse({ type: 'choices', name: 'c', toName: 't', choices: [{ value: 'a' }] })).toMatchObject({ multiple: false, required: true });
    const r = choicesControlSchema.safeParse({ type: 'choices', name: 'c', toName: 't', choices: [{ value: 'a', hotkey: '1' }, { value: 'a', hotkey: '1' }] });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['choices.1.value', 'choices.1.hotkey']);
  });
});

describe('choices XML', () => {
  it('reads a Label Studio Choices with aliases, hotkeys, hints and perRegion, and writes it back unchanged', () => {
    const element = el('Choices', { name: 'kind', toName: 'text', choice: 'multiple', perRegion: 'true', required: 'true' }, [
      el('Choice', { value: 'Famous', alias: 'famous', hotkey: 'f' }),
      el('Choice', { value: 'obscure', hint: 'nobody knows them' }),
    ]);
    const { native, again } = controlRoundTrip(choicesControl, element, 'What kind?');
    expect(native).toEqual({
      type: 'choices',
      name: 'kind',
      toName: 'text',
      label: 'What kind?',
      multiple: true,
      required: true,
      perRegion: true,
      choices: [{ value: 'famous', hotkey: 'f' }, { value: 'obscure', hint: 'nobody knows them' }],
    });
    expect(again).toEqual(native);
  });

  it('refuses an unknown choice mode and nested choices', () => {
    expect(() => choicesControl.fromXml(el('Choices', { name: 'c', toName: 't', choice: 'some' }), undefined)).toThrow(/choice="some" must be single, single-radio or multiple/);
    expect(() => choicesControl.fromXml(el('Choices', { name: 'c', toName: 't' }, [el('Choice', { value: 'a' }, [el('Choice', { value: 'b' })])]), undefined)).toThrow(/nested <Choice>/);
  });
});

describe('per-region choices', () => {
  const config = { objects: [text], controls: [spans, kind] };

  it('accepts the answer about a region as Label Studio writes it', () => {
    expect(problems(config, [span, perRegion], data)).toEqual([]);
  });

  it('needs the id of a region of this answer', () => {
    expect(problems(config, [span, { ...perRegion, id: 'other' }], data)).toEqual(['unknown_region result[1].id']);
    expect(problems(config, [{ ...perRegion }], data)).toEqual(['unknown_region result[0].id']);
  });

  it('takes one answer per region, and a required one needs an answer for every region', () => {
    expect(problems(config, [span, perRegion, perRegion], data)).toEqual(['duplicate_control result[2]']);
    const required = { objects: [text], controls: [spans, { ...kind, required: true }] };
    expect(problems(required, [span], data)).toEqual(['missing_required result']);
    expect(problems(required, [span, perRegion], data)).toEqual([]);
  });

  it('needs a control that makes regions on its object', () => {
    expect(configProblems({ objects: [text], controls: [kind] })).toEqual(['controls.0.perRegion: no control makes regions (such as labels) on "text"']);
  });
});
