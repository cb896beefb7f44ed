import { labelConfigSchema } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { validateResult } from './validate-result.js';

const config = labelConfigSchema.parse({
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    { type: 'choices', name: 'sentiment', toName: 'text', choices: [{ value: 'pos' }, { value: 'neg' }] },
    { type: 'choices', name: 'topics', toName: 'text', multiple: true, required: false, choices: [{ value: 'a' }, { value: 'b' }] },
  ],
});

const item = (from_name: string, choices: unknown, extra: Record<string, unknown> = {}) => ({
  id: 'x1',
  from_name,
  to_name: 'text',
  type: 'choices',
  value: { choices },
  ...extra,
});

function codeOf(input: unknown): string {
  try {
    validateResult(config, input, { text: 'Great service' });
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

describe('result validation', () => {
  it('accepts answers and keeps unknown keys of Label Studio items', () => {
    const out = validateResult(config, [item('sentiment', ['pos'], { origin: 'manual', score: 0.5 }), item('topics', ['a', 'b'])], {});
    expect(out[0]).toEqual(item('sentiment', ['pos'], { origin: 'manual', score: 0.5 }));
  });

  it('names the control in every refusal', () => {
    expect(codeOf([item('sentiment', ['maybe'])])).toBe('unknown_choice: result[0].value.choices: "maybe" is not a choice of control "sentiment"');
    expect(codeOf([item('topics', ['a'])])).toBe('missing_required: result: required control "sentiment" has no answer');
    expect(codeOf([item('mood', ['pos'])])).toMatch(/^unknown_control: .*"mood"/);
    expect(codeOf([item('sentiment', ['pos', 'neg'])])).toMatch(/^too_many_choices: .*"sentiment"/);
    expect(codeOf([item('sentiment', 'pos')])).toMatch(/^invalid_value: result\[0\]\.value\.choices/);
    expect(codeOf([{ ...item('sentiment', ['pos']), to_name: 'image' }])).toMatch(/^wrong_object: /);
    expect(codeOf([item('sentiment', ['pos']), item('sentiment', ['neg'])])).toMatch(/^duplicate_control: /);
    expect(codeOf([{ from_name: 'sentiment' }])).toMatch(/^invalid_result: result\[0\]\.to_name/);
    expect(codeOf('nope')).toMatch(/^invalid_result: /);
  });

  it('lets an optional control stay empty', () => {
    expect(codeOf([item('sentiment', ['neg']), item('topics', [])])).toBe('ok');
  });
});

describe('result validation against the task', () => {
  const ner = labelConfigSchema.parse({
    objects: [{ type: 'text', name: 'text', value: 'text' }],
    controls: [
      { type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }, { value: 'ORG' }] },
      { type: 'relations', labels: [{ value: 'works_for' }] },
    ],
  });
  const data = { text: '张三在腾讯工作' };
  const span = (id: string, start: number, end: number, text: string, label = 'PER') => ({
    id,
    from_name: 'ner',
    to_name: 'text',
    type: 'labels',
    value: { start, end, text, labels: [label] },
  });

  it('checks spans against the task text and names the item, listing the other problems', () => {
    expect(validateResult(ner, [span('a', 0, 2, '张三'), span('b', 3, 5, '腾讯', 'ORG')], data)).toHaveLength(2);
    try {
      validateResult(ner, [span('a', 0, 2, '张三'), span('b', 3, 9, '腾讯工作'), { from_id: 'a', to_id: 'x', type: 'relation', direction: 'right' }], data);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const error = e as DomainError;
      expect(error.code).toBe('span_out_of_range');
      expect(error.message).toBe('result[1].value.end: the span 3-9 goes past the end of the text of "text" (7 characters)');
      expect(error.details).toMatchObject({ field: 'result[1].value.end', control: 'ner', issues: [{ path: 'result[2].to_id', code: 'unknown_region' }] });
    }
  });
});
